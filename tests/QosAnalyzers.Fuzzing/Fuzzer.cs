using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QosAnalyzers.Fuzzing;

/// <summary>How much to fuzz; see README.md for the environment variables behind <see cref="FromEnvironment"/>.</summary>
public sealed record FuzzOptions
{
    public int Mutants { get; init; } = 3000;

    public int RunSeed { get; init; } = 20261121;

    public int Parallelism { get; init; } = Math.Min(2, Environment.ProcessorCount);

    /// <summary>Stop early (with the count reached) once this much time has passed.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>A mutant taking longer than this is reported as a hang.</summary>
    public TimeSpan MutantTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public bool Minimize { get; init; } = true;

    /// <summary>Progress lines and the final report are appended here when set.</summary>
    public string? LogPath { get; init; }

    public static FuzzOptions FromEnvironment(int defaultMutants)
    {
        var options = new FuzzOptions { Mutants = defaultMutants };
        if (Int("QOS_FUZZ_MUTANTS") is int mutants)
        {
            options = options with { Mutants = mutants };
        }

        if (Int("QOS_FUZZ_SEED") is int seed)
        {
            options = options with { RunSeed = seed };
        }

        if (Int("QOS_FUZZ_THREADS") is int threads)
        {
            options = options with { Parallelism = Math.Max(1, threads) };
        }

        if (Int("QOS_FUZZ_MINUTES") is int minutes)
        {
            options = options with { TimeLimit = TimeSpan.FromMinutes(minutes) };
        }

        return options with { LogPath = Environment.GetEnvironmentVariable("QOS_FUZZ_LOG") is { Length: > 0 } log ? log : null };
    }

    private static int? Int(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;
}

/// <summary>One distinct crash: its first reproducer and how often it was hit.</summary>
public sealed record Finding(Crash Crash, Seed Seed, Mutant Mutant, string Reproducer, int Hits);

public sealed record FuzzReport(
    int Seeds,
    int Mutants,
    int MutantsWithDiagnostics,
    int MutantsWithFixableDiagnostics,
    int CodeActionsApplied,
    int FixAllApplied,
    TimeSpan Elapsed,
    ImmutableArray<Finding> Findings,
    int RunSeed)
{
    public int Crashes => Findings.Sum(f => f.Hits);

    public string Summary =>
        string.Create(CultureInfo.InvariantCulture, $"{Mutants} mutants of {Seeds} seeds (run seed {RunSeed}) in {Elapsed.TotalSeconds:F0} s ({Mutants / Math.Max(1, Elapsed.TotalSeconds):F1}/s): ")
        + string.Create(CultureInfo.InvariantCulture, $"{MutantsWithDiagnostics} with diagnostics, {MutantsWithFixableDiagnostics} fixable, {CodeActionsApplied} code actions and {FixAllApplied} Fix All applied; ")
        + string.Create(CultureInfo.InvariantCulture, $"{Crashes} crashes, {Findings.Length} distinct.");

    public string Describe()
    {
        var sb = new StringBuilder(Summary).AppendLine();
        foreach (Finding f in Findings)
        {
            sb.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"=== {f.Crash.Signature} ({f.Hits} hits)")
                .AppendLine(CultureInfo.InvariantCulture, $"seed: {f.Seed.Name}; mutant {f.Mutant.Number}: {f.Mutant.Description}")
                .AppendLine(f.Crash.Message)
                .AppendLine("--- reproducer (" + f.Seed.Path + (f.Seed.Companions.IsEmpty ? string.Empty : ", compiled with " + string.Join(", ", f.Seed.Companions.Select(c => c.Path)) + " of the seed") + ")")
                .AppendLine(f.Reproducer)
                .AppendLine("--- stack")
                .AppendLine(f.Crash.StackTrace);
        }

        return sb.ToString();
    }
}

/// <summary>Mutates seeds and runs every mutant through the <see cref="FuzzEngine"/>, in parallel; crashes are collected, deduplicated and minimized.</summary>
public static class Fuzzer
{
    public static async Task<FuzzReport> RunAsync(IReadOnlyList<Seed> seeds, Components components, FuzzOptions options)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("No seeds to fuzz.", nameof(seeds));
        }

        var engine = new FuzzEngine(components);
        var contexts = seeds.Select((s, i) => new Lazy<SeedContext>(() => new SeedContext(s, i, options.RunSeed))).ToArray();
        var findings = new ConcurrentDictionary<string, (Crash Crash, Mutant Mutant, int Hits)>(StringComparer.Ordinal);
        int done = 0, withDiagnostics = 0, fixable = 0, actions = 0, fixAll = 0;
        long[] stageTicks = new long[3];
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        if (options.TimeLimit is TimeSpan limit)
        {
            stop.CancelAfter(limit);
        }

        Log(options, $"start: {seeds.Count} seeds, {options.Mutants} mutants, run seed {options.RunSeed}, {options.Parallelism} threads, {components.Analyzers.Length} analyzers, {components.CodeFixes.Length} code fixes, {components.Generators.Length} generators");
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, options.Mutants),
                new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = stop.Token },
                async (index, _) =>
                {
                    // Round-robin over the seeds, so any prefix of the run covers all of them.
                    SeedContext context = contexts[index % seeds.Count].Value;
                    Mutant mutant = context.Mutator.Create(index / seeds.Count);
                    MutantOutcome outcome = await RunGuardedAsync(engine, context, mutant.Text, options.MutantTimeout).ConfigureAwait(false);
                    foreach (Crash crash in outcome.Crashes.DistinctBy(c => c.Signature))
                    {
                        var entry = findings.AddOrUpdate(crash.Signature, _ => (crash, mutant, 1), (_, f) => (f.Crash, f.Mutant, f.Hits + 1));
                        if (entry.Hits == 1)
                        {
                            // Logged at once: a long run's findings are worth looking at before it ends.
                            Log(options, $"new crash: {crash.Signature}: {crash.Message} (seed {context.Seed.Name}, mutant {mutant.Number}: {mutant.Description})");
                        }
                    }

                    if (outcome.AnalyzerDiagnostics > 0)
                    {
                        Interlocked.Increment(ref withDiagnostics);
                    }

                    if (outcome.FixableDiagnostics > 0)
                    {
                        Interlocked.Increment(ref fixable);
                    }

                    for (int stage = 0; stage < stageTicks.Length; stage++)
                    {
                        Interlocked.Add(ref stageTicks[stage], outcome.StageTimes[stage].Ticks);
                    }

                    Interlocked.Add(ref actions, outcome.CodeActionsApplied);
                    Interlocked.Add(ref fixAll, outcome.FixAllApplied);
                    int n = Interlocked.Increment(ref done);
                    if (n % 500 == 0)
                    {
                        Log(options, string.Create(CultureInfo.InvariantCulture, $"{n} mutants, {clock.Elapsed.TotalSeconds:F0} s, {n / clock.Elapsed.TotalSeconds:F1}/s, {findings.Values.Sum(f => f.Hits)} crashes ({findings.Count} distinct); CPU s in generators/analyzers/fixes {Seconds(stageTicks[0]):F0}/{Seconds(stageTicks[1]):F0}/{Seconds(stageTicks[2]):F0}"));
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Log(options, "time limit reached");
        }

        var report = new List<Finding>();
        foreach (var (crash, mutant, hits) in findings.Values.OrderBy(f => f.Crash.Signature, StringComparer.Ordinal))
        {
            SeedContext context = contexts[mutant.SeedIndex].Value;
            string reproducer = options.Minimize ? await MinimizeAsync(engine, context, mutant.Text, crash.Signature, options.MutantTimeout).ConfigureAwait(false) : mutant.Text;
            report.Add(new Finding(crash, context.Seed, mutant, reproducer, hits));
        }

        var result = new FuzzReport(seeds.Count, done, withDiagnostics, fixable, actions, fixAll, clock.Elapsed, report.ToImmutableArray(), options.RunSeed);
        Log(options, string.Create(CultureInfo.InvariantCulture, $"stage seconds: generators {Seconds(stageTicks[0]):F0}, analyzers {Seconds(stageTicks[1]):F0}, code fixes {Seconds(stageTicks[2]):F0}"));
        Log(options, result.Findings.IsEmpty ? result.Summary : result.Describe());
        return result;
    }

    /// <summary>Runs one mutant text of a seed; a hang is reported as a crash instead of stalling the run.</summary>
    public static async Task<MutantOutcome> RunGuardedAsync(FuzzEngine engine, SeedContext context, string text, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        Task<MutantOutcome> run = Task.Run(() => engine.RunAsync(context.Compile(text), cancellation.Token));
        Task finished = await Task.WhenAny(run, Task.Delay(timeout + timeout)).ConfigureAwait(false);
        if (finished == run && !run.IsFaulted && !run.IsCanceled)
        {
            return await run.ConfigureAwait(false);
        }

        var outcome = new MutantOutcome();
        outcome.Crashes.Add(finished != run || run.IsCanceled
            ? new Crash("(all)", "timeout", "Hang", $"no result within {timeout.TotalSeconds} s", string.Empty)
            : Crash.From("(harness)", "fuzz engine", run.Exception!));
        return outcome;
    }

    /// <summary>Greedy delta debugging: drop lines, then tokens, while the same crash still happens.</summary>
    private static async Task<string> MinimizeAsync(FuzzEngine engine, SeedContext context, string text, string signature, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var budget = TimeSpan.FromSeconds(90);
        async Task<bool> Crashes(string candidate) =>
            (await RunGuardedAsync(engine, context, candidate, timeout).ConfigureAwait(false)).Crashes.Any(c => c.Signature == signature);

        if (!await Crashes(text).ConfigureAwait(false))
        {
            return text; // Not reproducible alone (e.g. a hang under load): keep the original.
        }

        foreach (bool byLine in new[] { true, false })
        {
            for (int chunk = 8; chunk >= 1 && clock.Elapsed < budget; chunk /= 2)
            {
                var pieces = byLine ? SplitLines(text) : SplitTokens(text);
                for (int i = 0; i < pieces.Count && clock.Elapsed < budget;)
                {
                    string candidate = string.Concat(pieces.Take(i).Concat(pieces.Skip(i + chunk)));
                    if (candidate.Length < text.Length && await Crashes(candidate).ConfigureAwait(false))
                    {
                        text = candidate;
                        pieces = byLine ? SplitLines(text) : SplitTokens(text);
                    }
                    else
                    {
                        i += chunk;
                    }
                }
            }
        }

        return text;
    }

    private static List<string> SplitLines(string text) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(text).Lines.Select(l => text.Substring(l.Start, l.EndIncludingLineBreak - l.Start)).Where(l => l.Length > 0).ToList();

    private static List<string> SplitTokens(string text) =>
        CSharpSyntaxTree.ParseText(text, Testing.TestProject.ParseOptions).GetRoot().DescendantTokens().Select(t => t.ToFullString()).ToList();

    private static double Seconds(long ticks) => TimeSpan.FromTicks(Interlocked.Read(ref ticks)).TotalSeconds;

    private static readonly object s_logLock = new();

    private static void Log(FuzzOptions options, string line)
    {
        if (options.LogPath is null)
        {
            return;
        }

        lock (s_logLock)
        {
            File.AppendAllText(options.LogPath, DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " " + line + Environment.NewLine);
        }
    }
}

/// <summary>A seed made ready once: its companions parsed, a base compilation, a mutator.</summary>
public sealed class SeedContext
{
    private readonly Compilation _base;
    private readonly SyntaxTree _primary;

    public SeedContext(Seed seed, int index, int runSeed)
    {
        Seed = seed;
        Mutator = new Mutator(seed.Text, runSeed, index);
        _primary = FuzzEngine.Parse(seed.Text, seed.Path);
        var trees = new List<SyntaxTree> { _primary };
        trees.AddRange(seed.Companions.Select(c => FuzzEngine.Parse(c.Text, c.Path)));
        _base = FuzzEngine.CreateCompilation(trees);
    }

    public Seed Seed { get; }

    public Mutator Mutator { get; }

    /// <summary>The mutant replaces the seed document; companions and references are shared, not re-read.</summary>
    public Compilation Compile(string text) => _base.ReplaceSyntaxTree(_primary, FuzzEngine.Parse(text, Seed.Path));
}
