using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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

        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new IgnoredResultAnalyzer()));
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

        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new IgnoredResultAnalyzer()));
        Assert.Single(run.AnalyzerDiagnostics, d => d.Id == RuleIdentifiers.BoolResultIgnored);
    }
}
