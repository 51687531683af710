using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Flow.Facets;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS009 (info): a flow that some path out of the method leaves neither removed nor closed with its
    /// handle while its id dies with a local, or before the local holding its id is overwritten (the
    /// next iteration of a loop, a reset); a QOSAddSocketToFlow inside a loop that sends on
    /// the same socket (a flow per packet); tracking a method starts and, on some path, neither stops
    /// nor closes although it stops tracking elsewhere.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FlowOrTrackingNeverReleasedAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.FlowOrTrackingNeverReleased,
            title: "Flow or client tracking never released on some path",
            messageFormat: "{0}",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "A flow lives until QOSRemoveSocketFromFlow or until its handle is closed; tracking lives until QOSStopTrackingClient or the close. Nothing documents automatic removal when a socket closes. Adding a flow per send creates flows faster than anything removes them.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.FlowOrTrackingNeverReleased));

        private static readonly string[] s_sendMethods = { "Send", "SendTo", "SendAsync", "SendToAsync", "BeginSend", "BeginSendTo", "SendPacketsAsync" };

        private protected override DiagnosticDescriptor Descriptor => Rule;

        private protected override bool JudgesTypes => true;

        /// <summary>
        /// Across a type: flows its members add on a private handle member that no member of the type ever removes
        /// (QOSRemoveSocketFromFlow anywhere, directly or through a helper) and no member ever closes, while the
        /// handle is used for nothing but qWAVE calls (so no other code can release them either).
        /// </summary>
        private protected override void ReportAcrossType(SymbolAnalysisContext context, IReadOnlyCollection<(IMethodSymbol Method, MethodFlowFacts Facts)> members, QwaveRecognizer recognizer)
        {
            if (members.Any(m => m.Facts.RemovesFlows) || context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            var closed = new HashSet<ISymbol>(members.SelectMany(m => m.Facts.ClosedMembers), SymbolEqualityComparer.Default);

            // An add whose id its own method already loses is reported there once, not again for the type.
            var reportedInMethod = new HashSet<Location>(members.SelectMany(m => m.Facts.For(Rule.Id)).Select(f => f.Location));
            foreach (IGrouping<ISymbol, MemberAdd> adds in members.SelectMany(m => m.Facts.MemberAdds).GroupBy(a => a.Handle, SymbolEqualityComparer.Default))
            {
                ISymbol handle = adds.Key;
                if (closed.Contains(handle) || handle.DeclaredAccessibility != Accessibility.Private
                    || !SymbolEqualityComparer.Default.Equals(handle.ContainingType?.OriginalDefinition, type.OriginalDefinition)
                    || handle is IFieldSymbol { Type: var fieldType } && !IsRawHandle(fieldType)
                    || handle is IPropertySymbol { Type: var propertyType } && !IsRawHandle(propertyType)
                    || UsedOtherThanByQwave(handle, type, recognizer, context.Compilation, context.CancellationToken))
                {
                    continue;
                }

                foreach (MemberAdd add in adds.OrderBy(a => a.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(a => a.Location.SourceSpan.Start))
                {
                    if (reportedInMethod.Contains(add.Location))
                    {
                        continue;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(Rule, add.Location,
                        "The flows '" + type.Name + "' adds on '" + handle.Name + "' with " + QwaveCatalog.QOSAddSocketToFlow + " are never removed, and no member closes '" + handle.Name + "'"));
                }
            }
        }

        /// <summary>A raw handle value (IntPtr, nint, a HANDLE-style struct): a SafeHandle closes itself when it is finalized.</summary>
        private static bool IsRawHandle(ITypeSymbol type) => type.IsValueType;

        /// <summary>The member is read anywhere in the type other than as the QOSHandle of a qWAVE call (handed on, returned, copied, captured).</summary>
        private static bool UsedOtherThanByQwave(ISymbol handle, INamedTypeSymbol type, QwaveRecognizer recognizer, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            foreach ((_, SyntaxNode target, SemanticModel model) in MemberMentions.InType(handle.Name, type, compilation, cancellationToken))
            {
                if (model.GetOperation(target, cancellationToken) is not IOperation operation
                    || !SymbolEqualityComparer.Default.Equals((operation as IMemberReferenceOperation)?.Member.OriginalDefinition, handle))
                {
                    continue;
                }

                if (!IsQwaveHandleArgumentOrWrite(operation, recognizer))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsQwaveHandleArgumentOrWrite(IOperation reference, QwaveRecognizer recognizer)
        {
            IOperation current = reference;
            while (current.Parent is IConversionOperation or IParenthesizedOperation || current.Parent is IObjectCreationOperation { Type.IsValueType: true, Arguments.Length: 1 })
            {
                current = current.Parent is IObjectCreationOperation creation ? creation : current.Parent;
            }

            if (current.Parent is IArgumentOperation { Parent: IInvocationOperation invocation } argument
                && recognizer.TryGetCall(invocation, out QwaveCall call)
                && call.Method.CatalogParameter(argument.Parameter) is { } parameter
                && (parameter.Role == ParameterRole.QosHandle))
            {
                // QOSCreateHandle writes it; every other call only uses it.
                return true;
            }

            return current.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, current);
        }

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => FlowOrTrackingNeverReleasedAnalyzer.Interpret(context.Walk, context.OwningSymbol, context.Recognizer, context.Findings);
        }

        internal static void Interpret(FlowWalk analysis, ISymbol owningSymbol, QwaveRecognizer recognizer, List<FlowFinding> findings)
        {
            string method = owningSymbol.Name.Length > 0 && owningSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } ? owningSymbol.Name : "the lambda";
            var reported = new ReportedCalls();
            foreach (Obligation o in SourceOrder.By(analysis.Facet<HandleObligationsFacet>().OutstandingAtExit, o => o.Origin))
            {
                // A pointer declared by 'fixed' points into a field, an array element or a string: the id lives on there.
                if (o.Kind == ObligationKind.Flow && o.Value is ILocalSymbol { IsFixed: false } id && !Escapes(analysis.FlowGraph, id, recognizer) && reported.Add(o.Origin))
                {
                    findings.Add(new FlowFinding(Rule.Id, o.Origin.Syntax.GetLocation(), null, null,
                        "The flow " + o.Function + " adds with FlowId '" + id.Name + "' is neither removed nor closed with its handle on some path out of '" + method + "', and its id is lost there"));
                }
                else if (o.Kind == ObligationKind.Flow && o.LostId is ILocalSymbol { IsFixed: false } lost && !Escapes(analysis.FlowGraph, lost, recognizer) && reported.Add(o.Origin))
                {
                    findings.Add(new FlowFinding(Rule.Id, o.Origin.Syntax.GetLocation(), null, null,
                        "The flow " + o.Function + " adds with FlowId '" + lost.Name + "' is neither removed nor closed with its handle before '" + lost.Name + "' is overwritten in '" + method + "', and its id is lost there"));
                }
                else if (o.Kind == ObligationKind.Tracking && analysis.Facet<HandleObligationsFacet>().StopsTracking && reported.Add(o.Origin))
                {
                    findings.Add(new FlowFinding(Rule.Id, o.Origin.Syntax.GetLocation(), null, null,
                        "The client tracking " + o.Function + " starts" + (o.Value is ISymbol address ? " for '" + address.Name + "'" : string.Empty) + " is neither stopped with " + QwaveCatalog.QOSStopTrackingClient + " nor closed with its handle on some path out of '" + method + "'"));
                }
            }

            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<FlowIdSource>> input in SourceOrder.By(analysis.Facet<FlowIdProvenanceFacet>().FlowIdInputs, p => p.Key))
            {
                IInvocationOperation add = input.Key;
                if (!reported.Contains(add)
                    && recognizer.TryGetCall(add, out QwaveCall call)
                    && call.FunctionName == QwaveCatalog.QOSAddSocketToFlow
                    && analysis.Symbols.SocketKeyOf(call.ArgumentValue(ParameterRole.Socket)) is ISymbol socket
                    && SendingLoop(add, socket, analysis.Symbols, analysis.FlowGraph.OriginalOperation.SemanticModel) is not null)
                {
                    findings.Add(new FlowFinding(Rule.Id, add.Syntax.GetLocation(), null, null,
                        call.FunctionName + " runs inside a loop that sends on '" + socket.Name + "', adding a flow per send; add the socket to its flow once, before the loop"));
                }
            }
        }

        /// <summary>
        /// True when the flow id may leave the method's sight: returned, stored elsewhere, passed to a
        /// method that is not a qWAVE call, or used in any way other than as a qWAVE argument, an
        /// assignment target or a comparison operand.
        /// </summary>
        private static bool Escapes(ControlFlowGraph graph, ILocalSymbol local, QwaveRecognizer recognizer)
        {
            foreach (IOperation operation in GraphOperations.All(graph))
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) && !IsContained(reference, recognizer))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsContained(IOperation reference, QwaveRecognizer recognizer)
        {
            IOperation current = reference;
            IOperation? parent = reference.Parent;
            while (parent is IConversionOperation || parent is IParenthesizedOperation || parent is IAddressOfOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            return parent switch
            {
                IArgumentOperation { Parent: IInvocationOperation invocation } => recognizer.TryGetCall(invocation, out _),
                ISimpleAssignmentOperation assignment => ReferenceEquals(assignment.Target, current),
                IBinaryOperation => true,
                _ => false,
            };
        }

        /// <summary>The loop around <paramref name="add"/> that also sends on the socket it adds, when the socket is the same on every iteration.</summary>
        private static SyntaxNode? SendingLoop(IInvocationOperation add, ISymbol socket, TrackedSymbols symbols, SemanticModel? model)
        {
            // Operations of the graph are rewritten; the loop is looked up in the original tree.
            if (model is null)
            {
                return null;
            }

            for (SyntaxNode? node = add.Syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax
                    || node is Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax
                    || node is Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax)
                {
                    return null;
                }

                if (!(node is Microsoft.CodeAnalysis.CSharp.Syntax.ForStatementSyntax
                    || node is Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax
                    || node is Microsoft.CodeAnalysis.CSharp.Syntax.WhileStatementSyntax
                    || node is Microsoft.CodeAnalysis.CSharp.Syntax.DoStatementSyntax)
                    || model.GetOperation(node) is not ILoopOperation loop)
                {
                    continue;
                }

                if (DeclaredOrAssignedIn(loop, socket, symbols) || !SendsOn(loop, socket, symbols))
                {
                    continue;
                }

                return node;
            }

            return null;
        }

        /// <summary>The socket changes per iteration: it is the loop variable, declared in the loop, or assigned in it.</summary>
        private static bool DeclaredOrAssignedIn(ILoopOperation loop, ISymbol socket, TrackedSymbols symbols)
        {
            if (loop.Locals.Contains(socket, SymbolEqualityComparer.Default))
            {
                return true;
            }

            foreach (IOperation operation in loop.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, socket):
                        return true;
                    case IAssignmentOperation assignment when SymbolEqualityComparer.Default.Equals(symbols.KeyOf(assignment.Target), socket):
                        return true;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when SymbolEqualityComparer.Default.Equals(symbols.KeyOf(argument.Value), socket):
                        return true;
                }
            }

            return false;
        }

        private static bool SendsOn(ILoopOperation loop, ISymbol socket, TrackedSymbols symbols)
        {
            foreach (IOperation operation in loop.Body.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { Instance: IOperation instance } invocation
                    && s_sendMethods.Contains(invocation.TargetMethod.Name)
                    && SymbolEqualityComparer.Default.Equals(symbols.SocketKeyOf(instance), socket))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
