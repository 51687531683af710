using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS002: a QOS handle is closed while a flow added on it may not have been removed, or while an
    /// overlapped operation on it may still be pending (QW017). Within a method by data flow over the
    /// control-flow graph; across a type for a handle field closed in Dispose when the type adds flows
    /// on it elsewhere and never removes any.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HandleClosedWithActiveFlowAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the outstanding obligation's kind ("Flow" or "PendingOperation").</summary>
        internal const string KindProperty = "Kind";

        /// <summary>Diagnostic property: the local, parameter or member holding the flow id, when known.</summary>
        internal const string FlowIdProperty = "FlowId";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.HandleClosedWithActiveFlowOrPendingOperation,
            title: "QOS handle closed while a flow or an operation on it may still be active",
            messageFormat: "'{0}' is closed while {1}",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "QOSCloseHandle removes every flow added through the handle and aborts its pending operations with ERROR_OPERATION_ABORTED. The documented order is to remove flows with QOSRemoveSocketFromFlow and to cancel and drain overlapped operations before closing the handle.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.HandleClosedWithActiveFlowOrPendingOperation));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer)
        {
            INamedTypeSymbol? safeHandle = context.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeHandle");
            context.RegisterSymbolStartAction(
                start =>
                {
                    var facts = new TypeFacts();
                    start.RegisterOperationBlockAction(block => AnalyzeMethod(block, recognizer, safeHandle, facts));
                    start.RegisterSymbolEndAction(end => ReportAcrossType(end, facts));
                },
                SymbolKind.NamedType);
        }

        private static void AnalyzeMethod(OperationBlockAnalysisContext context, QwaveRecognizer recognizer, INamedTypeSymbol? safeHandle, TypeFacts facts)
        {
            if (context.OwningSymbol is not IMethodSymbol method)
            {
                return;
            }

            foreach (IOperation root in context.OperationBlocks)
            {
                if (root.Kind != OperationKind.MethodBody && root.Kind != OperationKind.ConstructorBody && root.Kind != OperationKind.Block)
                {
                    continue;
                }

                if (!MayCloseOrUseQwave(root, recognizer, safeHandle))
                {
                    continue;
                }

                ControlFlowGraph graph = context.GetControlFlowGraph(root);
                var analysis = new HandleLifetimeAnalysis(graph, recognizer, new TrackedSymbols(graph, context.OperationBlocks), safeHandle, method.ContainingType);
                analysis.Run(HandleObligations.Empty);

                foreach (CloseSite site in analysis.Closes.OrderBy(s => s.Close.Syntax.SpanStart))
                {
                    Obligation? first = site.Outstanding.OrderBy(o => o.Origin.Syntax.SpanStart).FirstOrDefault();
                    if (first is not null)
                    {
                        context.ReportDiagnostic(Create(site.Close, site.Handle, first, Describe(first)));
                    }
                    else if (TrackedSymbols.IsMember(site.Handle) && IsDisposeLike(method))
                    {
                        facts.MemberCloses.Add((method, site.Handle, site.Close));
                    }
                }

                foreach (IInvocationOperation add in analysis.MemberAdds)
                {
                    facts.MemberAdds.Add((method, add));
                }

                if (analysis.RemovesFlows)
                {
                    facts.RemovesFlows = true;
                }
            }
        }

        private static void ReportAcrossType(SymbolAnalysisContext context, TypeFacts facts)
        {
            if (facts.RemovesFlows)
            {
                return;
            }

            foreach (var (closingMethod, handle, close) in facts.MemberCloses)
            {
                IInvocationOperation? add = facts.MemberAdds
                    .Where(a => !SymbolEqualityComparer.Default.Equals(a.Method, closingMethod) && AddsOn(a.Add, handle))
                    .Select(a => a.Add)
                    .OrderBy(a => a.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(a => a.Syntax.SpanStart)
                    .FirstOrDefault();
                if (add is not null)
                {
                    var obligation = new Obligation(ObligationKind.Flow, add, Catalog.QwaveCatalog.QOSAddSocketToFlow, handle, null);
                    context.ReportDiagnostic(Create(close, handle, obligation, "the flows this type adds on it with " + Catalog.QwaveCatalog.QOSAddSocketToFlow + " are never removed"));
                }
            }
        }

        private static bool AddsOn(IInvocationOperation add, ISymbol handle)
        {
            foreach (IArgumentOperation argument in add.Arguments)
            {
                IOperation value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (value is IInvocationOperation { TargetMethod.Name: "DangerousGetHandle", Instance: IOperation instance })
                {
                    value = instance;
                }

                ISymbol? member = value switch
                {
                    IFieldReferenceOperation f => f.Field.OriginalDefinition,
                    IPropertyReferenceOperation p => p.Property.OriginalDefinition,
                    _ => null,
                };
                if (SymbolEqualityComparer.Default.Equals(member, handle))
                {
                    return true;
                }
            }

            return false;
        }

        private static Diagnostic Create(IInvocationOperation close, ISymbol handle, Obligation obligation, string description)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[KindProperty] = obligation.Kind.ToString();
            if (obligation.Kind == ObligationKind.Flow && obligation.Value is ISymbol flowId)
            {
                properties[FlowIdProperty] = flowId.Name;
            }

            return Diagnostic.Create(
                Rule,
                close.Syntax.GetLocation(),
                additionalLocations: new[] { obligation.Origin.Syntax.GetLocation() },
                properties: properties.ToImmutable(),
                handle.Name,
                description);
        }

        private static string Describe(Obligation obligation) => obligation.Kind == ObligationKind.Flow
            ? (obligation.Value is ISymbol id
                ? "the flow '" + id.Name + "' added on it by " + obligation.Function + " may not have been removed"
                : "a flow added on it by " + obligation.Function + " may not have been removed")
            : "the overlapped " + obligation.Function + " on it may still be pending";

        private static bool IsDisposeLike(IMethodSymbol method) =>
            method.Name == "Dispose" || method.Name == "DisposeAsync" || method.Name == "Close"
            || method.ExplicitInterfaceImplementations.Any(i => i.Name == "Dispose" || i.Name == "DisposeAsync");

        /// <summary>Cheap pre-check: the graph is built only for bodies that call qWAVE or release a SafeHandle.</summary>
        private static bool MayCloseOrUseQwave(IOperation root, QwaveRecognizer recognizer, INamedTypeSymbol? safeHandle)
        {
            foreach (IOperation operation in root.Descendants())
            {
                if (operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                if (recognizer.Recognize(invocation.TargetMethod) is not null)
                {
                    return true;
                }

                if ((invocation.TargetMethod.Name == "Dispose" || invocation.TargetMethod.Name == "Close") && safeHandle is not null)
                {
                    for (ITypeSymbol? t = invocation.TargetMethod.ContainingType; t is not null; t = t.BaseType)
                    {
                        if (SymbolEqualityComparer.Default.Equals(t, safeHandle))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>What the methods of one type do with handle members, gathered for the type-level check.</summary>
        private sealed class TypeFacts
        {
            public ConcurrentBag<(IMethodSymbol Method, IInvocationOperation Add)> MemberAdds { get; } = new ConcurrentBag<(IMethodSymbol, IInvocationOperation)>();

            public ConcurrentBag<(IMethodSymbol Method, ISymbol Handle, IInvocationOperation Close)> MemberCloses { get; } = new ConcurrentBag<(IMethodSymbol, ISymbol, IInvocationOperation)>();

            private int _removesFlows;

            public bool RemovesFlows
            {
                get => System.Threading.Volatile.Read(ref _removesFlows) != 0;
                set => System.Threading.Volatile.Write(ref _removesFlows, value ? 1 : 0);
            }
        }
    }
}
