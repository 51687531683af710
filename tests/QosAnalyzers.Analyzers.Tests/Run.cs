using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>
/// Runs one analyzer (and its fix) over a test document plus binding documents, compiled as a consumer
/// of this package compiles: the runtime referenced, the package's generators and the SDK's
/// LibraryImportGenerator running.
/// </summary>
internal static class Run
{
    public static Task Analyzer<TAnalyzer>(string source, string bindings, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        Analyzer<TAnalyzer>(new[] { source, bindings }, expected);

    /// <summary>
    /// The analyzer over <paramref name="sources"/> on .NET 10 and on .NET 8 (the oldest .NET the package
    /// supports): the same diagnostics on both. .NET Framework code is tested with its own C# 7.3 sources.
    /// </summary>
    public static Task Analyzer<TAnalyzer>(string[] sources, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        return RunWithEditsAsync(OnEveryNetAsync(), sources);

        async Task OnEveryNetAsync()
        {
            foreach (ReferenceAssemblies framework in new[] { TargetFrameworks.Net100, TargetFrameworks.Net80 })
            {
                var test = new QosAnalyzerTest(new TAnalyzer()) { UsePackageApi = true, ReferenceAssemblies = framework };
                test.TestState.Sources.AddRange(sources);
                test.ExpectedDiagnostics.AddRange(expected.Select(e => e.AsStated()));
                await test.RunAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Every positive case is also run truncated and half-typed around its marked code, under all
    /// the rules at once: whatever they report there, none may throw.
    /// </summary>
    private static async Task RunWithEditsAsync(Task verification, string[] sources)
    {
        await verification.ConfigureAwait(false);
        if (Array.Exists(sources, s => Markup.Parse(s).Spans.Count > 0))
        {
            await Edits(sources).ConfigureAwait(false);
        }
    }

    /// <summary>The edit-robustness pass with this package's API available, as in <see cref="Analyzer{TAnalyzer}(string[], DiagnosticResult[])"/>.</summary>
    public static Task Edits(params string[] sources) =>
        EditRobustness.VerifyNoAnalyzerFailuresAsync(AllRules, sources, ShippedPackage.References(TargetFrameworks.Default), ShippedPackage.Generators);

    /// <summary>Every analyzer the package ships, found by reflection so a new rule is covered without edits here.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllRules => QosAnalyzers.Tests.Shared.ShippedComponents.Analyzers;

    public static Task CodeFix<TAnalyzer, TCodeFix>(string source, string bindings, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        CodeFix<TAnalyzer, TCodeFix>(new[] { source, bindings }, new[] { fixedSource, bindings }, expected);

    /// <summary>A fix over one document that needs nothing but this package's API.</summary>
    public static Task CodeFix<TAnalyzer, TCodeFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        CodeFix<TAnalyzer, TCodeFix>(new[] { source }, new[] { fixedSource }, expected);

    private static Task CodeFix<TAnalyzer, TCodeFix>(string[] sources, string[] fixedSources, DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new QosCodeFixTest(new TCodeFix(), new TAnalyzer())
        {
            UsePackageApi = true,

            // Fix All may need more than one pass in a document where fixes touch the same declaration
            // (QOS011, QOS017, QOS021): at most one pass per marked diagnostic, as for one-at-a-time fixing.
            NumberOfFixAllIterations = -Math.Max(1, sources.Sum(s => Markup.Parse(s).Spans.Count) + expected.Length),
        };
        test.TestState.Sources.AddRange(sources);
        test.FixedState.Sources.AddRange(fixedSources);
        test.ExpectedDiagnostics.AddRange(expected.Select(e => e.AsStated()));
        return RunWithEditsAsync(test.RunAsync(), sources);
    }
}
