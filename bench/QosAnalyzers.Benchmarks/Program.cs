using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace QosAnalyzers.Benchmarks;

/// <summary>
/// dotnet run -c Release --project bench/QosAnalyzers.Benchmarks -- [all|analyzers|generator|runtime] [--quick] [--sizes 250,500,1000] [--iterations 7]
/// Writes docs/performance.md (or the path after --out).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string[] valueOptions = { "--out", "--sizes", "--iterations" };
        string what = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !valueOptions.Contains(args[i - 1])) && a != "all").FirstOrDefault() ?? "all";
        bool quick = args.Contains("--quick");
        int outIndex = Array.IndexOf(args, "--out");
        string output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine(RepoRoot(), "docs", "performance.md");
        int iterations = quick ? 2 : 7;
        int[] sizes = quick ? new[] { 50, 100, 200 } : new[] { 250, 500, 1000 };
        int iterationsIndex = Array.IndexOf(args, "--iterations");
        if (iterationsIndex >= 0 && iterationsIndex + 1 < args.Length)
        {
            iterations = int.Parse(args[iterationsIndex + 1], CultureInfo.InvariantCulture);
        }

        int sizesIndex = Array.IndexOf(args, "--sizes");
        if (sizesIndex >= 0 && sizesIndex + 1 < args.Length)
        {
            sizes = args[sizesIndex + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }

        var report = new StringBuilder();
        report.AppendLine("# Performance").AppendLine();
        report.AppendLine("Every figure is a ratio against a baseline measured in the same run, on the same machine.").AppendLine();
        report.AppendLine($"- Command: `dotnet run -c Release --project bench/QosAnalyzers.Benchmarks -- {string.Join(' ', args)}`");
        report.AppendLine($"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
        report.AppendLine($"- Roslyn in the host: {typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version}; medians of {iterations} runs after one warm-up").AppendLine();

        if (what is "all" or "analyzers")
        {
            Console.WriteLine("Analyzers...");
            AppendAnalyzers(report, sizes, iterations);
        }

        if (what is "flow")
        {
            foreach (FlowEngineCost.Phase phase in FlowEngineCost.Measure(sizes[^1], iterations))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase.Name,-28} {phase.Bodies,6} bodies {phase.MicrosecondsPerBody,9:F2} us/body {phase.BytesPerBody,10:F0} B/body"));
            }

            return 0;
        }

        if (what is "all" or "generator")
        {
            Console.WriteLine("Generator...");
            AppendGenerator(report, sizes, iterations);
        }

        if (what is "all" or "runtime")
        {
            Console.WriteLine("Runtime...");
            AppendRuntime(report, quick);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, report.ToString());
        Console.WriteLine(report.ToString());
        Console.WriteLine($"Report written to {output}");
        return 0;
    }

    private static void AppendAnalyzers(StringBuilder report, int[] sizes, int iterations)
    {
        report.AppendLine("## Analyzers").AppendLine();
        report.AppendLine("`compile` is `Compilation.GetDiagnostics()` (parse, bind and check every method body) on a fresh compilation; `+ ours` runs the same with all QosAnalyzers rules through `CompilationWithAnalyzers` (concurrency off). `ours` and `CA1806` are the analyzers' own `ExecutionTime` from Roslyn's telemetry on the same code.").AppendLine();
        report.AppendLine("| files | qWAVE files | compile (ms) | + ours (ms) | overhead | ours (ms) | CA1806 (ms) | ours / CA1806 | ours / compile | QOS diagnostics |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int size in sizes)
        {
            foreach (int every in new[] { 0, 5 })
            {
                AnalyzerCost.Result r = AnalyzerCost.Measure(size, every, iterations);
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Files} | {r.QwaveFiles} | {r.CompileMs:F0} | {r.CompileWithOursMs:F0} | {r.OverheadRatio:P1} | {r.OursTelemetryMs:F1} | {r.Ca1806TelemetryMs:F1} | {r.OursVsCa1806:F2} | {r.OursVsCompile:P2} | {r.OurDiagnostics} |"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Files} files, {r.QwaveFiles} with qWAVE: ours {r.OursTelemetryMs:F1} ms = ") + string.Join(", ", r.PerAnalyzer.Where(p => p.Ms >= 0.05).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Analyzer} {p.Ms:F1}"))));
            }
        }

        report.AppendLine();
        report.AppendLine("Targets: overhead under 1% with no qWAVE in sight; with qWAVE in a fifth of the files, ours below CA1806 alone and under 5% of compile time. Wall-clock overhead on a 2-core machine carries a few percent of noise; the telemetry columns are the stable measure.").AppendLine();
    }

    private static void AppendGenerator(StringBuilder report, int[] sizes, int iterations)
    {
        report.AppendLine("## Generator").AppendLine();
        report.AppendLine("`GeneratorDriver.GetTimingInfo()` for N `[QosFlow]` classes (ours) and N `[LibraryImport]` methods (the runtime's LibraryImportGenerator, from the SDK's reference pack); then the same drivers after an edit to an unrelated file.").AppendLine();
        report.AppendLine("| declarations | ours full (ms) | LibraryImport full (ms) | ours / LibraryImport | ours incremental (ms) | LibraryImport incremental (ms) | ours incremental / full | ours all steps cached |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (int size in sizes)
        {
            GeneratorCost.Result r = GeneratorCost.Measure(size, iterations);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Declarations} | {r.OursFullMs:F1} | {r.LibraryImportFullMs:F1} | {r.FullRatio:F2} | {r.OursIncrementalMs:F2} | {r.LibraryImportIncrementalMs:F2} | {r.OursIncrementalShare:P1} | {(r.OursIncrementalAllCached ? "yes" : "no")} |"));
        }

        report.AppendLine();
        report.AppendLine("Targets: ours at or below LibraryImport's time; after an unrelated edit every step Cached/Unchanged and a small fraction of a full run.").AppendLine();
    }

    private static void AppendRuntime(StringBuilder report, bool quick)
    {
        IConfig config = DefaultConfig.Instance
            .AddJob(quick ? Job.ShortRun.WithId("short") : Job.Default.WithId("default"))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(BenchmarkDotNet.Columns.RatioStyle.Trend));
        Summary summary = BenchmarkRunner.Run<RuntimeBenchmarks>(config);

        report.AppendLine("## Runtime").AppendLine();
        report.AppendLine("BenchmarkDotNet on the simulator: the session and a generated wrapper against the raw ABI call (the simulator's own cost) for the same operation.").AppendLine();
        report.AppendLine("| operation | raw ABI (ns) | session (ns) | session overhead (ns) | wrapper (ns) | allocated per call: raw / session / wrapper (B) |");
        report.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (string op in new[] { "SetOutgoingRate", "QueryOutgoingRate", "AddRemove" })
        {
            BenchmarkReport? raw = Find(summary, "Raw_" + op);
            BenchmarkReport? session = Find(summary, "Session_" + op);
            BenchmarkReport? wrapper = Find(summary, "Wrapper_" + op);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {op} | {Mean(raw):F1} | {Mean(session):F1} | {Mean(session) - Mean(raw):F1} | {(wrapper is null ? "—" : Mean(wrapper).ToString("F1", CultureInfo.InvariantCulture))} | {Alloc(summary, raw)} / {Alloc(summary, session)} / {(wrapper is null ? "—" : Alloc(summary, wrapper))} |"));
        }

        report.AppendLine();
        report.AppendLine("Targets: zero allocations per set/query call; session overhead within a few tens of nanoseconds.").AppendLine();
    }

    private static BenchmarkReport? Find(Summary summary, string method) =>
        summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);

    private static double Mean(BenchmarkReport? report) => report?.ResultStatistics?.Mean ?? double.NaN;

    private static string Alloc(Summary summary, BenchmarkReport? report) =>
        report is null ? "—" : (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0).ToString(CultureInfo.InvariantCulture);

    private static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "QosAnalyzers.sln")))
            {
                return d.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
