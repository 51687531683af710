// Builds test compilations and runs the generators on them with step tracking, as the
// incremental-generator cookbook and LibraryImportGenerator's tests do.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QosAnalyzers.Generator.Tests.Infrastructure;

internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions =
        new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static CSharpCompilation Create(params string[] sources) => Create(allowUnsafe: true, sources);

    public static CSharpCompilation Create(bool allowUnsafe, params string[] sources) =>
        CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Source" + i + ".cs")),
            TestReferences.Net10WithRuntime,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: allowUnsafe,
                warningLevel: 9999,
                generalDiagnosticOption: ReportDiagnostic.Error,
                // Missing docs on the test's own user code is not what these tests judge.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1591"] = ReportDiagnostic.Suppress,
                    // The runtime targets net8.0 and the references are net10.0; the SDK silences these too.
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    /// <summary>
    /// The compilation with its sources parsed as C# <paramref name="version"/>, the way a project
    /// with that LangVersion compiles them (nullable context disabled before C# 8, where it does not exist).
    /// </summary>
    public static CSharpCompilation AtLanguageVersion(CSharpCompilation compilation, LanguageVersion version)
    {
        CSharpParseOptions options = ParseOptions.WithLanguageVersion(version);
        CSharpCompilation result = compilation
            .RemoveAllSyntaxTrees()
            .AddSyntaxTrees(compilation.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), options, t.FilePath)));
        return version >= LanguageVersion.CSharp8
            ? result
            : result.WithOptions(result.Options.WithNullableContextOptions(NullableContextOptions.Disable));
    }

    public static IIncrementalGenerator[] Generators() => new IIncrementalGenerator[] { new QosFlowGenerator(), new QwaveNativeMethodsGenerator() };

    public static GeneratorDriver CreateDriver(CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            Generators().Select(g => g.AsSourceGenerator()),
            parseOptions: parseOptions ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs both generators; returns the output compilation and the generator diagnostics.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Result) Run(Compilation input)
    {
        // Generated trees are parsed as the user's own: same language version.
        var parseOptions = input.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions;
        GeneratorDriver driver = CreateDriver(parseOptions).RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (output, diagnostics, driver.GetRunResult());
    }

    /// <summary>Generated source by hint name.</summary>
    public static Dictionary<string, string> GeneratedSources(GeneratorDriverRunResult result) =>
        result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Runs the attribute analyzer over the compilation (after generation, as in a build).</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, DiagnosticAnalyzer analyzer) =>
        compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => d.ToString()));
}
