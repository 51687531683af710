using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>QOS016: QOSNotifyFlow with a NULL OVERLAPPED: the call returns only when the condition occurs.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SynchronousNotifyFlowAnalyzer : QwaveDiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.SynchronousNotifyFlow,
            title: "QOSNotifyFlow called synchronously",
            messageFormat: "QOSNotifyFlow is called without an OVERLAPPED: it returns only when the network condition occurs, which may be never",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "QOSNotifyFlow reports its result when the condition it waits for is met (congestion, its end, or bandwidth becoming available). Called with a NULL OVERLAPPED it blocks the thread until then, possibly indefinitely, and cannot be cancelled with QOSCancel. Pass an OVERLAPPED and wait for its completion, or use QosSession's WhenCongestedAsync/WhenAvailableAsync.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.SynchronousNotifyFlow));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            RegisterOperationActionInQwaveTypes(context, recognizer, c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            if (recognizer.TryGetCall((IInvocationOperation)context.Operation, out QwaveCall call)
                && call.FunctionName == QwaveCatalog.QOSNotifyFlow
                && call.Argument(ParameterRole.Overlapped) is IArgumentOperation overlapped
                && EvidentValues.IsEvidentlyNullOrZero(overlapped.Value, call.Invocation))
            {
                SyntaxNode node = overlapped.ArgumentKind == ArgumentKind.DefaultValue ? call.Invocation.Syntax : overlapped.Syntax;
                context.ReportDiagnostic(Diagnostic.Create(Rule, node.GetLocation()));
            }
        }
    }
}
