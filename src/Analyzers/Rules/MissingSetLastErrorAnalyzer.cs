using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>QOS004: a qWAVE DllImport/LibraryImport without <c>SetLastError = true</c> (QW014, QW029b).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingSetLastErrorAnalyzer : QwaveDiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.MissingSetLastError,
            title: "qWAVE P/Invoke declared without SetLastError = true",
            messageFormat: "'{0}' imports {1} without SetLastError = true: the error code it reports through GetLastError is lost",
            category: RuleCategories.Interoperability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "qWAVE reports why a call failed only through the thread's last error. The runtime saves it for Marshal.GetLastPInvokeError/GetLastWin32Error only when the import sets SetLastError = true; otherwise the value read is whatever the runtime or another call left there.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.MissingSetLastError));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            context.RegisterSymbolAction(c => Analyze(c, recognizer), SymbolKind.Method);

        private static void Analyze(SymbolAnalysisContext context, QwaveRecognizer recognizer)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.PartialDefinitionPart is not null)
            {
                // The implementing part of a LibraryImport method; the definition part is analyzed.
                return;
            }

            if (!Abi.ImportDeclaration.CanBeImport(method))
            {
                return;
            }

            QwaveMethod? binding = recognizer.Recognize(method);
            if (binding is null || !binding.IsImport || binding.SetLastError != false)
            {
                return;
            }

            Location location = binding.ImportAttribute?.ApplicationSyntaxReference is SyntaxReference reference
                ? Location.Create(reference.SyntaxTree, reference.Span)
                : method.Locations[0];
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, method.Name, binding.Function.Name));
        }
    }
}
