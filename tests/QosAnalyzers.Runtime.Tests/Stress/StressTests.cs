using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace QosAnalyzers.Runtime.Tests.Stress;

/// <summary>Stress rounds run alone: they count threads, GC finalizers and unobserved task exceptions.</summary>
[CollectionDefinition(nameof(StressCollection), DisableParallelization = true)]
public sealed class StressCollection
{
}

/// <summary>
/// The runtime under load on the simulator. Short seeded rounds run in the normal suite; the long run
/// is <c>QOS_STRESS_SECONDS=600 dotnet test tests/QosAnalyzers.Runtime.Tests --filter Category=Stress</c>.
/// </summary>
[Collection(nameof(StressCollection))]
[Trait("Category", "Stress")]
public sealed class StressTests
{
    private readonly ITestOutputHelper _output;

    public StressTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Rounds()
    {
        int seed = 1;
        foreach (StressFault fault in Enum.GetValues<StressFault>())
        {
            foreach (StressDisposal disposal in Enum.GetValues<StressDisposal>())
            {
                yield return new object[] { seed++, fault, disposal };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rounds))]
    public void A_round_keeps_every_invariant(int seed, StressFault fault, StressDisposal disposal)
    {
        StressReport report = StressReport.Run(new[] { new StressOptions(seed, Threads: 4, OperationsPerThread: 150, fault, disposal) });
        _output.WriteLine(report.ToString());
        Assert.True(report.Violations.Count == 0, string.Join(Environment.NewLine, report.Violations));
        Assert.True(report.Operations > 0);
    }

    [Fact]
    public void Rounds_leave_no_unobserved_task_exception()
    {
        StressReport report = StressReport.Run(Enumerable.Range(100, 6).Select(seed =>
            new StressOptions(seed, Threads: 3, OperationsPerThread: 100, (StressFault)(seed % 6), (StressDisposal)(seed % 4))));
        _output.WriteLine(report.ToString());
        Assert.True(report.Violations.Count == 0, string.Join(Environment.NewLine, report.Violations));
    }

    /// <summary>Runs rounds for QOS_STRESS_SECONDS (default 1 s) with seeds from QOS_STRESS_SEED (default 1000).</summary>
    [Fact]
    public void Long_run()
    {
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("QOS_STRESS_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : 1;
        int firstSeed = int.TryParse(Environment.GetEnvironmentVariable("QOS_STRESS_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seedValue) ? seedValue : 1000;
        int threads = Math.Max(4, Environment.ProcessorCount * 2);
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        StressReport report = StressReport.Run(Rounds());
        _output.WriteLine(report.ToString());
        Assert.True(report.Violations.Count == 0, string.Join(Environment.NewLine, report.Violations.Take(50)));
        Assert.True(report.Rounds > 0);

        IEnumerable<StressOptions> Rounds()
        {
            for (int seed = firstSeed; DateTime.UtcNow < deadline; seed++)
            {
                yield return new StressOptions(seed, threads, OperationsPerThread: 300, (StressFault)(seed % 6), (StressDisposal)((seed / 6) % 4));
            }
        }
    }
}

/// <summary>Totals over rounds, with unobserved task exceptions counted across them.</summary>
public sealed class StressReport
{
    public int Rounds { get; private set; }

    public int Threads { get; private set; }

    public long Operations { get; private set; }

    public TimeSpan Duration { get; private set; }

    public List<string> Violations { get; } = new();

    public SortedDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    public static StressReport Run(IEnumerable<StressOptions> rounds)
    {
        var report = new StressReport();

        // Earlier tests' garbage is finalized before the hook goes on.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int unobserved = 0;
        var unobservedKinds = new List<string>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            Interlocked.Increment(ref unobserved);
            lock (unobservedKinds)
            {
                unobservedKinds.Add(e.Exception.InnerException?.GetType().Name ?? e.Exception.GetType().Name);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        Stopwatch clock = Stopwatch.StartNew();
        try
        {
            foreach (StressOptions options in rounds)
            {
                var round = new StressRound(options);
                try
                {
                    round.Run();
                }
                catch (Exception e)
                {
                    report.Violations.Add($"seed {options.Seed}: the round threw {e}");
                }
                finally
                {
                    round.CloseSockets();
                }

                report.Rounds++;
                report.Threads = Math.Max(report.Threads, options.Threads);
                report.Operations += round.Operations;
                report.Violations.AddRange(round.Violations);
                foreach ((string outcome, int count) in round.Outcomes)
                {
                    report.Outcomes[outcome] = report.Outcomes.GetValueOrDefault(outcome) + count;
                }
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        report.Duration = clock.Elapsed;
        if (unobserved != 0)
        {
            report.Violations.Add($"{unobserved} unobserved task exceptions: {string.Join(", ", unobservedKinds.Distinct())}");
        }

        return report;
    }

    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"rounds {Rounds}, worker threads per round {Threads} (+1 script, +1 disposer), operations {Operations}, duration {Duration.TotalSeconds:F1} s, violations {Violations.Count}");
        foreach ((string outcome, int count) in Outcomes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {outcome}: {count}");
        }

        foreach (string v in Violations.Take(20))
        {
            text.AppendLine("  VIOLATION " + v);
        }

        return text.ToString();
    }
}
