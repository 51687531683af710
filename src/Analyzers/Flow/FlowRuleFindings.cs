using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Analyzers.Flow.Facets;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>Turns one finished analysis into the findings of every flow rule, each rule interpreting the shared result its own way.</summary>
    internal static class FlowRuleFindings
    {
        public static MethodFlowFacts Collect(FlowWalk analysis, ISymbol owningSymbol, QwaveRecognizer recognizer, FlowEnvironment environment, ImmutableArray<IFlowRuleInterpreter> rules)
        {
            var context = new FlowRuleContext(analysis, owningSymbol, recognizer, environment);
            foreach (IFlowRuleInterpreter rule in rules)
            {
                rule.Interpret(context);
            }

            HandleObligationsFacet handles = analysis.Facet<HandleObligationsFacet>();
            return new MethodFlowFacts(
                context.Findings.ToImmutableArray(),
                context.MemberCloses.ToImmutableArray(),
                handles.MemberAdds.Select(p => new MemberAdd(p.Value, p.Key.Syntax.GetLocation())).ToImmutableArray(),
                handles.RemovesFlows,
                handles.Closes.Select(c => c.Handle).Where(TrackedSymbols.IsMember).Distinct<ISymbol>(SymbolEqualityComparer.Default).ToImmutableArray());
        }
    }
}
