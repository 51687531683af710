using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Flow.Facets;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS014: an overlapped QOSSetFlow/QOSQueryFlow/QOSNotifyFlow whose FALSE result is handled as a
    /// failure (a throw, a return of <c>false</c> or a negative constant, a <c>Win32Exception</c> created)
    /// on a path that never compares the last error (or anything) with ERROR_IO_PENDING.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IoPendingTreatedAsFailureAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.IoPendingTreatedAsFailure,
            title: "ERROR_IO_PENDING treated as failure",
            messageFormat: "'{1}' makes {0} asynchronous, so FALSE with ERROR_IO_PENDING (997) means the operation is pending, yet this path {2} without comparing the last error with 997",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "With a non-null OVERLAPPED, QOSSetFlow, QOSQueryFlow and QOSNotifyFlow return FALSE and set ERROR_IO_PENDING when the request was queued; the result arrives on completion. Treating that FALSE as a failure abandons an operation that is still running and will write its OVERLAPPED and buffers later.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.IoPendingTreatedAsFailure));

        private protected override DiagnosticDescriptor Descriptor => Rule;

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => IoPendingTreatedAsFailureAnalyzer.Interpret(context.Walk, context.Recognizer, context.Findings);
        }

        internal static void Interpret(FlowWalk analysis, QwaveRecognizer recognizer, List<FlowFinding> findings)
        {
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<IOperation>> failure in SourceOrder.By(analysis.Facet<PendingOperationsFacet>().FailuresHandled, p => p.Key))
            {
                IOperation? handling = SourceOrder.Earliest(failure.Value, t => t);
                if (handling is null
                    || !recognizer.TryGetCall(failure.Key, out QwaveCall call)
                    || call.Argument(ParameterRole.Overlapped) is not IArgumentOperation overlapped
                    || IsEvidentlyNull(analysis, recognizer, call))
                {
                    continue;
                }

                findings.Add(new FlowFinding(Rule.Id, failure.Key.Syntax.GetLocation(), new[] { handling.Syntax.GetLocation() }, null, call.FunctionName, overlapped.Value.Syntax.ToString(), Describe(handling)));
            }
        }

        /// <summary>What the failure path does: throws, returns a failure constant, or creates a Win32Exception.</summary>
        private static string Describe(IOperation handling)
        {
            SyntaxNode syntax = handling.Syntax;
            SyntaxNode? parent = syntax.Parent;
            while (parent is ParenthesizedExpressionSyntax)
            {
                parent = parent.Parent;
            }

            if (parent is ThrowStatementSyntax or ThrowExpressionSyntax)
            {
                return "throws";
            }

            if (handling is IInvocationOperation helper)
            {
                return "hands the result to '" + helper.TargetMethod.Name + "', which throws on failure";
            }

            return handling is IObjectCreationOperation creation
                ? "creates a " + creation.Type?.Name
                : "returns '" + syntax + "'";
        }

        /// <summary>The OVERLAPPED is a local whose only value is null: the call is synchronous after all.</summary>
        private static bool IsEvidentlyNull(FlowWalk analysis, QwaveRecognizer recognizer, QwaveCall call)
        {
            IArgumentOperation? overlapped = call.Argument(ParameterRole.Overlapped);
            if (EvidentValues.Unwrap(overlapped?.Value) is not ILocalReferenceOperation
                || analysis.FlowGraph.OriginalOperation.SemanticModel is not SemanticModel model
                || model.GetOperation(call.Invocation.Syntax) is not IInvocationOperation original
                || !recognizer.TryGetCall(original, out QwaveCall originalCall)
                || originalCall.Argument(ParameterRole.Overlapped) is not IArgumentOperation originalOverlapped)
            {
                return false;
            }

            return EvidentValues.IsEvidentlyNullOrZero(originalOverlapped.Value, original);
        }
    }
}
