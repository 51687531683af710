using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers
{
    /// <summary>
    /// Base of the rules over qWAVE calls: skips generated code, runs concurrently, and registers the
    /// rule's actions only when the compilation can reach qWAVE at all.
    /// </summary>
    public abstract class QwaveDiagnosticAnalyzer : DiagnosticAnalyzer
    {
        // One recognizer (and reachability verdict) per compilation, shared by every rule.
        private static readonly ConditionalWeakTable<Compilation, StrongBox<QwaveRecognizer?>> s_recognizers =
            new ConditionalWeakTable<Compilation, StrongBox<QwaveRecognizer?>>();

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(JudgesImportDeclarations
                ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics
                : GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                QwaveRecognizer? recognizer = s_recognizers.GetValue(
                    start.Compilation,
                    c => new StrongBox<QwaveRecognizer?>(QwaveRecognizer.TryCreate(c, start.CancellationToken))).Value;
                if (recognizer is not null)
                {
                    InitializeForQwave(start, recognizer);
                }
            });
        }

        /// <summary>
        /// True for the rules over import declarations. They see generated code, because the compiler counts
        /// a [LibraryImport] partial as generated once the SDK's generator has implemented it, and skip
        /// generated files themselves (<see cref="GeneratedCode"/>).
        /// </summary>
        private protected virtual bool JudgesImportDeclarations => false;

        private protected abstract void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer);

        /// <summary>
        /// Calls <paramref name="analyze"/> for each method of a file declared <c>extern</c> or <c>partial</c>: every
        /// DllImport and LibraryImport declaration is one of them. One pass per file over its declarations (method
        /// bodies are not entered), instead of one callback per method of the compilation.
        /// </summary>
        private protected static void RegisterForImportCandidates(CompilationStartAnalysisContext context, System.Action<IMethodSymbol, AnalyzerOptions, System.Action<Diagnostic>, System.Threading.CancellationToken> analyze) =>
            context.RegisterSemanticModelAction(c =>
            {
                SyntaxNode root = c.SemanticModel.SyntaxTree.GetRoot(c.CancellationToken);
                foreach (SyntaxNode node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    if (node is MethodDeclarationSyntax declaration
                        && (declaration.Modifiers.Any(SyntaxKind.ExternKeyword) || declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                        && c.SemanticModel.GetDeclaredSymbol(declaration, c.CancellationToken) is IMethodSymbol method)
                    {
                        analyze(method, c.Options, c.ReportDiagnostic, c.CancellationToken);
                    }
                }
            });

        /// <summary>
        /// Registers <paramref name="register"/> for each type (and the top-level statements' program) declared in a file
        /// whose text can hold a qWAVE call or a call of the package API; actions registered there see that type's own
        /// members, not its nested types (which get their own turn). Rules whose every finding sits in such a file use
        /// it, so the driver does not call them for the code of the other files at all.
        /// </summary>
        private protected static void RegisterForTypesThatMayCallQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer, System.Action<SymbolStartAnalysisContext> register) =>
            context.RegisterSymbolStartAction(
                start =>
                {
                    if (recognizer.MayContainCall(start.Symbol))
                    {
                        register(start);
                    }
                },
                SymbolKind.NamedType);
    }
}
