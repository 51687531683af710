using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.Flow;

/// <summary>
/// The flow rules share one analysis per control-flow graph: however many of them run, each method
/// body (and each lambda or local function in it that calls qWAVE) is analyzed exactly once.
/// </summary>
public class SinglePassTests
{
    private const string Source = """
        using System;
        using Interop;

        class C
        {
            void Several(IntPtr h, IntPtr s, IntPtr overlapped)
            {
                uint id = 7;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);
                _ = Qwave.QOSCloseHandle(h);
                _ = Qwave.QOSCloseHandle(h);
            }

            void WithLambda(IntPtr h)
            {
                Action close = () => _ = Qwave.QOSCloseHandle(h);
                close();
            }

            void Plain(IntPtr h, uint id) => _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);

            void NoQwave() => Console.WriteLine("nothing to analyze");
        }
        """;

    [Fact]
    public async Task Every_rule_together_costs_one_analysis_per_graph()
    {
        (FlowPass pass, ImmutableArray<Diagnostic> diagnostics, SyntaxTree tree) = await RunAsync(Run.AllRules);

        // Several, WithLambda, the lambda in it, Plain: four graphs; NoQwave is skipped by the pre-check.
        Assert.Equal(4, pass.AnalysesRun);
        foreach (MethodDeclarationSyntax method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            // The cache is keyed by the operation block's syntax: the body block or the arrow's expression.
            // A body that mentions no qWAVE name is rejected on its text and never analyzed.
            SyntaxNode?[] keys = { method, method.Body, method.ExpressionBody, method.ExpressionBody?.Expression };
            Assert.Equal(method.Identifier.ValueText == "NoQwave" ? 0 : 1, keys.Where(k => k is not null).Sum(k => pass.AnalysesOf(k!)));
        }

        // One pass fed every rule that had something to say about Several.
        string[] ids = diagnostics.Select(d => d.Id).Distinct().OrderBy(i => i, System.StringComparer.Ordinal).ToArray();
        Assert.Contains("QOS002", ids);
        Assert.Contains("QOS006", ids);
        Assert.Contains("QOS008", ids);
        Assert.Contains("QOS010", ids);
    }

    [Fact]
    public async Task One_rule_alone_costs_the_same()
    {
        (FlowPass pass, ImmutableArray<Diagnostic> diagnostics, _) = await RunAsync(ImmutableArray.Create<DiagnosticAnalyzer>(new HandleUsedAfterCloseAnalyzer()));
        Assert.Equal(4, pass.AnalysesRun);
        Assert.Single(diagnostics, d => d.Id == "QOS008");
    }

    private static async Task<(FlowPass Pass, ImmutableArray<Diagnostic> Diagnostics, SyntaxTree Tree)> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var probe = new CompilationProbe();
        Compilation compilation = TestProject.CreateCompilation(new[] { ("Test0.cs", Source), ("Test1.cs", Bindings.DllImportBool) });
        var withAnalyzers = compilation.WithAnalyzers(analyzers.Add(probe));
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001");
        Compilation analyzed = Assert.Single(probe.Compilations.Distinct());
        return (FlowPass.For(analyzed, QosAnalyzers.Analyzers.Rules.FlowRules.All), diagnostics, analyzed.SyntaxTrees.First(t => t.FilePath == "Test0.cs"));
    }

    /// <summary>Captures the compilation instance the analyzer driver hands to the rules (it differs from the one passed in).</summary>
#pragma warning disable RS1036 // Test-only analyzer.
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class CompilationProbe : DiagnosticAnalyzer
#pragma warning restore RS1036
    {
        public ConcurrentBag<Compilation> Compilations { get; } = new();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(new DiagnosticDescriptor("PROBE", "probe", "probe", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true));

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationAction(end => Compilations.Add(end.Compilation));
        }
    }
}
