using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QosAnalyzers.Benchmarks;

/// <summary>The [QosFlow] generator against the runtime's LibraryImportGenerator, full and incremental runs.</summary>
internal static class GeneratorCost
{
    public sealed record Result(
        int Declarations,
        double OursFullMs,
        double LibraryImportFullMs,
        double OursIncrementalMs,
        double LibraryImportIncrementalMs,
        bool OursIncrementalAllCached)
    {
        public double FullRatio => OursFullMs / LibraryImportFullMs;

        public double OursIncrementalShare => OursIncrementalMs / OursFullMs;
    }

    private static readonly HashSet<string> s_ourSteps = typeof(QosAnalyzers.Generator.TrackingNames)
        .GetFields()
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    public static Result Measure(int declarations, int iterations)
    {
        IIncrementalGenerator ours = new QosAnalyzers.Generator.QosFlowGenerator();
        ISourceGenerator libraryImport = References.LibraryImportGenerator();

        CSharpCompilation flows = SyntheticProject.Compile(
            Enumerable.Range(0, declarations).Select(i => SyntheticProject.Parse($"Flow{i}.cs", FlowClass(i))).Append(Unrelated(0)),
            new[] { References.Runtime });
        CSharpCompilation imports = SyntheticProject.Compile(
            Enumerable.Range(0, declarations).Select(i => SyntheticProject.Parse($"Import{i}.cs", ImportClass(i))).Append(Unrelated(0)));

        var oursFull = new List<double>();
        var theirsFull = new List<double>();
        var oursIncremental = new List<double>();
        var theirsIncremental = new List<double>();
        bool allCached = true;

        for (int i = -1; i < iterations; i++)
        {
            (double full, double incremental, bool cached) o = Run(ours.AsSourceGenerator(), flows);
            (double full, double incremental, bool cached) t = Run(libraryImport, imports);
            if (i >= 0)
            {
                oursFull.Add(o.full);
                oursIncremental.Add(o.incremental);
                theirsFull.Add(t.full);
                theirsIncremental.Add(t.incremental);
                allCached &= o.cached;
            }
        }

        return new Result(declarations, AnalyzerCost.Median(oursFull), AnalyzerCost.Median(theirsFull), AnalyzerCost.Median(oursIncremental), AnalyzerCost.Median(theirsIncremental), allCached);
    }

    /// <summary>A full run, then a run after an edit to the unrelated file; times from GeneratorDriver.GetTimingInfo.</summary>
    private static (double Full, double Incremental, bool AllCached) Run(ISourceGenerator generator, CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { generator },
            parseOptions: SyntheticProject.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        driver = driver.RunGenerators(compilation);
        double full = driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;

        SyntaxTree old = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(old, Unrelated(1));
        driver = driver.RunGenerators(edited);
        double incremental = driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;

        if (Environment.GetEnvironmentVariable("QOS_BENCH_STEPS") == "1")
        {
            foreach (var step in driver.GetRunResult().Results.SelectMany(r => r.TrackedSteps))
            {
                Console.WriteLine($"  {generator.GetGeneratorType().Name} {step.Key}: {step.Value.Sum(s => s.ElapsedTime.TotalMilliseconds):F2} ms over {step.Value.Length} runs");
            }
        }

        // Only the generator's own named steps (Roslyn's internal attribute-lookup steps see the edited tree).
        bool cached = driver.GetRunResult().Results.All(r => r.TrackedSteps
            .Where(step => s_ourSteps.Contains(step.Key))
            .All(step => step.Value.All(s => s.Outputs.All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))));
        return (full, incremental, cached);
    }

    private static SyntaxTree Unrelated(int version) => SyntheticProject.Parse("Unrelated.cs", $$"""
        namespace Synthetic;
        internal static class Unrelated
        {
            public static int Value => {{version.ToString(CultureInfo.InvariantCulture)}};
        }
        """);

    private static string FlowClass(int i) => $$"""
        using QosAnalyzers;

        namespace Synthetic.Flows;

        [QosFlow(QosTrafficType.{{(i % 2 == 0 ? "Voice" : "AudioVideo")}}{{(i % 2 == 0 ? "" : ", Adaptive = true")}})]
        public sealed partial class Flow{{i.ToString(CultureInfo.InvariantCulture)}};
        """;

    private static string ImportClass(int i) => $$"""
        using System.Runtime.InteropServices;

        namespace Synthetic.Imports;

        internal static partial class Native{{i.ToString(CultureInfo.InvariantCulture)}}
        {
            [LibraryImport("native", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool Call{{i.ToString(CultureInfo.InvariantCulture)}}(nint handle, uint flowId, [MarshalAs(UnmanagedType.LPWStr)] string name, out int result);
        }
        """;
}
