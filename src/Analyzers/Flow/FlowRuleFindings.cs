using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
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
                context.Findings.Count == 0 ? ImmutableArray<FlowFinding>.Empty : context.Findings.ToImmutableArray(),
                context.MemberCloses.Count == 0 ? ImmutableArray<MemberClose>.Empty : context.MemberCloses.ToImmutableArray(),
                MemberAddsOf(handles),
                handles.RemovesFlows,
                ClosedMembersOf(handles));
        }

        private static ImmutableArray<MemberAdd> MemberAddsOf(HandleObligationsFacet handles)
        {
            if (handles.MemberAdds.Count == 0)
            {
                return ImmutableArray<MemberAdd>.Empty;
            }

            ImmutableArray<MemberAdd>.Builder adds = ImmutableArray.CreateBuilder<MemberAdd>(handles.MemberAdds.Count);
            foreach (KeyValuePair<IInvocationOperation, ISymbol> add in handles.MemberAdds)
            {
                adds.Add(new MemberAdd(add.Value, add.Key.Syntax.GetLocation()));
            }

            return adds.MoveToImmutable();
        }

        /// <summary>The members of the type this graph closes as handles, each once.</summary>
        private static ImmutableArray<ISymbol> ClosedMembersOf(HandleObligationsFacet handles)
        {
            ImmutableArray<ISymbol>.Builder? members = null;
            foreach (CloseSite site in handles.Closes)
            {
                if (TrackedSymbols.IsMember(site.Handle) && (members is null || !members.Contains(site.Handle, SymbolEqualityComparer.Default)))
                {
                    (members ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(site.Handle);
                }
            }

            return members is null ? ImmutableArray<ISymbol>.Empty : members.ToImmutable();
        }
    }
}
