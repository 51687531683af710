using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS014: an overlapped QOSSetFlow/QOSQueryFlow/QOSNotifyFlow whose FALSE result is handled by a
    /// throw on a path that never compares the last error (or anything) with ERROR_IO_PENDING (QW015).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IoPendingTreatedAsFailureAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.IoPendingTreatedAsFailure,
            title: "ERROR_IO_PENDING treated as failure",
            messageFormat: "'{1}' makes {0} asynchronous, so FALSE with ERROR_IO_PENDING (997) means the operation is pending, yet this path throws without comparing the last error with 997",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "With a non-null OVERLAPPED, QOSSetFlow, QOSQueryFlow and QOSNotifyFlow return FALSE and set ERROR_IO_PENDING when the request was queued; the result arrives on completion. Treating that FALSE as a failure abandons an operation that is still running and will write its OVERLAPPED and buffers later.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.IoPendingTreatedAsFailure));

        private protected override DiagnosticDescriptor Descriptor => Rule;

        internal static void Interpret(HandleLifetimeAnalysis analysis, QwaveRecognizer recognizer, List<FlowFinding> findings)
        {
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<IOperation>> failure in analysis.FailuresThrown.OrderBy(p => p.Key.Syntax.SpanStart))
            {
                IOperation? @throw = failure.Value.OrderBy(t => t.Syntax.SpanStart).FirstOrDefault();
                if (@throw is null || !recognizer.TryGetCall(failure.Key, out QwaveCall call) || call.Argument(ParameterRole.Overlapped) is not IArgumentOperation overlapped)
                {
                    continue;
                }

                findings.Add(new FlowFinding(Rule.Id, failure.Key.Syntax.GetLocation(), new[] { @throw.Syntax.GetLocation() }, null, call.FunctionName, overlapped.Value.Syntax.ToString()));
            }
        }
    }
}
