using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
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
