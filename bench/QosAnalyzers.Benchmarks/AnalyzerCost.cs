using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace QosAnalyzers.Benchmarks;

/// <summary>What our analyzers add to a compilation, against the compilation alone and against CA1806.</summary>
internal static class AnalyzerCost
{
    public sealed record Result(
        int Files,
        int QwaveFiles,
        double CompileMs,
        double CompileWithOursMs,
        double OursTelemetryMs,
        double Ca1806TelemetryMs,
        int OurDiagnostics,
        IReadOnlyList<(string Analyzer, double Ms)> PerAnalyzer)
    {
        public double OverheadRatio => (CompileWithOursMs - CompileMs) / CompileMs;

        public double OursVsCa1806 => Ca1806TelemetryMs <= 0 ? double.NaN : OursTelemetryMs / Ca1806TelemetryMs;

        public double OursVsCompile => OursTelemetryMs / CompileMs;
    }

    public static ImmutableArray<DiagnosticAnalyzer> OurAnalyzers { get; } = typeof(QosAnalyzers.Analyzers.Rules.ReservedFlagsAnalyzer).Assembly
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static Result Measure(int files, int qwaveEvery, int iterations)
    {
        IReadOnlyList<SyntaxTree> trees = SyntheticProject.Create(files, qwaveEvery);
        DiagnosticAnalyzer ca1806 = References.LoadAnalyzers(References.NetAnalyzersPath, References.CSharpNetAnalyzersPath)
            .First(a => a.SupportedDiagnostics.Any(d => d.Id == "CA1806"));
        var ca1806Options = SyntheticProject.CompilationOptions.WithSpecificDiagnosticOptions(
            ca1806.SupportedDiagnostics.Select(d => d.Id).Distinct().ToDictionary(id => id, id => id == "CA1806" ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress));

        var compile = new List<double>();
        var withOurs = new List<double>();
        var oursTelemetry = new List<double>();
        var caTelemetry = new List<double>();
        int ourDiagnostics = 0;
        var perAnalyzer = new Dictionary<string, List<double>>(StringComparer.Ordinal);

        // One warm-up round, then the measured ones; every round starts from a fresh compilation
        // so no binding is reused between the runs being compared.
        for (int i = -1; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            _ = SyntheticProject.Compile(trees).GetDiagnostics();
            double c = sw.Elapsed.TotalMilliseconds;

            sw.Restart();
            CompilationWithAnalyzers ours = SyntheticProject.Compile(trees).WithAnalyzers(OurAnalyzers, Options());
            _ = ours.Compilation.GetDiagnostics();
            AnalysisResult oursResult = ours.GetAnalysisResultAsync(default).GetAwaiter().GetResult();
            double w = sw.Elapsed.TotalMilliseconds;
            double t = oursResult.AnalyzerTelemetryInfo.Values.Sum(info => info.ExecutionTime.TotalMilliseconds);

            CompilationWithAnalyzers baseline = SyntheticProject.Compile(trees).WithOptions(ca1806Options).WithAnalyzers(ImmutableArray.Create(ca1806), Options());
            _ = baseline.Compilation.GetDiagnostics();
            AnalysisResult baselineResult = baseline.GetAnalysisResultAsync(default).GetAwaiter().GetResult();
            double b = baselineResult.AnalyzerTelemetryInfo.Values.Sum(info => info.ExecutionTime.TotalMilliseconds);

            if (i >= 0)
            {
                compile.Add(c);
                withOurs.Add(w);
                oursTelemetry.Add(t);
                caTelemetry.Add(b);
                foreach (KeyValuePair<DiagnosticAnalyzer, AnalyzerTelemetryInfo> pair in oursResult.AnalyzerTelemetryInfo)
                {
                    string name = pair.Key.GetType().Name;
                    if (!perAnalyzer.TryGetValue(name, out List<double>? times))
                    {
                        perAnalyzer[name] = times = new List<double>();
                    }

                    times.Add(pair.Value.ExecutionTime.TotalMilliseconds);
                }

                ourDiagnostics = oursResult.GetAllDiagnostics().Count(d => d.Id.StartsWith("QOS", StringComparison.Ordinal));
            }
        }

        return new Result(files, qwaveEvery == 0 ? 0 : (files + qwaveEvery - 1) / qwaveEvery, Median(compile), Median(withOurs), Median(oursTelemetry), Median(caTelemetry), ourDiagnostics,
            perAnalyzer.Select(p => (p.Key, Median(p.Value))).OrderByDescending(p => p.Item2).ToList());
    }

    private static CompilationWithAnalyzersOptions Options() =>
        new(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
