// Runs the generators and then the attribute analyzer, as a build does, and records analyzer
// exceptions instead of letting them become silent AD0001 diagnostics.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Attributes;

namespace QosAnalyzers.Generator.Tests.Infrastructure;

internal sealed record AttributeAnalysis(
    ImmutableArray<Diagnostic> Analyzer,
    ImmutableArray<Diagnostic> Compiler,
    IReadOnlyDictionary<string, string> Generated,
    IReadOnlyList<Exception> Exceptions)
{
    public static AttributeAnalysis Run(string source, bool allowUnsafe = true, LanguageVersion? languageVersion = null)
    {
        // Severities as a user sees them by default, not escalated by warnings-as-errors.
        Compilation input = TestCompilation.Create(allowUnsafe, source);
        if (languageVersion is { } version)
        {
            input = TestCompilation.AtLanguageVersion((CSharpCompilation)input, version);
        }

        input = input.WithOptions(input.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default));
        var (output, generatorDiagnostics, result) = TestCompilation.Run(input);
        var exceptions = new ConcurrentQueue<Exception>();
        foreach (GeneratorRunResult r in result.Results)
        {
            if (r.Exception is not null)
            {
                exceptions.Enqueue(r.Exception);
            }
        }

        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (e, _, _) => exceptions.Enqueue(e),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> analyzer = output
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new QosAttributeUsageAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        return new AttributeAnalysis(
            analyzer,
            output.GetDiagnostics().AddRange(generatorDiagnostics),
            TestCompilation.GeneratedSources(result),
            exceptions.ToList());
    }

    /// <summary>Each analyzer diagnostic as "ID: text at its location".</summary>
    public string[] Reported =>
        Analyzer.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => d.Id + ": " + (d.Location.IsInSource ? d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) : "<no location>"))
            .ToArray();
}
