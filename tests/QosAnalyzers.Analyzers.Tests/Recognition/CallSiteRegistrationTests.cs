using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.Recognition;

/// <summary>
/// With the call-site filter in front, a rule still sees every call exactly once: in nested types, in
/// partial types spread over files (one part in a file that mentions no qWAVE name), and in
/// top-level statements.
/// </summary>
public class CallSiteRegistrationTests
{
    [Fact]
    public async Task Nested_and_partial_types_report_each_call_once()
    {
        const string Source = """
            using System;
            using Interop;

            partial class Outer
            {
                void A(IntPtr h) { Qwave.QOSCloseHandle(h); }

                class Inner
                {
                    void B(IntPtr h) { Qwave.QOSCloseHandle(h); }

                    struct Deepest
                    {
                        void C(IntPtr h) { Qwave.QOSCloseHandle(h); }
                    }
                }
            }
            """;
        const string OtherPart = """
            partial class Outer
            {
                void D(System.IntPtr h) { Interop.Qwave.QOSCloseHandle(h); }
            }
            """;
        const string Unrelated = "partial class Outer { int E() => 1; }";
        Compilation compilation = TestProject.CreateCompilation(new[] { ("a.cs", Source), ("b.cs", OtherPart), ("c.cs", Unrelated), ("d.cs", Bindings.DllImportBool) });

        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new IgnoredResultAnalyzer()));
        var reported = run.AnalyzerDiagnostics.Where(d => d.Id == RuleIdentifiers.BoolResultIgnored).ToList();
        Assert.Equal(4, reported.Count);
        Assert.Equal(4, reported.Select(d => d.Location.SourceSpan.Start + d.Location.SourceTree!.FilePath).Distinct().Count());
    }

    [Fact]
    public async Task Top_level_statements_are_seen()
    {
        const string Program = """
            System.IntPtr h = default;
            Interop.Qwave.QOSCloseHandle(h);
            """;
        Compilation compilation = TestProject.CreateCompilation(new[] { ("Program.cs", Program), ("b.cs", Bindings.DllImportBool) })
            .WithOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new IgnoredResultAnalyzer()));
        Assert.Single(run.AnalyzerDiagnostics, d => d.Id == RuleIdentifiers.BoolResultIgnored);
    }

    [Fact]
    public async Task A_flow_rule_follows_a_partial_types_part_in_a_file_without_qwave_names()
    {
        // The teardown sits in a part whose file names no binding; the helpers it calls, in the other part, do.
        const string Channel = """
            using System;
            using Interop;

            partial class Channel
            {
                private readonly IntPtr _handle;
                private readonly IntPtr _socket;
                private uint _flowId;

                public bool Start() => Qwave.QOSAddSocketToFlow(_handle, _socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);

                private void ReleaseHandle() => _ = Qwave.QOSCloseHandle(_handle);

                private void DetachFlows() => _ = Qwave.QOSRemoveSocketFromFlow(_handle, _socket, _flowId, 0);
            }
            """;
        const string Teardown = """
            partial class Channel : System.IDisposable
            {
                public void Dispose()
                {
                    ReleaseHandle();
                    DetachFlows();
                }
            }
            """;
        Compilation compilation = TestProject.CreateCompilation(new[] { ("a.cs", Channel), ("b.cs", Teardown), ("d.cs", Bindings.DllImportBool) });

        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new HandleClosedWithActiveFlowAnalyzer()));
        Diagnostic reported = Assert.Single(run.AnalyzerDiagnostics, d => d.Id == RuleIdentifiers.HandleClosedWithActiveFlowOrPendingOperation);
        Assert.Equal("b.cs", reported.Location.SourceTree!.FilePath);
        Assert.Empty(run.AnalyzerFailures);
    }

    [Fact]
    public async Task Only_the_rules_that_judge_whole_types_register_per_type()
    {
        // A symbol-start action makes the driver keep bookkeeping for every type of the compilation, for each
        // rule that registers one; the per-call and per-body rules register on the compilation instead.
        const string Source = """
            using System;
            using Interop;

            class C
            {
                void A(IntPtr h) { Qwave.QOSCloseHandle(h); }
            }
            """;
        Compilation compilation = TestProject.Complete(TestProject.CreateCompilation(new[] { ("a.cs", Source), ("d.cs", Bindings.DllImportBool) }), null, null);
        ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(IgnoredResultAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        AnalysisResult result = await withAnalyzers.GetAnalysisResultAsync(default);

        var perType = result.AnalyzerTelemetryInfo.Where(p => p.Value.SymbolStartActionsCount > 0).Select(p => p.Key.GetType().Name).OrderBy(n => n).ToList();
        Assert.Equal(new[] { nameof(FlowOrTrackingNeverReleasedAnalyzer), nameof(HandleClosedWithActiveFlowAnalyzer) }, perType);
        Assert.Contains(result.AnalyzerTelemetryInfo, p => p.Key is IgnoredResultAnalyzer && p.Value.OperationActionsCount > 0);
    }
}
