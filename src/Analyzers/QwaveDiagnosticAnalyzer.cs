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
        /// Registers <paramref name="action"/> for operations of <paramref name="kinds"/> in the code of types (and the
        /// top-level statements' program) declared in a file whose text can hold a qWAVE call or a call of the package
        /// API. Rules whose every finding sits in such a file use it; elsewhere the callback returns after one lookup.
        /// </summary>
        /// <remarks>
        /// An action registered on the compilation, not per type: a symbol-start action per type makes the driver
        /// keep bookkeeping for every type of the compilation for each rule that has one (measured with bench/: about
        /// a megabyte per rule at 300 files, a fifth of the whole build's allocations for the twenty rules together),
        /// while a compilation-wide callback that bails out on the file costs next to nothing.
        /// </remarks>
        private protected static void RegisterOperationActionInQwaveTypes(CompilationStartAnalysisContext context, QwaveRecognizer recognizer, System.Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
            context.RegisterOperationAction(
                c =>
                {
                    if (MayCallQwaveIn(c.ContainingSymbol, recognizer))
                    {
                        action(c);
                    }
                },
                kinds);

        /// <summary>As <see cref="RegisterOperationActionInQwaveTypes"/>, for the operation blocks (bodies, initializers) of such types' members.</summary>
        private protected static void RegisterOperationBlockActionInQwaveTypes(CompilationStartAnalysisContext context, QwaveRecognizer recognizer, System.Action<OperationBlockAnalysisContext> action) =>
            context.RegisterOperationBlockAction(c =>
            {
                if (MayCallQwaveIn(c.OwningSymbol, recognizer))
                {
                    action(c);
                }
            });

        /// <summary>
        /// Registers <paramref name="register"/> for each type declared in a file whose text can hold a qWAVE call, for
        /// a rule that judges a type from all its members together (a symbol-end action). Only such rules should use
        /// it: see <see cref="RegisterOperationActionInQwaveTypes"/> for what a symbol-start action costs.
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

        // The type whose code this is (a member's, or a nested function's, containing type): any file declaring it
        // may hold the call, as a partial type's other parts may hold the helpers it calls.
        private static bool MayCallQwaveIn(ISymbol? symbol, QwaveRecognizer recognizer)
        {
            INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
            return type is not null && recognizer.MayContainCall(type);
        }
    }
}
