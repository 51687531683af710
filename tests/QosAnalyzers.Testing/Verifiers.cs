using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace QosAnalyzers.Testing;

/// <summary>Shorthand for one analyzer: <c>VerifyAnalyzerAsync(source, expected…)</c>, as in roslyn-sdk's verifiers.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic() => new(new TAnalyzer().SupportedDiagnostics.Single());

    public static DiagnosticResult Diagnostic(string id) => new(new TAnalyzer().SupportedDiagnostics.Single(d => d.Id == id));

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new QosAnalyzerTest(new TAnalyzer());
        test.TestState.Sources.Add(source);
        test.ExpectedDiagnostics.AddRange(expected.Select(e => e.AsStated()));
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
        var test = new QosCodeFixTest(new TCodeFix(), new TAnalyzer());
        test.TestState.Sources.Add(source);
        test.FixedState.Sources.Add(fixedSource);
        if (batchFixedSource is not null)
        {
            test.BatchFixedState.Sources.Add(batchFixedSource);
        }

        test.ExpectedDiagnostics.AddRange(expected.Select(e => e.AsStated()));
        return test.RunAsync();
    }
}

/// <summary>Expected diagnostics by rule ID, for tests that run several analyzers, and markup-keyed additional locations.</summary>
public static class DiagnosticResults
{
    /// <summary>An expected diagnostic of rule <paramref name="id"/> at its default severity, from the analyzers given.</summary>
    public static DiagnosticResult Of(string id, params DiagnosticAnalyzer[] analyzers) =>
        analyzers.SelectMany(a => a.SupportedDiagnostics).FirstOrDefault(d => d.Id == id) is DiagnosticDescriptor descriptor
            ? new DiagnosticResult(descriptor)
            : new DiagnosticResult(id, DiagnosticSeverity.Warning);

    /// <summary>
    /// An expectation checked as far as the test states it: the message only when arguments (or a message)
    /// are given, additional locations only when some are given. The library checks both always.
    /// </summary>
    public static DiagnosticResult AsStated(this DiagnosticResult result)
    {
        if (result.MessageArguments is null && result.MessageFormat is not null && result.Message == result.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            result = result.WithMessage(null);
        }

        if (result.Spans.Length == 1)
        {
            result = result.WithOptions(result.Options | DiagnosticOptions.IgnoreAdditionalLocations);
        }

        return result;
    }

    /// <summary>Additional locations given by markup keys <c>{|#n:…|}</c>, after the primary one.</summary>
    public static DiagnosticResult WithAdditionalLocations(this DiagnosticResult result, params int[] markupKeys)
    {
        foreach (int key in markupKeys)
        {
            result = result.WithLocation(key);
        }

        return result;
    }
}

/// <summary>Conveniences over the library's source lists.</summary>
public static class SourceFileListExtensions
{
    public static void AddRange(this SourceFileList list, System.Collections.Generic.IEnumerable<string> sources)
    {
        foreach (string source in sources)
        {
            list.Add(source);
        }
    }
}
