using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>QOS004: a qWAVE DllImport/LibraryImport without <c>SetLastError = true</c>.</summary>
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

        private protected override bool JudgesImportDeclarations => true;

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer)
        {
            RegisterForImportCandidates(context, (method, options, report, cancellationToken) => Analyze(method, recognizer, options, report, cancellationToken));

            // An extern local function is an import too, and gets no symbol action.
            context.RegisterOperationAction(c => Analyze(((ILocalFunctionOperation)c.Operation).Symbol, recognizer, c.Options, c.ReportDiagnostic, c.CancellationToken), OperationKind.LocalFunction);
        }

        private static void Analyze(IMethodSymbol method, QwaveRecognizer recognizer, AnalyzerOptions options, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
        {
            if (method.PartialDefinitionPart is not null)
            {
                // The implementing part of a LibraryImport method; the definition part is analyzed.
                return;
            }

            if (!Abi.ImportDeclaration.CanBeImport(method))
            {
                return;
            }

            SyntaxReference? declaration = method.DeclaringSyntaxReferences.FirstOrDefault();
            if (declaration is null || GeneratedCode.IsGeneratedFile(declaration.SyntaxTree, options, cancellationToken))
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
            report(Diagnostic.Create(Rule, location, method.Name, binding.Function.Name));
        }
    }
}
