using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace QosAnalyzers.Benchmarks;

/// <summary>What our analyzers add to a compilation, against the compilation alone and against CA1806.</summary>
internal static class AnalyzerCost
{
    /// <param name="CompileMs">Compilation.GetDiagnostics() alone.</param>
    /// <param name="BaselineMs">The same compile through the analyzer driver with CA1806 (a build that already runs an operation analyzer).</param>
    /// <param name="WithOursMs">The baseline plus every QosAnalyzers rule, in the same single pass.</param>
    /// <param name="PairedWall">Per round, what the run with our rules took beyond the baseline run next to it, as a share of it (wall clock).</param>
    /// <param name="PairedCpu">The same for the process's processor time (every thread: the driver, the collector, the JIT).</param>
    /// <param name="PairedAllocation">The same for the bytes allocated (every thread).</param>
    public sealed record Result(
        int Files,
        int QwaveFiles,
        bool Misuse,
        double CompileMs,
        double BaselineMs,
        double WithOursMs,
        double OursTelemetryMs,
        double Ca1806TelemetryMs,
        int OurDiagnostics,
        IReadOnlyList<(string Analyzer, double Ms)> PerAnalyzer,
        Spread PairedWall,
        Spread PairedCpu,
        Spread PairedAllocation)
    {
        /// <summary>What our rules add to the build: the median of the paired wall-clock differences.</summary>
        public double OverheadRatio => PairedWall.Median;

        public double OursVsCa1806 => Ca1806TelemetryMs <= 0 ? double.NaN : OursTelemetryMs / Ca1806TelemetryMs;

        public double OursVsCompile => OursTelemetryMs / CompileMs;

        /// <summary>Our rules' own time (telemetry) as a share of the baseline build.</summary>
        public double OursVsBaseline => OursTelemetryMs / BaselineMs;
    }

    /// <summary>The median and the quartiles of a set of ratios.</summary>
    public readonly record struct Spread(double Median, double Lower, double Upper)
    {
        public static Spread Of(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            if (sorted.Count == 0)
            {
                return new Spread(double.NaN, double.NaN, double.NaN);
            }

            double At(double q)
            {
                double position = q * (sorted.Count - 1);
                int low = (int)Math.Floor(position);
                int high = Math.Min(sorted.Count - 1, low + 1);
                return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
            }

            return new Spread(At(0.5), At(0.25), At(0.75));
        }

        public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Median:P1} ({Lower:P1} to {Upper:P1})");
    }

    public static ImmutableArray<DiagnosticAnalyzer> OurAnalyzers { get; } = typeof(QosAnalyzers.Analyzers.Rules.ReservedFlagsAnalyzer).Assembly
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static Result Measure(int files, int qwaveEvery, int iterations, bool misuse = true)
    {
        IReadOnlyList<SyntaxTree> trees = SyntheticProject.Create(files, qwaveEvery, misuse);
        DiagnosticAnalyzer ca1806 = References.LoadAnalyzers(References.NetAnalyzersPath, References.CSharpNetAnalyzersPath)
            .First(a => a.SupportedDiagnostics.Any(d => d.Id == "CA1806"));
        var ca1806Options = SyntheticProject.CompilationOptions.WithSpecificDiagnosticOptions(
            ca1806.SupportedDiagnostics.Select(d => d.Id).Distinct().ToDictionary(id => id, id => id == "CA1806" ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress));

        var compile = new List<double>();
        var baseline = new List<double>();
        var withOurs = new List<double>();
        var oursTelemetry = new List<double>();
        var caTelemetry = new List<double>();
        var pairedWall = new List<double>();
        var pairedCpu = new List<double>();
        var pairedAllocation = new List<double>();
        int ourDiagnostics = 0;
        var perAnalyzer = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        ImmutableArray<DiagnosticAnalyzer> both = OurAnalyzers.Insert(0, ca1806);

        // One warm-up round, then the measured ones; every run starts from a fresh compilation so no
        // binding is reused, and the baseline and the run with our rules swap order each round. Each
        // round's two runs are compared with each other, so drift of the machine between rounds cancels.
        for (int i = -1; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            _ = SyntheticProject.Compile(trees).GetDiagnostics();
            double c = sw.Elapsed.TotalMilliseconds;

            Run b = i % 2 == 0 ? RunDriver(trees, ca1806Options, ImmutableArray.Create(ca1806)) : default;
            Run w = RunDriver(trees, ca1806Options, both);
            if (i % 2 != 0)
            {
                b = RunDriver(trees, ca1806Options, ImmutableArray.Create(ca1806));
            }

            if (i < 0)
            {
                continue;
            }

            compile.Add(c);
            baseline.Add(b.WallMs);
            withOurs.Add(w.WallMs);
            pairedWall.Add((w.WallMs - b.WallMs) / b.WallMs);
            pairedCpu.Add((w.CpuMs - b.CpuMs) / b.CpuMs);
            pairedAllocation.Add((w.Megabytes - b.Megabytes) / b.Megabytes);
            double ours = 0;
            foreach (KeyValuePair<DiagnosticAnalyzer, AnalyzerTelemetryInfo> pair in w.Result!.AnalyzerTelemetryInfo)
            {
                double ms = pair.Value.ExecutionTime.TotalMilliseconds;
                if (ReferenceEquals(pair.Key, ca1806))
                {
                    caTelemetry.Add(ms);
                    continue;
                }

                ours += ms;
                string name = pair.Key.GetType().Name;
                if (!perAnalyzer.TryGetValue(name, out List<double>? times))
                {
                    perAnalyzer[name] = times = new List<double>();
                }

                times.Add(ms);
            }

            oursTelemetry.Add(ours);
            ourDiagnostics = w.Result.GetAllDiagnostics().Count(d => d.Id.StartsWith("QOS", StringComparison.Ordinal));
        }

        return new Result(files, qwaveEvery == 0 ? 0 : (files + qwaveEvery - 1) / qwaveEvery, misuse && qwaveEvery > 0, Median(compile), Median(baseline), Median(withOurs), Median(oursTelemetry), Median(caTelemetry), ourDiagnostics,
            perAnalyzer.Select(p => (p.Key, Median(p.Value))).OrderByDescending(p => p.Item2).ToList(), Spread.Of(pairedWall), Spread.Of(pairedCpu), Spread.Of(pairedAllocation));
    }

    private readonly record struct Run(double WallMs, double CpuMs, double Megabytes, AnalysisResult? Result);

    /// <summary>
    /// Compiler and analyzer diagnostics in one pass over a fresh compilation, as a build produces them: wall time,
    /// the process's processor time and the megabytes allocated (every thread), and the analyzers' result.
    /// </summary>
    private static Run RunDriver(IReadOnlyList<SyntaxTree> trees, Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions options, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        // Each run starts from the same heap: what an earlier run left to collect is not charged to this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        TimeSpan cpu = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        CompilationWithAnalyzers driver = SyntheticProject.Compile(trees).WithOptions(options).WithAnalyzers(analyzers, Options());
        _ = driver.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        double ms = sw.Elapsed.TotalMilliseconds;
        process.Refresh();
        double cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        double megabytes = (GC.GetTotalAllocatedBytes(precise: true) - before) / (1024.0 * 1024.0);
        return new Run(ms, cpuMs, megabytes, driver.GetAnalysisResultAsync(default).GetAwaiter().GetResult());
    }

    private static CompilationWithAnalyzersOptions Options() =>
        new(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
