using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace QosAnalyzers.Benchmarks;

/// <summary>
/// dotnet run -c Release --project bench/QosAnalyzers.Benchmarks -- [all|analyzers|generator|runtime|flow|profile] [--quick] [--sizes 250,500,1000] [--iterations 7]
/// Writes docs/performance.md (or the path after --out).
/// </summary>
internal static class Program
{
    /// <summary>The value after <paramref name="name"/> on the command line, or null.</summary>
    private static string? OptionValue(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int Main(string[] args)
    {
        string[] valueOptions = { "--out", "--sizes", "--iterations", "--every" };
        string what = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !valueOptions.Contains(args[i - 1])) && a != "all").FirstOrDefault() ?? "all";
        bool quick = args.Contains("--quick");
        string output = OptionValue(args, "--out") ?? Path.Combine(RepoRoot(), "docs", "performance.md");
        int iterations = OptionValue(args, "--iterations") is string iterationsValue ? int.Parse(iterationsValue, CultureInfo.InvariantCulture) : quick ? 2 : 7;
        int[] sizes = OptionValue(args, "--sizes") is string sizesValue
            ? sizesValue.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : quick ? new[] { 50, 100, 200 } : new[] { 250, 500, 1000 };

        var report = new StringBuilder();
        report.AppendLine("# Performance").AppendLine();
        report.AppendLine("Every figure is a ratio against a baseline measured in the same run, on the same machine.").AppendLine();
        report.AppendLine($"- Command: `dotnet run -c Release --project bench/QosAnalyzers.Benchmarks -- {string.Join(' ', args)}`");
        report.AppendLine("- Noise: on a shared machine, telemetry of one configuration can vary by up to 2x between runs; read the ratios as orders of magnitude. The paired wall-clock and processor columns of the analyzers carry several percent of noise even for a configuration that adds nothing (see their quartiles and the no-qWAVE row); the allocation column is the one that repeats to a tenth of a percent.");
        report.AppendLine($"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
        report.AppendLine($"- Roslyn in the host: {typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version}; medians of {iterations} runs after one warm-up").AppendLine();

        if (what is "all" or "analyzers")
        {
            Console.WriteLine("Analyzers...");
            AppendAnalyzers(report, sizes, iterations);
        }

        if (what is "profile")
        {
            // For a CPU profiler (dotnet-trace): the driver with every rule over the largest size, qWAVE in every 5th file (or every Nth with --every N).
            int every = OptionValue(args, "--every") is string everyValue ? int.Parse(everyValue, CultureInfo.InvariantCulture) : 5;
            AnalyzerCost.Result r = AnalyzerCost.Measure(sizes[^1], every, iterations, misuse: false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours {r.OursTelemetryMs:F1} ms, CA1806 {r.Ca1806TelemetryMs:F1} ms; added to the build: wall {r.PairedWall}, processor {r.PairedCpu}, allocation {r.PairedAllocation}"));
            foreach ((string analyzer, double ms) in r.PerAnalyzer.Take(8))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {analyzer,-45} {ms,7:F1} ms"));
            }
            return 0;
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

        AppendTargets(report);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, report.ToString());
        Console.WriteLine(report.ToString());
        Console.WriteLine($"Report written to {output}");
        return 0;
    }

    private static readonly List<AnalyzerCost.Result> s_analyzerResults = new();
    private static readonly List<GeneratorCost.Result> s_generatorResults = new();
    private static readonly List<(string Operation, double Raw, double Session, double Wrapper, string Allocated)> s_runtimeResults = new();

    private static void AppendAnalyzers(StringBuilder report, int[] sizes, int iterations)
    {
        report.AppendLine("## Analyzers").AppendLine();
        report.AppendLine("`compile` is `Compilation.GetDiagnostics()` (bind and check every method body) on a fresh compilation. `+ CA1806` is the same compile through the analyzer driver in one pass (`CompilationWithAnalyzers.GetAllDiagnosticsAsync`, concurrency off), with CA1806 from the SDK's NetAnalyzers: a build that already runs an operation analyzer, as every SDK build does. `+ ours` adds every QosAnalyzers rule to that same pass; `overhead` is what they add to it. `ours` and `CA1806` are the analyzers' own `ExecutionTime` from Roslyn's telemetry, both from the `+ ours` run.").AppendLine();
        report.AppendLine("`qWAVE files` call qWAVE from two methods each, either correctly or with two mistakes per file (an ignored result, a close before the flow's removal), which the rules report, and hold a class that keeps its handle and flow in fields and tears them down in `Dispose` through two private helpers (correct in both variants; the flow rules follow the helpers and the members). A fifth of the files (every 5th) or 2% of them (every 50th) use qWAVE.").AppendLine();
        report.AppendLine("`added: wall`, `added: processor` and `added: allocated` are what the run with our rules took beyond the baseline run of the same round (the two swap order every round), as a share of it: the median over the rounds, with the quartiles in brackets. Processor time is the whole process's (the driver's thread, the collector's, the JIT's), so it does not count time the machine gave to other processes; allocation is nearly deterministic.").AppendLine();
        report.AppendLine("| files | qWAVE files | qWAVE code | compile (ms) | + CA1806 (ms) | + ours (ms) | added: wall | added: processor | added: allocated | ours (ms) | CA1806 (ms) | ours / CA1806 | ours / compile | QOS diagnostics |");
        report.AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        AnalyzerCost.Result? largest = null;
        foreach (int size in sizes)
        {
            foreach ((int every, bool misuse) in new[] { (0, false), (50, false), (5, false), (5, true) })
            {
                AnalyzerCost.Result r = AnalyzerCost.Measure(size, every, iterations, misuse);
                s_analyzerResults.Add(r);
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Files} | {r.QwaveFiles} | {(r.QwaveFiles == 0 ? "—" : r.Misuse ? "with misuse" : "correct")} | {r.CompileMs:F0} | {r.BaselineMs:F0} | {r.WithOursMs:F0} | {r.PairedWall} | {r.PairedCpu} | {r.PairedAllocation} | {r.OursTelemetryMs:F1} | {r.Ca1806TelemetryMs:F1} | {r.OursVsCa1806:F2} | {r.OursVsCompile:P2} | {r.OurDiagnostics} |"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Files} files, {r.QwaveFiles} with qWAVE (misuse: {r.Misuse}): ours {r.OursTelemetryMs:F1} ms = ") + string.Join(", ", r.PerAnalyzer.Where(p => p.Ms >= 0.05).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Analyzer} {p.Ms:F1}"))));
                if (misuse)
                {
                    largest = r;
                }
            }
        }

        report.AppendLine();
        if (largest is not null)
        {
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Where our {largest.OursTelemetryMs:F1} ms go at {largest.Files} files with qWAVE (telemetry per analyzer; the first flow rule to reach a method pays for the shared pass that every flow rule then reads):")).AppendLine();
            report.AppendLine("| analyzer | ms |");
            report.AppendLine("|---|---:|");
            foreach ((string analyzer, double ms) in largest.PerAnalyzer.Take(8))
            {
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {analyzer} | {ms:F1} |"));
            }

            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| the other {Math.Max(0, largest.PerAnalyzer.Count - 8)} | {largest.PerAnalyzer.Skip(8).Sum(p => p.Ms):F1} |"));
            report.AppendLine();

            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"The shared flow engine on the same {largest.Files}-file project, outside the driver (`flow` mode: fastest of {Math.Max(iterations, 10)} rounds over operation trees already built):")).AppendLine();
            report.AppendLine("| phase | bodies | µs per body | bytes per body |");
            report.AppendLine("|---|---:|---:|---:|");
            foreach (FlowEngineCost.Phase phase in FlowEngineCost.Measure(largest.Files, Math.Max(iterations, 10)))
            {
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {phase.Name} | {phase.Bodies} | {phase.MicrosecondsPerBody:F1} | {phase.BytesPerBody:F0} |"));
            }

            report.AppendLine();
        }

        report.AppendLine("Targets: overhead under 1% with no qWAVE in sight; what the rules add to the build at most 3% with qWAVE in a fifth of the files and at most 1% with qWAVE in 2% of them; with qWAVE in a fifth of the files, ours below CA1806 alone and under 5% of compile time. The telemetry columns (`ours`, `CA1806`) are each analyzer's `ExecutionTime`: the wall time of its callbacks, which also counts work the build does anyway when a callback happens to be first to need it (binding a member's body or building its operation tree for a helper's summary) and collections the whole build's allocations made due; they rank the analyzers, and the paired columns say what the build pays.").AppendLine();
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
            s_generatorResults.Add(r);
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
            s_runtimeResults.Add((op, Mean(raw), Mean(session), wrapper is null ? double.NaN : Mean(wrapper), $"{Alloc(summary, raw)} / {Alloc(summary, session)} / {(wrapper is null ? "—" : Alloc(summary, wrapper))}"));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {op} | {Mean(raw):F1} | {Mean(session):F1} | {Mean(session) - Mean(raw):F1} | {(wrapper is null ? "—" : Mean(wrapper).ToString("F1", CultureInfo.InvariantCulture))} | {Alloc(summary, raw)} / {Alloc(summary, session)} / {(wrapper is null ? "—" : Alloc(summary, wrapper))} |"));
        }

        report.AppendLine();
        report.AppendLine("Targets: zero allocations per set/query call; session overhead within a few tens of nanoseconds.").AppendLine();
    }

    /// <summary>Each target of the issue, met or missed by this run's figures, and for a miss why and what would fix it.</summary>
    private static void AppendTargets(StringBuilder report)
    {
        report.AppendLine("## Targets").AppendLine();
        static string Verdict(bool met) => met ? "**met**" : "**missed**";
        var quiet = s_analyzerResults.Where(r => r.QwaveFiles == 0).ToList();
        var busy = s_analyzerResults.Where(r => r.QwaveFiles > 0 && r.Misuse).ToList();
        var correct = s_analyzerResults.Where(r => r.QwaveFiles > 0 && !r.Misuse).ToList();
        if (quiet.Count > 0)
        {
            double worst = quiet.Max(r => r.OursVsCompile);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- No qWAVE in sight, overhead under 1%: {Verdict(worst < 0.01)}. Our rules' own time is at most {worst:P2} of the compile ({string.Join(", ", quiet.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.OursTelemetryMs:F1} ms at {r.Files} files")))}): one check per compilation (a marker type, reference names, a declaration-table lookup of the export names, one vectorized scan of the source text for \"qwave\"), after which no action is registered. The paired wall-clock and processor columns are differences of two runs of {quiet.Max(r => r.BaselineMs) / 1000:F1} s or less on a shared 2-core machine and moves by several percent either way from run to run; it is not a measurement of our rules at this scale."));
        }

        foreach ((string share, double limit, Func<AnalyzerCost.Result, bool> select) in new (string, double, Func<AnalyzerCost.Result, bool>)[]
        {
            ("a fifth", 0.03, r => r.QwaveFiles * 10 > r.Files),
            ("2%", 0.01, r => r.QwaveFiles * 10 <= r.Files),
        })
        {
            var rows = correct.Where(select).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            // Met only when the quartiles of both paired measures sit within the limit, missed only when one's lower
            // quartile is above it; otherwise this run cannot tell (this machine's noise is several percent).
            bool met = rows.All(r => r.PairedWall.Upper <= limit && r.PairedCpu.Upper <= limit);
            bool missed = rows.Any(r => r.PairedWall.Lower > limit || r.PairedCpu.Lower > limit);
            string verdict = met ? Verdict(true) : missed ? Verdict(false) : "**not decided by this run** (the quartiles straddle the limit)";
            double worstOwn = rows.Max(r => r.OursVsBaseline);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- qWAVE in {share} of the files, correct code: what our rules add to the build at most {limit:P0}: {verdict}, judged on the paired measures: wall clock {string.Join(", ", rows.Select(r => r.PairedWall.ToString()))}, processor {string.Join(", ", rows.Select(r => r.PairedCpu.ToString()))}; allocation {string.Join(", ", rows.Select(r => r.PairedAllocation.ToString()))}, the measure that repeats. Our callbacks' own telemetry, {string.Join(", ", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.OursTelemetryMs:F1} ms at {r.Files} files")))} (up to {worstOwn:P1} of the `+ CA1806` build), is larger than what the build pays for the reasons given above the table."));
        }

        if (correct.Count > 0)
        {
            double worstCa = correct.Max(r => r.OursVsCa1806);
            double worstCompile = correct.Max(r => r.OursVsCompile);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- qWAVE in the files, correct code (no QOS diagnostic), whole rule set below CA1806 alone: {Verdict(worstCa < 1)} (ours / CA1806 up to {worstCa:F1}). Under 5% of compile time: {Verdict(worstCompile < 0.05)} (up to {worstCompile:P1})."));
        }

        if (busy.Count > 0)
        {
            double worstCa = busy.Max(r => r.OursVsCa1806);
            double worstCompile = busy.Max(r => r.OursVsCompile);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- qWAVE in a fifth of the files, with two mistakes in each (reported), whole rule set below CA1806 alone: {Verdict(worstCa < 1)} (ours / CA1806 up to {worstCa:F1}). Under 5% of compile time: {Verdict(worstCompile < 0.05)} (up to {worstCompile:P1})."));
            if (worstCa >= 1 || worstCompile >= 0.05)
            {
                AnalyzerCost.Result largest = busy[^1];
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  Why: CA1806 is one operation action that looks at each call once. Ours are {AnalyzerCost.OurAnalyzers.Length} analyzers; nine rules judge paths, which needs a control-flow graph and a data-flow pass over every method that calls qWAVE — here two methods in each qWAVE file, {largest.QwaveFiles * 2} graphs at {largest.Files} files, with {largest.OurDiagnostics} diagnostics reported. Reporting is not free: the driver checks each diagnostic against pragmas and SuppressMessage attributes inside the reporting callback, and the per-analyzer telemetry of the same project with correct code (no diagnostics) is several times lower for the per-invocation rules; CA1806 reports nothing on this code.") + " The bail-outs work: the per-call rules and the flow rules return after one lookup unless the code's type is declared in a file whose text mentions a binding, the package API or a [QosFlow] class (names collected once per compilation from source and metadata); they are registered on the compilation rather than per type, because a symbol-start action per type makes the driver keep bookkeeping for every type of the compilation for each rule that has one (measured: that alone was a fifth of the whole build's allocations at 2% of the files, more than the rules' own work); only QOS002 and QOS009, which also judge each type as a whole, keep one; within a qWAVE file a method body that mentions none is skipped on its text, once for all nine flow rules; the two rules over import declarations look at each file's extern and partial methods in one pass per file; the cost left is in the methods that really call qWAVE. Outside the driver the whole per-method pass (graph, tracked symbols, data flow, every rule's findings) costs the tens of microseconds in the engine table above; inside the driver the same calls are charged several times that, because `ExecutionTime` is the callback's wall time on a heap holding the whole compilation (first touches of operation trees, cache misses, GC suspensions), which tiny callbacks such as CA1806's largely escape. Per-invocation rules cost a millisecond or two each here, mostly the driver's per-callback overhead and reporting the diagnostics.");
                report.AppendLine("  What would fix it: the allocation column says where a build pays (each megabyte allocated is collected on a heap that holds the whole compilation). Measured by registering subsets of the rules (fifth of the files): the nine flow rules are almost all of it, about three-quarters for the first flow rule (the shared pass: control-flow graphs, the data flow of each body and of each helper's summary, the rules' reading of it) and a quarter for the driver's callbacks of the other eight; the other fifteen rules together add about 1.5 % of the build's allocation. Next: (1) the facets' state: each facet of the walk (handle obligations, pending operations, flow-id provenance, sockets, call results) keeps its facts in immutable sets and dictionaries keyed by operations and symbols; small per-graph ids and arrays in each facet's slot would cut the data flow's allocation several times, one facet at a time; (2) a helper's summary and its own analysis are two data-flow runs over one graph; one run that records both would halve the work for private helpers; (3) cache each method's flow result across compilations, keyed by the body's syntax, so an IDE edit re-analyzes only the edited method (a build still pays once). A realistic project calls qWAVE from a handful of files, where the same per-method cost is a fraction of a percent.");
            }
        }

        if (s_generatorResults.Count > 0)
        {
            double worstFull = s_generatorResults.Max(r => r.FullRatio);
            double worstIncremental = s_generatorResults.Max(r => r.OursIncrementalShare);
            bool cached = s_generatorResults.All(r => r.OursIncrementalAllCached);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- Generator at or below LibraryImport's time: {Verdict(worstFull <= 1)} (ours / LibraryImport up to {worstFull:F2}). After an unrelated edit every step of ours Cached or Unchanged: {Verdict(cached)}; incremental run a small fraction of a full run: {Verdict(worstIncremental < 0.25)} (up to {worstIncremental:P0})."));
            if (worstIncremental >= 0.25)
            {
                report.AppendLine("  Why: Roslyn re-runs the transform of `ForAttributeWithMetadataName` for every attributed class whenever the compilation changes (it is paired with the compilation), so each class's model is rebuilt from a new semantic model; the models compare equal, so nothing downstream runs and no source is re-emitted (every output Unchanged). What remains is that transform plus the driver's bookkeeping — below LibraryImportGenerator's own incremental run in every row. Removing it would need a syntax-only first stage, which cannot resolve the attribute's enum arguments; the transform is already symbol-free after it returns.");
            }
        }

        if (s_runtimeResults.Count > 0)
        {
            var hot = s_runtimeResults.Where(r => r.Operation != "AddRemove").ToList();
            bool zero = hot.All(r => r.Allocated.Replace(" ", string.Empty, StringComparison.Ordinal) == "0/0/0");
            double worst = hot.Max(r => Math.Max(r.Session - r.Raw, double.IsNaN(r.Wrapper) ? 0 : r.Wrapper - r.Raw));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- Runtime, zero allocations per set/query call: {Verdict(zero)}. Overhead within a few tens of nanoseconds: {Verdict(worst < 100)} (worst {worst:F0} ns over the raw call: argument checks, the session lock that makes close-before-remove impossible, and the error mapping)."));
        }

        report.AppendLine();
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
