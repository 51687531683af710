using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Flow.Facets;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS020: a socket closed (Close/Dispose, the end of a using, closesocket) while a flow this
    /// method added with it may not have been removed. Removing the flow, or closing the QOS
    /// handle (which removes every flow), before the socket closes is the documented order.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SocketClosedBeforeFlowRemovedAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.SocketClosedBeforeFlowRemoved,
            title: "Socket closed before its flow was removed",
            messageFormat: "Socket '{0}' is closed while the flow added with it by {1} may not have been removed",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "QOSRemoveSocketFromFlow names the socket by its handle value. Once the socket is closed that value may be reused by a new socket, and the flow outlives the socket it was meant for. Remove the flow first, then close the socket.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.SocketClosedBeforeFlowRemoved));

        /// <summary>
        /// Set on a diagnostic whose additional location is a removal written after the close through this package's API: the
        /// fix moves that removal before the close.
        /// </summary>
        internal const string MovesRemovalProperty = "MovesRemoval";

        private protected override DiagnosticDescriptor Descriptor => Rule;

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => SocketClosedBeforeFlowRemovedAnalyzer.Interpret(context.Walk, context.Findings);
        }

        internal static void Interpret(FlowWalk analysis, List<FlowFinding> findings)
        {
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<Obligation>> close in SourceOrder.By(analysis.Facet<SocketsFacet>().SocketCloses, p => p.Key))
            {
                Obligation? flow = SourceOrder.Earliest(close.Value, o => o.Origin);
                if (flow?.Socket is not ISymbol socket)
                {
                    continue;
                }

                // The same properties as QOS002's, so that its fix (insert the removal before the close) applies.
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[HandleClosedWithActiveFlowAnalyzer.KindProperty] = ObligationKind.Flow.ToString();
                if (flow.Value is ISymbol flowId)
                {
                    properties[HandleClosedWithActiveFlowAnalyzer.FlowIdProperty] = flowId.Name;
                }

                findings.Add(new FlowFinding(Rule.Id, close.Key.Syntax.GetLocation(), new[] { flow.Origin.Syntax.GetLocation() }, properties.ToImmutable(), socket.Name, flow.Function));
            }

            // A flow another member added, whose socket this path closes and only then removes the flow.
            SocketsFacet sockets = analysis.Facet<SocketsFacet>();
            var reported = new ReportedCalls();
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<Obligation>> close in sockets.SocketCloses)
            {
                if (!close.Value.IsEmpty)
                {
                    reported.Add(close.Key);
                }
            }

            foreach ((EarlyClose early, IInvocationOperation removal) in SourceOrder.By(analysis.Facet<SocketsFacet>().EarlyCloses, e => e.Close.Close))
            {
                if (early.Socket is null || !reported.Add(early.Close) || early.Socket is not ISymbol socket)
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[HandleClosedWithActiveFlowAnalyzer.KindProperty] = ObligationKind.Flow.ToString();
                if (early.Flow.Value is ISymbol flowId)
                {
                    properties[HandleClosedWithActiveFlowAnalyzer.FlowIdProperty] = flowId.Name;
                }

                findings.Add(new FlowFinding(Rule.Id, early.Close.Syntax.GetLocation(), new[] { early.Flow.Origin.Syntax.GetLocation(), removal.Syntax.GetLocation() }, properties.ToImmutable(), socket.Name, early.Flow.Function));
            }

            // This package's removal of a socket (QosSession.RemoveSocketFromFlow, a generated RemoveSocket) after the socket was
            // closed: the removal throws ObjectDisposedException, and the flow keeps the closed socket's handle value.
            foreach (KeyValuePair<IInvocationOperation, (ISymbol Socket, ImmutableHashSet<IOperation> Closes)> removal in SourceOrder.By(sockets.RemovalsAfterClose, p => p.Key))
            {
                if (SourceOrder.Earliest(removal.Value.Closes, c => c) is not IInvocationOperation close || !reported.Add(close))
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[MovesRemovalProperty] = "true";
                string owner = removal.Key.TargetMethod.ContainingType?.Name ?? removal.Key.TargetMethod.Name;
                findings.Add(new FlowFinding(Rule.Id, close.Syntax.GetLocation(), new[] { removal.Key.Syntax.GetLocation() }, properties.ToImmutable(), removal.Value.Socket.Name, owner));
            }
        }
    }
}
