using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS002: a QOS handle is closed while a flow added on it may not have been removed, or while an
    /// overlapped operation on it may still be pending. Within a method by data flow over the
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
            FlowPass pass = FlowPass.For(context.Compilation, FlowRules.All);
            context.RegisterSymbolStartAction(
                start =>
                {
                    if (!MayContainCall(start.Symbol, recognizer))
                    {
                        return;
                    }

                    var facts = new TypeFacts();
                    start.RegisterOperationBlockAction(block => AnalyzeMethod(block, recognizer, pass, facts));
                    start.RegisterSymbolEndAction(end => ReportAcrossType(end, facts));
                },
                SymbolKind.NamedType);
        }

        private static bool MayContainCall(ISymbol type, QwaveRecognizer recognizer)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (recognizer.MayContainCall(reference.SyntaxTree))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AnalyzeMethod(OperationBlockAnalysisContext context, QwaveRecognizer recognizer, FlowPass pass, TypeFacts facts)
        {
            if (context.OwningSymbol is not IMethodSymbol method)
            {
                return;
            }

            foreach (MethodFlowFacts methodFacts in pass.Analyze(context, recognizer))
            {
                foreach (FlowFinding finding in methodFacts.For(Rule.Id))
                {
                    context.ReportDiagnostic(finding.ToDiagnostic(Rule));
                }

                foreach (MemberClose close in methodFacts.MemberCloses)
                {
                    facts.MemberCloses.Add((method, close));
                }

                foreach (MemberAdd add in methodFacts.MemberAdds)
                {
                    facts.MemberAdds.Add((method, add));
                }

                if (methodFacts.RemovesFlows)
                {
                    facts.RemovesFlows = true;
                }
            }
        }

        /// <summary>The shared pass's result as QOS002 sees it: what is outstanding at each close.</summary>
        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => HandleClosedWithActiveFlowAnalyzer.Interpret(context.Analysis, context.OwningSymbol, context.Findings, context.MemberCloses);
        }

        internal static void Interpret(HandleLifetimeAnalysis analysis, ISymbol owningSymbol, List<FlowFinding> findings, List<MemberClose> memberCloses)
        {
            foreach (CloseSite site in analysis.Closes.OrderBy(s => s.Close.Syntax.SpanStart))
            {
                // Closing the handle is a documented way to stop tracking: only flows and pending operations count.
                // A flow another member added counts only where this path removes it after the close (below).
                Obligation? first = site.Outstanding.Where(o => o.Kind != ObligationKind.Tracking && o.LostId is null && !o.IsInherited && !o.IsIncoming).OrderBy(o => o.Origin.Syntax.SpanStart).FirstOrDefault();
                if (first is not null)
                {
                    findings.Add(Create(site.Close.Syntax.GetLocation(), site.Handle, first.Kind, first.Value, first.Origin.Syntax.GetLocation(), Describe(first)));
                }
                else if (TrackedSymbols.IsMember(site.Handle) && owningSymbol is IMethodSymbol method && IsDisposeLike(method))
                {
                    memberCloses.Add(new MemberClose(site.Handle, site.Close.Syntax.GetLocation()));
                }
            }

            var reported = new HashSet<IInvocationOperation>();
            foreach ((EarlyClose early, IInvocationOperation removal) in analysis.EarlyCloses.Where(e => e.Close.Socket is null).OrderBy(e => e.Close.Close.Syntax.SpanStart))
            {
                if (reported.Add(early.Close) && analysis.Closes.FirstOrDefault(c => ReferenceEquals(c.Close, early.Close)) is CloseSite site)
                {
                    Obligation flow = early.Flow;
                    string description = (flow.Value is ISymbol id ? "the flow '" + id.Name + "'" : "a flow") + " added on it by " + flow.Function + " in another member is removed only afterwards";
                    findings.Add(Create(early.Close.Syntax.GetLocation(), site.Handle, ObligationKind.Flow, flow.Value, flow.Origin.Syntax.GetLocation(), description, removal.Syntax.GetLocation()));
                }
            }
        }

        private static void ReportAcrossType(SymbolAnalysisContext context, TypeFacts facts)
        {
            if (facts.RemovesFlows)
            {
                return;
            }

            foreach (var (closingMethod, close) in facts.MemberCloses)
            {
                MemberAdd? add = facts.MemberAdds
                    .Where(a => !SymbolEqualityComparer.Default.Equals(a.Method, closingMethod) && SymbolEqualityComparer.Default.Equals(a.Add.Handle, close.Handle))
                    .Select(a => a.Add)
                    .OrderBy(a => a.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(a => a.Location.SourceSpan.Start)
                    .FirstOrDefault();
                if (add is not null)
                {
                    FlowFinding finding = Create(close.Location, close.Handle, ObligationKind.Flow, null, add.Location, "the flows this type adds on it with " + Catalog.QwaveCatalog.QOSAddSocketToFlow + " are never removed");
                    context.ReportDiagnostic(finding.ToDiagnostic(Rule));
                }
            }
        }

        private static FlowFinding Create(Location close, ISymbol handle, ObligationKind kind, ISymbol? value, Location origin, string description, Location? removal = null)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[KindProperty] = kind.ToString();
            if (kind == ObligationKind.Flow && value is ISymbol flowId)
            {
                properties[FlowIdProperty] = flowId.Name;
            }

            return new FlowFinding(Rule.Id, close, removal is null ? new[] { origin } : new[] { origin, removal }, properties.ToImmutable(), handle.Name, description);
        }

        private static string Describe(Obligation obligation) => obligation.Kind == ObligationKind.Flow
            ? (obligation.Value is ISymbol id
                ? "the flow '" + id.Name + "' added on it by " + obligation.Function + " may not have been removed"
                : "a flow added on it by " + obligation.Function + " may not have been removed")
            : "the overlapped " + obligation.Function + " on it may still be pending";

        private static bool IsDisposeLike(IMethodSymbol method) =>
            method.Name == "Dispose" || method.Name == "DisposeAsync" || method.Name == "Close"
            || method.ExplicitInterfaceImplementations.Any(i => i.Name == "Dispose" || i.Name == "DisposeAsync");

        /// <summary>What the methods of one type do with handle members, gathered for the type-level check.</summary>
        private sealed class TypeFacts
        {
            public ConcurrentBag<(IMethodSymbol Method, MemberAdd Add)> MemberAdds { get; } = new ConcurrentBag<(IMethodSymbol, MemberAdd)>();

            public ConcurrentBag<(IMethodSymbol Method, MemberClose Close)> MemberCloses { get; } = new ConcurrentBag<(IMethodSymbol, MemberClose)>();

            private int _removesFlows;

            public bool RemovesFlows
            {
                get => System.Threading.Volatile.Read(ref _removesFlows) != 0;
                set => System.Threading.Volatile.Write(ref _removesFlows, value ? 1 : 0);
            }
        }
    }
}
