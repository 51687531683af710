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
    }
}
