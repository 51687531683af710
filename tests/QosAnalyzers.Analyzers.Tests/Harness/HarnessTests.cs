using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Testing;
using Xunit.Sdk;

namespace QosAnalyzers.Analyzers.Tests.Harness;

/// <summary>The harness must fail exactly when roslyn-sdk's would: a verifier that cannot fail proves nothing.</summary>
public class HarnessTests
{
    private const string CallsReport = """
        class C
        {
            static void Report() { }
            void M() { {|#0:Report()|}; }
        }
        """;

    [Fact]
    public void Markup_yields_clean_source_and_spans()
    {
        var (source, spans) = Markup.Parse("a[|b|]c{|X1:d{|#3:e|}|}f");
        Assert.Equal("abcdef", source);
        Assert.Collection(
            spans,
            s => Assert.Equal((1, 2, (string?)null, (int?)null), (s.Span.Start, s.Span.End, s.DiagnosticId, s.LocationIndex)),
            s => Assert.Equal((3, 5, "X1", (int?)null), (s.Span.Start, s.Span.End, s.DiagnosticId, s.LocationIndex)),
            s => Assert.Equal((4, 5, (string?)null, (int?)3), (s.Span.Start, s.Span.End, s.DiagnosticId, s.LocationIndex)));
        Assert.Throws<FormatException>(() => Markup.Parse("a[|b"));
        Assert.Throws<FormatException>(() => Markup.Parse("a|]b"));
    }

    [Fact]
    public void Reference_sets_come_from_the_pinned_reference_packs()
    {
        Assert.Contains(TargetFrameworks.References(TargetFrameworks.Net100), r => r.Display!.Contains("microsoft.netcore.app.ref", StringComparison.OrdinalIgnoreCase) && r.Display.Contains("net10.0", StringComparison.Ordinal));
        Assert.Contains(TargetFrameworks.References(TargetFrameworks.Net80), r => r.Display!.Contains("net8.0", StringComparison.Ordinal) && r.Display.EndsWith("System.Runtime.dll", StringComparison.Ordinal));
        Assert.Contains(TargetFrameworks.References(TargetFrameworks.Net472), r => r.Display!.EndsWith("mscorlib.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void LibraryImport_partials_are_completed_by_the_SDKs_own_generator()
    {
        Assert.NotNull(SdkGenerators.LibraryImportGenerator);
        var compilation = TestProject.CreateCompilation(new[] { ("Test0.cs", Bindings.LibraryImportPointers) });
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS8795");
        var completed = TestProject.Complete(compilation);
        Assert.Empty(completed.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        SyntaxTree generated = Assert.Single(completed.SyntaxTrees.Except(compilation.SyntaxTrees));
        Assert.Contains("LibraryImportGenerator", generated.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public Task Passes_when_expectations_match() =>
        Verify(new ReportingAnalyzer(), CallsReport, Expected().WithLocation(0).WithArguments("Report"));

    [Fact]
    public Task Fails_on_a_missing_diagnostic() =>
        AssertFails("Mismatch between number of diagnostics", Verify(new ReportingAnalyzer(), CallsReport.Replace("{|#0:Report()|}", "{|#0:M()|}", StringComparison.Ordinal), Expected().WithLocation(0)));

    [Fact]
    public Task Fails_on_an_unexpected_diagnostic() =>
        AssertFails("QOSTEST", Verify(new ReportingAnalyzer(), CallsReport));

    [Fact]
    public Task Fails_on_wrong_message_arguments() =>
        AssertFails("message", Verify(new ReportingAnalyzer(), CallsReport, Expected().WithLocation(0).WithArguments("Other")));

    [Fact]
    public Task Fails_on_a_wrong_span() =>
        AssertFails("Expected diagnostic to end at column", Verify(new ReportingAnalyzer(), CallsReport.Replace("{|#0:Report()|}", "{|#0:Report|}()", StringComparison.Ordinal), Expected().WithLocation(0)));

    [Fact]
    public async Task Fails_on_unexpected_compile_errors_unless_expected()
    {
        await AssertFails("CS1002", Verify(new ReportingAnalyzer(), "class C { void M() { int x = 1 } }"));
        await Verify(new ReportingAnalyzer(), "class C { void M() { int x = 1 } }", DiagnosticResult.CompilerError("CS1002").WithLocation(1, 32));
    }

    [Fact]
    public Task Fails_on_analyzer_exceptions() =>
        AssertFails("AD0001", Verify(new ThrowingAnalyzer(), "class C { void M() { M(); } }"));

    [Fact]
    public Task Fails_when_generated_code_is_analyzed() =>
        AssertFails("auto-generated", Verify(new ReportingAnalyzer(analyzeGenerated: true), CallsReport, Expected().WithLocation(0).WithArguments("Report")));

    [Fact]
    public Task A_failure_shows_the_actual_diagnostics_as_markup() =>
        AssertFails("{|QOSTEST:Report()|}", Verify(new ReportingAnalyzer(), CallsReport));

    [Fact]
    public Task Fails_on_a_wrong_fix() =>
        AssertFails("Other", VerifyFix(new RenameFix("M"), "Other"));

    [Fact]
    public Task Fails_when_the_fixed_code_does_not_compile() =>
        AssertFails("CS0103", VerifyFix(new RenameFix("Missing"), "Missing"));

    [Fact]
    public Task Fails_when_the_fix_does_not_converge() =>
        AssertFails("Iterative code fix application", VerifyFix(new RenameFix("Report"), "Report"));

    [Fact]
    public Task Fails_when_the_fix_adds_a_compiler_warning() =>
        AssertFails("compiler warnings the original did not", VerifyFix(new RenameFix("Old"), "Old"));

    [Fact]
    public Task Passes_a_correct_fix_in_every_fix_all_scope() =>
        VerifyFix(new RenameFix("Other"), "Other");

    private static DiagnosticResult Expected() => new(ReportingAnalyzer.Id, DiagnosticSeverity.Warning);

    private static Task Verify(DiagnosticAnalyzer analyzer, string source, params DiagnosticResult[] expected)
    {
        var test = new QosAnalyzerTest(analyzer);
        test.TestState.Sources.Add(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static Task VerifyFix(CodeFixProvider fix, string after)
    {
        var test = new QosCodeFixTest(fix, new ReportingAnalyzer());
        test.TestState.Sources.Add("class C { static void Report() { } static void Other() { } [System.Obsolete] static void Old() { } void M() { [|Report()|]; [|Report()|]; } }");
        test.FixedState.Sources.Add($"class C {{ static void Report() {{ }} static void Other() {{ }} [System.Obsolete] static void Old() {{ }} void M() {{ {after}(); {after}(); }} }}".Replace(" Report();", " [|Report()|];", StringComparison.Ordinal));
        return test.RunAsync();
    }

    private static async Task AssertFails(string expectedText, Task verification)
    {
        var ex = await Assert.ThrowsAsync<XunitException>(() => verification);
        Assert.Contains(expectedText, ex.Message, StringComparison.Ordinal);
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ReportingAnalyzer : DiagnosticAnalyzer
    {
        public const string Id = "QOSTEST";
        private static readonly DiagnosticDescriptor s_rule = new(Id, "Test", "Call to {0}", "Test", DiagnosticSeverity.Warning, true);
        private readonly bool _analyzeGenerated;

        public ReportingAnalyzer(bool analyzeGenerated = false) => _analyzeGenerated = analyzeGenerated;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(_analyzeGenerated ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics : GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (invocation.TargetMethod.Name == "Report")
                    {
                        c.ReportDiagnostic(Diagnostic.Create(s_rule, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
                    }
                },
                OperationKind.Invocation);
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_rule = new("QOSTHROW", "Test", "Test", "Test", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => throw new InvalidOperationException("boom"), OperationKind.Invocation);
        }
    }

    [Shared]
    private sealed class RenameFix : CodeFixProvider
    {
        private readonly string _to;

        public RenameFix(string to) => _to = to;

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(ReportingAnalyzer.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
            if (root.FindNode(context.Span) is InvocationExpressionSyntax { Expression: IdentifierNameSyntax name })
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Rename", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(name, SyntaxFactory.IdentifierName(_to).WithTriviaFrom(name)))), "Rename"),
                    context.Diagnostics);
            }
        }
    }
}
