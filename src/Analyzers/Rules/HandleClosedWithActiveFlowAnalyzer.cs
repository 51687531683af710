using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Flow.Facets;
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
    public sealed class HandleClosedWithActiveFlowAnalyzer : FlowRuleAnalyzer
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

        private protected override DiagnosticDescriptor Descriptor => Rule;

        private protected override bool JudgesTypes => true;

        // QOS002 reports in method bodies only, not in field or property initializers.
        private protected override bool ReportsIn(ISymbol owningSymbol) => owningSymbol is IMethodSymbol;

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => HandleClosedWithActiveFlowAnalyzer.Interpret(context.Walk, context.OwningSymbol, context.Findings, context.MemberCloses);
        }

        /// <summary>The shared pass's result as QOS002 sees it: what is outstanding at each close.</summary>
        internal static void Interpret(FlowWalk analysis, ISymbol owningSymbol, List<FlowFinding> findings, List<MemberClose> memberCloses)
        {
            foreach (CloseSite site in SourceOrder.By(analysis.Facet<HandleObligationsFacet>().Closes, s => s.Close))
            {
                // Closing the handle is a documented way to stop tracking: only flows and pending operations count.
                // A flow another member added counts only where this path removes it after the close (below).
                Obligation? first = SourceOrder.Earliest(site.Outstanding.Where(o => o.Kind != ObligationKind.Tracking && o.LostId is null && !o.IsInherited && !o.IsIncoming), o => o.Origin);
                if (first is not null)
                {
                    findings.Add(Create(site.Close.Syntax.GetLocation(), site.Handle, first.Kind, first.Value, first.Origin.Syntax.GetLocation(), Describe(first)));
                }
                else if (TrackedSymbols.IsMember(site.Handle) && owningSymbol is IMethodSymbol method && IsDisposeLike(method))
                {
                    memberCloses.Add(new MemberClose(site.Handle, site.Close.Syntax.GetLocation()));
                }
            }

            var reported = new ReportedCalls();
            foreach ((EarlyClose early, IInvocationOperation removal) in SourceOrder.By(analysis.Facet<HandleObligationsFacet>().EarlyCloses, e => e.Close.Close))
            {
                if (early.Socket is null && reported.Add(early.Close) && analysis.Facet<HandleObligationsFacet>().Closes.FirstOrDefault(c => ReferenceEquals(c.Close, early.Close)) is CloseSite site)
                {
                    Obligation flow = early.Flow;
                    string description = (flow.Value is ISymbol id ? "the flow '" + id.Name + "'" : "a flow") + " added on it by " + flow.Function + " in another member is removed only afterwards";
                    findings.Add(Create(early.Close.Syntax.GetLocation(), site.Handle, ObligationKind.Flow, flow.Value, flow.Origin.Syntax.GetLocation(), description, removal.Syntax.GetLocation()));
                }
            }
        }

        /// <summary>A handle member closed in Dispose/Close with nothing outstanding there, while other members add flows on it and no member removes any.</summary>
        private protected override void ReportAcrossType(SymbolAnalysisContext context, IReadOnlyCollection<(IMethodSymbol Method, MethodFlowFacts Facts)> members, QwaveRecognizer recognizer)
        {
            if (members.Any(m => m.Facts.RemovesFlows))
            {
                return;
            }

            var memberAdds = members.SelectMany(m => m.Facts.MemberAdds.Select(a => (m.Method, Add: a))).ToList();

            foreach (var (closingMethod, close) in members.SelectMany(m => m.Facts.MemberCloses.Select(c => (m.Method, c))))
            {
                MemberAdd? add = memberAdds
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
    }
}
