using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QosAnalyzers.Testing;

/// <summary>The outcome of running analyzers over one compilation.</summary>
public sealed record AnalysisRun(
    Compilation Compilation,
    ImmutableArray<Diagnostic> CompilerDiagnostics,
    ImmutableArray<Diagnostic> AnalyzerDiagnostics,
    ImmutableArray<string> AnalyzerFailures);

/// <summary>
/// Runs analyzers over a compilation completed by the build's generators, the way the compiler does,
/// recording every analyzer exception (AD0001). For robustness runs, the fuzzer and benchmarks, which
/// compile directly; rule tests use <see cref="QosAnalyzerTest"/>.
/// </summary>
public static class AnalyzerRunner
{
    public static async Task<AnalysisRun> RunAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        Microsoft.CodeAnalysis.Testing.ReferenceAssemblies? framework = null,
        IEnumerable<Type>? generators = null,
        bool reportSuppressedDiagnostics = false,
        CancellationToken cancellationToken = default)
    {
        Compilation complete = TestProject.Complete(compilation, framework, generators);
        var failures = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (ex, analyzer, diagnostic) => failures.Enqueue($"{analyzer.GetType().Name} threw {ex.GetType().Name}: {ex.Message}{Environment.NewLine}{ex.StackTrace}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: reportSuppressedDiagnostics);
        var withAnalyzers = complete.WithAnalyzers(analyzers, options);
        ImmutableArray<Diagnostic> analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        foreach (Diagnostic d in analyzerDiagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
        {
            failures.Enqueue(d.ToString());
        }

        return new AnalysisRun(
            complete,
            complete.GetDiagnostics(cancellationToken),
            analyzerDiagnostics.Where(d => d.Id is not ("AD0001" or "AD0002")).ToImmutableArray(),
            failures.ToImmutableArray());
    }

    /// <summary>Analyzer diagnostics sorted by document and position, for stable reports.</summary>
    public static IEnumerable<Diagnostic> Sorted(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal);
}
