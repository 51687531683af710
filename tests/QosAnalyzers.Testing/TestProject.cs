using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QosAnalyzers.Testing;

/// <summary>How test compilations are built: options, references and the LibraryImport stubs.</summary>
public static class TestProject
{
    public const string ProjectName = "TestProject";

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithAllowUnsafe(true)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // Missing XML docs on test snippets are noise.
                ["CS1591"] = ReportDiagnostic.Suppress,
            });

    /// <summary>Path of the i-th test document, as diagnostics report it.</summary>
    public static string DocumentPath(int index, int count) => count == 1 ? "Test0.cs" : $"Test{index}.cs";

    public static CSharpCompilation CreateCompilation(IEnumerable<(string Path, string Source)> sources, IEnumerable<MetadataReference>? additionalReferences = null)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, s.Path, System.Text.Encoding.UTF8)).ToList();
        var compilation = CSharpCompilation.Create(
            ProjectName,
            trees,
            ReferenceAssemblies.Net.AddRange(additionalReferences ?? Enumerable.Empty<MetadataReference>()),
            CompilationOptions);
        return compilation;
    }

    /// <summary>Adds what the build's source generators would add (see <see cref="LibraryImportStubGenerator"/>).</summary>
    public static Compilation Complete(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new LibraryImportStubGenerator().AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.FirstOrDefault()?.Options! ?? ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> _);
        return output;
    }
}
