using System.Linq;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace QosAnalyzers.Fuzzing;

/// <summary>
/// Every half-typed state of the test inputs, through every generator, analyzer and code fix: none
/// may throw. A few thousand mutants here; QOS_FUZZ_MUTANTS and friends make it the long run (README.md).
/// </summary>
public class MutationFuzzTests
{
    private readonly ITestOutputHelper _output;

    public MutationFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_corpus_holds_the_test_inputs_goldens_and_samples()
    {
        var names = Corpus.All.Select(s => s.Name).ToList();
        Assert.Contains(names, n => n.StartsWith("tests/QosAnalyzers.Analyzers.Tests/", System.StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("tests/QosAnalyzers.Generator.Tests/Golden/", System.StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("tests/QosAnalyzers.Generator.Tests/", System.StringComparison.Ordinal) && !n.Contains("/Golden/", System.StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("samples/", System.StringComparison.Ordinal));

        // Test code is stored without its markup, and binding documents come along with the calls that need them.
        Assert.DoesNotContain(Corpus.All, s => s.Text.Contains("[|", System.StringComparison.Ordinal));
        Assert.Contains(Corpus.All, s => s.Text.Contains("Qwave.QOSCloseHandle(", System.StringComparison.Ordinal) && s.Companions.Any(c => c.Text.Contains("DllImport(\"qwave.dll\"", System.StringComparison.Ordinal)));
    }

    [Fact]
    public async Task No_generator_analyzer_or_code_fix_crashes_on_mutated_inputs()
    {
        FuzzOptions options = FuzzOptions.FromEnvironment(defaultMutants: 1500);
        FuzzReport report = await Fuzzer.RunAsync(Corpus.All, Components.Shipped, options);
        _output.WriteLine(report.Summary);

        Assert.True(report.Findings.IsEmpty, report.Describe());

        // The run must have reached the code fixes, or "no crash" would say nothing about them.
        Assert.True(report.MutantsWithFixableDiagnostics > 0 && report.CodeActionsApplied > 0 && report.FixAllApplied > 0, report.Summary);
    }
}
