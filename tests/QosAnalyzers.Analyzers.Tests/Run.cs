using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>Runs one analyzer (and its fix) over a test document plus binding documents.</summary>
internal static class Run
{
    public static Task Analyzer<TAnalyzer>(string source, string bindings, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        Analyzer<TAnalyzer>(new[] { source, bindings }, expected);

    public static Task Analyzer<TAnalyzer>(string[] sources, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerTest(new TAnalyzer());
        test.Sources.AddRange(sources);
        test.ExpectedDiagnostics.AddRange(expected);
        return RunWithEditsAsync(test, sources);
    }

    /// <summary>
    /// Every positive case is also run truncated and half-typed around its marked code, under all
    /// the rules at once: whatever they report there, none may throw.
    /// </summary>
    private static async Task RunWithEditsAsync(AnalyzerTest test, string[] sources)
    {
        await test.RunAsync().ConfigureAwait(false);
        if (System.Array.Exists(sources, s => Markup.Parse(s).Spans.Count > 0))
        {
            await EditRobustness.VerifyNoAnalyzerFailuresAsync(AllRules, sources).ConfigureAwait(false);
        }
    }

    /// <summary>Every analyzer the package ships, found by reflection so a new rule is covered without edits here.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllRules { get; } = typeof(RuleIdentifiers).Assembly
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static Task CodeFix<TAnalyzer, TCodeFix>(string source, string bindings, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest(new TCodeFix(), new TAnalyzer());
        test.Sources.Add(source);
        test.Sources.Add(bindings);
        test.FixedSources.Add(fixedSource);
        test.FixedSources.Add(bindings);
        test.ExpectedDiagnostics.AddRange(expected);
        return RunWithEditsAsync(test, new[] { source, bindings });
    }
}
