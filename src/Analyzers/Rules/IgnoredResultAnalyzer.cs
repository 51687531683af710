using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>QOS003: the BOOL a qWAVE call returns is discarded. <c>_ = Call()</c> is a deliberate discard.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IgnoredResultAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: how the result tests for failure ("Not" for bool and BOOL, "Zero" for integers).</summary>
        internal const string FailureTestProperty = "FailureTest";

        /// <summary>Diagnostic property, present when an OVERLAPPED is passed that may be non-null: FALSE with ERROR_IO_PENDING is not a failure.</summary>
        internal const string MayCompleteLaterProperty = "MayCompleteLater";

        internal const string FailureTestNot = "Not";
        internal const string FailureTestZero = "Zero";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.BoolResultIgnored,
            title: "BOOL result of a qWAVE call is ignored",
            messageFormat: "The BOOL result of {0} is ignored: a failure goes unnoticed",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Every qWAVE function reports failure only by returning FALSE and setting the last error; QOSSetFlow failing with ERROR_NETWORK_BUSY, for example, leaves the traffic unmarked while sending still works. Check the result, or discard it explicitly with '_ =' where failure is acceptable.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.BoolResultIgnored));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            context.RegisterOperationAction(c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!recognizer.TryGetCall(invocation, out QwaveCall call) || !call.Method.ReturnsBool || !IsDiscarded(invocation))
            {
                return;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[FailureTestProperty] = invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_Int32
                || invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_UInt32
                ? FailureTestZero
                : FailureTestNot;
            // A binding without an OVERLAPPED parameter (a synchronous wrapper) never completes later.
            IArgumentOperation? overlapped = call.Function.StartsOverlappedOperation ? call.Argument(ParameterRole.Overlapped) : null;
            if (overlapped is not null && !ConstantValues.IsNullOrZero(overlapped.Value))
            {
                properties[MayCompleteLaterProperty] = "true";
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties.ToImmutable(), call.FunctionName));
        }

        /// <summary>True when the value is dropped: the call (possibly behind <c>?.</c>) is a whole expression statement.</summary>
        private static bool IsDiscarded(IInvocationOperation invocation)
        {
            IOperation current = invocation;
            while (current.Parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == current)
            {
                current = conditional;
            }

            return current.Parent is IExpressionStatementOperation;
        }
    }
}
