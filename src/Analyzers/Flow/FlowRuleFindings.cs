using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>Turns one finished analysis into the findings of every flow rule, each rule interpreting the shared result its own way.</summary>
    internal static class FlowRuleFindings
    {
        public static MethodFlowFacts Collect(HandleLifetimeAnalysis analysis, ISymbol owningSymbol, QwaveRecognizer recognizer, FlowEnvironment environment)
        {
            var findings = new List<FlowFinding>();
            var memberCloses = new List<MemberClose>();
            HandleClosedWithActiveFlowAnalyzer.Interpret(analysis, owningSymbol, findings, memberCloses);
            HandleUsedAfterCloseAnalyzer.Interpret(analysis, owningSymbol, recognizer, environment, findings);
            FlowIdNotZeroAnalyzer.Interpret(analysis, recognizer, findings);
            AdaptiveFlowRequiredAnalyzer.Interpret(analysis, recognizer, findings);
            SocketClosedBeforeFlowRemovedAnalyzer.Interpret(analysis, findings);
            IoPendingTreatedAsFailureAnalyzer.Interpret(analysis, recognizer, findings);
            FlowOrTrackingNeverReleasedAnalyzer.Interpret(analysis, owningSymbol, recognizer, findings);
            OverlappedNotStableAnalyzer.Interpret(analysis, recognizer, findings);
            DestAddrMisuseAnalyzer.Interpret(analysis, recognizer, findings);

            return new MethodFlowFacts(
                findings.ToImmutableArray(),
                memberCloses.ToImmutableArray(),
                analysis.MemberAdds.Select(p => new MemberAdd(p.Value, p.Key.Syntax.GetLocation())).ToImmutableArray(),
                analysis.RemovesFlows);
        }
    }
}
