using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>QOS018: QOSCancel with a NULL OVERLAPPED: it names no operation to cancel.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CancelWithNullOverlappedAnalyzer : QwaveDiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.CancelWithNullOverlapped,
            title: "QOSCancel called with a NULL OVERLAPPED",
            messageFormat: "QOSCancel is called with a NULL OVERLAPPED: it cancels nothing and fails with ERROR_INVALID_PARAMETER; pass the OVERLAPPED of the pending operation",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "QOSCancel cancels the one pending operation whose OVERLAPPED it is given; it is never NULL, and there is no cancel-all form. A NULL OVERLAPPED fails with ERROR_INVALID_PARAMETER and the pending operations keep running. Pass the same OVERLAPPED (the same address) that the QOSSetFlow, QOSQueryFlow or QOSNotifyFlow call received.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.CancelWithNullOverlapped));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            RegisterOperationActionInQwaveTypes(context, recognizer, c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            if (recognizer.TryGetCall((IInvocationOperation)context.Operation, out QwaveCall call)
                && call.FunctionName == QwaveCatalog.QOSCancel
                && call.Argument(ParameterRole.Overlapped) is IArgumentOperation overlapped
                && EvidentValues.IsEvidentlyNullOrZero(overlapped.Value, call.Invocation))
            {
                SyntaxNode node = overlapped.ArgumentKind == ArgumentKind.DefaultValue ? call.Invocation.Syntax : overlapped.Syntax;
                context.ReportDiagnostic(Diagnostic.Create(Rule, node.GetLocation()));
            }
        }
    }
}
