using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QosAnalyzers.Testing;

/// <summary>Shorthand for one analyzer: <c>Verify.VerifyAnalyzerAsync(source, expected…)</c>.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic() => DiagnosticResult.Diagnostic(new TAnalyzer().SupportedDiagnostics.Single().Id);

    public static DiagnosticResult Diagnostic(string id) => DiagnosticResult.Diagnostic(id);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(new TAnalyzer());
        test.Sources.Add(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>Shorthand for one analyzer and its fix.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic() => AnalyzerVerifier<TAnalyzer>.Diagnostic();

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected);

    public static Task VerifyCodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
        VerifyCodeFixAsync(source, fixedSource, batchFixedSource: null, expected);

    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? batchFixedSource, params DiagnosticResult[] expected)
    {
        var test = new CodeFixTest(new TCodeFix(), new TAnalyzer());
        test.Sources.Add(source);
        test.FixedSources.Add(fixedSource);
        if (batchFixedSource is not null)
        {
            test.BatchFixedSources.Add(batchFixedSource);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
