using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Flow.Facets;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS015: the OVERLAPPED, Buffer or Size of an overlapped QOSSetFlow/QOSQueryFlow/QOSNotifyFlow is
    /// memory that can move or die before the operation completes: a field of a movable object
    /// passed by ref; a fixed-pinned pointer while some path leaves its fixed statement without the
    /// operation having completed, been cancelled or waited for; a stack local or stackalloc memory
    /// while some path returns without cancelling or waiting for the operation. Pointers of unknown origin (parameters,
    /// Overlapped.Pack, NativeMemory, AllocHGlobal, pinned GCHandles) are not judged.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OverlappedNotStableAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.OverlappedNotStable,
            title: "OVERLAPPED or buffer not stable until completion",
            messageFormat: "{0} '{1}' passed to the overlapped {2} {3}",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An overlapped qWAVE operation writes its OVERLAPPED, Buffer and Size when it completes. That memory must stay valid and unmoved until then: native memory, Overlapped.Pack/UnsafePack, or a pinned object that outlives the operation; never the stack of a method that returns first, nor a field of an object the GC may move.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.OverlappedNotStable));

        private static readonly ParameterRole[] s_roles = { ParameterRole.Overlapped, ParameterRole.Buffer, ParameterRole.Size };

        private protected override DiagnosticDescriptor Descriptor => Rule;

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => OverlappedNotStableAnalyzer.Interpret(context.Walk, context.Recognizer, context.Findings);
        }

        internal static void Interpret(FlowWalk analysis, QwaveRecognizer recognizer, List<FlowFinding> findings)
        {
            ImmutableHashSet<Obligation> pendingAtExit = analysis.Facet<PendingOperationsFacet>().PendingAtExit;
            bool? pinsUserData = null;
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<IOperation>> use in SourceOrder.By(analysis.Facet<HandleObligationsFacet>().UsesAfterClose, p => p.Key))
            {
                IInvocationOperation invocation = use.Key;
                if (!recognizer.TryGetCall(invocation, out QwaveCall call)
                    || !call.Function.StartsOverlappedOperation
                    || call.Argument(ParameterRole.Overlapped) is not IArgumentOperation overlapped
                    || ConstantValues.IsNullOrZero(overlapped.Value))
                {
                    continue;
                }

                analysis.Facet<PinningFacet>().PendingWhenUnpinned.TryGetValue(invocation, out ImmutableHashSet<ILocalSymbol>? unpinned);
                foreach (ParameterRole role in s_roles)
                {
                    if (call.Argument(role) is IArgumentOperation argument
                        && Instability(argument, MayBePending(pendingAtExit, invocation), unpinned) is (string what, string why)
                        && !(role != ParameterRole.Overlapped && IsFixedPointer(argument) && PinsUserData(analysis, ref pinsUserData)))
                    {
                        findings.Add(new FlowFinding(Rule.Id, argument.Syntax.GetLocation(), null, null, role.ToString(), what, call.FunctionName, why));
                        break;
                    }
                }
            }
        }

        private static bool MayBePending(ImmutableHashSet<Obligation> pendingAtExit, IInvocationOperation call)
        {
            foreach (Obligation o in pendingAtExit)
            {
                if (ReferenceEquals(o.Origin, call))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFixedPointer(IArgumentOperation argument)
        {
            IOperation value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value is ILocalReferenceOperation { Local.IsFixed: true };
        }

        /// <summary>
        /// <c>Overlapped.Pack(callback, userData)</c> and <c>AllocateNativeOverlapped(callback, state, pinData)</c> pin the
        /// buffers they are given until the operation completes, so a buffer also pinned by a fixed statement may be stable.
        /// </summary>
        private static bool PinsUserData(FlowWalk analysis, ref bool? cached)
        {
            if (cached is bool known)
            {
                return known;
            }

            bool pins = false;
            foreach (SyntaxNode node in analysis.FlowGraph.OriginalOperation.Syntax.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation
                    && member.Name.Identifier.ValueText is "Pack" or "UnsafePack" or "AllocateNativeOverlapped" or "UnsafeAllocateNativeOverlapped"
                    && invocation.ArgumentList.Arguments.Count >= 2
                    && !invocation.ArgumentList.Arguments[invocation.ArgumentList.Arguments.Count - 1].Expression.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression))
                {
                    pins = true;
                    break;
                }
            }

            cached = pins;
            return pins;
        }

        /// <summary>Why the argument's memory may not outlive the operation, or null when it is not evident.</summary>
        private static (string What, string Why)? Instability(IArgumentOperation argument, bool mayReturnFirst, ImmutableHashSet<ILocalSymbol>? unpinned)
        {
            IOperation value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            bool byReference = argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out or RefKind.In;
            IOperation? storage = value is IAddressOfOperation addressOf ? addressOf.Reference : byReference ? value : null;

            if (storage is IFieldReferenceOperation { Field.IsStatic: false, Instance: IOperation instance } field && byReference && instance.Type?.IsReferenceType == true)
            {
                return (field.Field.Name, "is a field of a movable object, which the garbage collector may move before the operation completes");
            }

            if (value is ILocalReferenceOperation { Local.IsFixed: true } pinned && unpinned is not null && unpinned.Contains(pinned.Local))
            {
                // The pin ends with the fixed statement, whatever the method does afterwards.
                return (pinned.Local.Name, "is pinned only until its fixed statement ends, and a path gets there before the operation is cancelled or waited for");
            }

            if (!mayReturnFirst)
            {
                return null;
            }

            if (storage is ILocalReferenceOperation local)
            {
                return (local.Local.Name, "lives on the stack, and a path returns before the operation is cancelled or waited for");
            }

            if (storage is IParameterReferenceOperation { Parameter: { RefKind: RefKind.None, Type.IsValueType: true } parameter })
            {
                return (parameter.Name, "is a by-value parameter, a copy on the stack that ends when the method returns, and a path returns before the operation is cancelled or waited for");
            }

            if (value is ILocalReferenceOperation { Local.Type: IPointerTypeSymbol } pointer
                && pointer.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax declarator)
            {
                if (declarator.Initializer?.Value is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax)
                {
                    return (pointer.Local.Name, "points to stackalloc memory, and a path returns before the operation is cancelled or waited for");
                }

                if (declarator.Parent?.Parent is FixedStatementSyntax)
                {
                    return (pointer.Local.Name, "is pinned only until its fixed statement ends, and a path gets there before the operation is cancelled or waited for");
                }
            }

            return null;
        }
    }
}
