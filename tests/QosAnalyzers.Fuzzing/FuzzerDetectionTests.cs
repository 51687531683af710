using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QosAnalyzers.Fuzzing;

/// <summary>The fuzzer finds what it exists to find: components that throw on some mutant are reported, with a smaller reproducer.</summary>
public class FuzzerDetectionTests
{
    private static readonly Seed s_seed = new(
        "detection seed",
        "Test0.cs",
        """
        using QosAnalyzers;

        [QosFlow(QosTrafficType.Voice, Dscp = 46)]
        public sealed partial class VoiceFlow
        {
        }

        public static class Use
        {
            public static int Twice(int x) => x * 2;

            public static int Run() => Twice(Twice(1)) + Twice(2);
        }
        """,
        ImmutableArray<(string, string)>.Empty);

    private static readonly FuzzOptions s_options = new() { Mutants = 60, Parallelism = 1, RunSeed = 7 };

    [Fact]
    public async Task A_throwing_analyzer_is_reported_with_a_reduced_reproducer()
    {
        var components = new Components(Components.ShippedGenerators(), new DiagnosticAnalyzer[] { new ThrowingAnalyzer() }, Array.Empty<CodeFixProvider>());
        FuzzReport report = await Fuzzer.RunAsync(new[] { s_seed }, components, s_options);

        Finding finding = Assert.Single(report.Findings);
        Assert.Equal(nameof(ThrowingAnalyzer), finding.Crash.Component);
        Assert.Equal(typeof(InvalidOperationException).FullName, finding.Crash.ExceptionType);
        Assert.True(finding.Reproducer.Length < finding.Mutant.Text.Length, finding.Reproducer);
        Assert.Contains(nameof(ThrowingAnalyzer), report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throwing_generator_is_reported()
    {
        var components = new Components(new[] { new ThrowingGenerator().AsSourceGenerator() }, Array.Empty<DiagnosticAnalyzer>(), Array.Empty<CodeFixProvider>());
        FuzzReport report = await Fuzzer.RunAsync(new[] { s_seed }, components, s_options);

        Finding finding = Assert.Single(report.Findings);
        Assert.True(finding.Crash.Component == nameof(ThrowingGenerator), report.Describe());
        Assert.Equal("generator", finding.Crash.Stage);
    }

    [Theory]
    [InlineData(FixFailure.Register, "RegisterCodeFixesAsync")]
    [InlineData(FixFailure.Compute, "code action")]
    [InlineData(FixFailure.FixAll, "FixAll")]
    public async Task A_throwing_code_fix_is_reported(FixFailure failure, string stage)
    {
        var components = new Components(Array.Empty<ISourceGenerator>(), new DiagnosticAnalyzer[] { new EveryCallAnalyzer() }, new CodeFixProvider[] { new ThrowingCodeFix(failure) });
        FuzzReport report = await Fuzzer.RunAsync(new[] { s_seed }, components, s_options with { Mutants = 30, Minimize = false });

        // Fix All runs the provider too, so the same failure may also be found there.
        Assert.All(report.Findings, f => Assert.Equal(nameof(ThrowingCodeFix), f.Crash.Component));
        Assert.Contains(report.Findings, f => f.Crash.Stage.StartsWith(stage, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Well_behaved_components_report_nothing_and_their_fixes_are_applied()
    {
        var components = new Components(Array.Empty<ISourceGenerator>(), new DiagnosticAnalyzer[] { new EveryCallAnalyzer() }, new CodeFixProvider[] { new ThrowingCodeFix(FixFailure.None) });
        FuzzReport report = await Fuzzer.RunAsync(new[] { s_seed }, components, s_options);

        Assert.True(report.Findings.IsEmpty, report.Describe());
        Assert.True(report.CodeActionsApplied > 0 && report.FixAllApplied > 0, report.Summary);
    }

    [Fact]
    public void Mutants_are_reproducible_from_the_run_seed()
    {
        var a = new Mutator(s_seed.Text, runSeed: 1, seedIndex: 0);
        var b = new Mutator(s_seed.Text, runSeed: 1, seedIndex: 0);
        var c = new Mutator(s_seed.Text, runSeed: 2, seedIndex: 0);
        var first = Enumerable.Range(0, 200).Select(n => a.Create(n).Text).ToList();
        Assert.Equal(first, Enumerable.Range(0, 200).Select(n => b.Create(n).Text));
        Assert.NotEqual(first, Enumerable.Range(0, 200).Select(n => c.Create(n).Text));

        // The even mutants walk the truncations: each a distinct prefix, one per token.
        var truncations = Enumerable.Range(0, a.TokenCount).Select(i => a.Create(2 * i).Text).ToList();
        Assert.All(truncations, t => Assert.StartsWith(t, s_seed.Text, StringComparison.Ordinal));
        Assert.Equal(a.TokenCount, truncations.Distinct().Count());
    }
}
