using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace QosAnalyzers.Testing;

/// <summary>
/// How test compilations are built, the same for the verifiers and for code that compiles directly
/// (robustness runs, the fuzzer, the benchmarks): options, references, and the generators a build runs.
/// </summary>
public static class TestProject
{
    public const string ProjectName = "TestProject";

    /// <summary>The language version a new project for <paramref name="framework"/> gets by default.</summary>
    public static LanguageVersion DefaultLanguageVersion(ReferenceAssemblies framework) =>
        framework == TargetFrameworks.Net472 ? LanguageVersion.CSharp7_3 : LanguageVersion.Latest;

    public static CSharpParseOptions ParseOptions { get; } = ParseOptionsFor(TargetFrameworks.Default);

    public static CSharpParseOptions ParseOptionsFor(ReferenceAssemblies framework) =>
        new(DefaultLanguageVersion(framework), DocumentationMode.Diagnose);

    public static CSharpCompilationOptions CompilationOptions { get; } = CompilationOptionsFor(TargetFrameworks.Default);

    public static CSharpCompilationOptions CompilationOptionsFor(ReferenceAssemblies framework) =>
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithAllowUnsafe(true)
            .WithNullableContextOptions(DefaultLanguageVersion(framework) >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // Missing XML docs on test snippets are noise.
                ["CS1591"] = ReportDiagnostic.Suppress,

                // What the SDK suppresses in every build (unification of reference assembly versions).
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });

    /// <summary>Path of the i-th test document, as the verifiers name it.</summary>
    public static string DocumentPath(int index, int count) => $"/0/Test{index}.cs";

    public static CSharpCompilation CreateCompilation(
        IEnumerable<(string Path, string Source)> sources,
        IEnumerable<MetadataReference>? additionalReferences = null,
        ReferenceAssemblies? framework = null)
    {
        framework ??= TargetFrameworks.Default;
        CSharpParseOptions parseOptions = ParseOptionsFor(framework);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, parseOptions, s.Path, System.Text.Encoding.UTF8)).ToList();
        return CSharpCompilation.Create(
            ProjectName,
            trees,
            TargetFrameworks.References(framework).AddRange(additionalReferences ?? Enumerable.Empty<MetadataReference>()),
            CompilationOptionsFor(framework));
    }

    /// <summary>
    /// Adds what the build's source generators add: the SDK's (LibraryImportGenerator, where the
    /// framework has it and this Roslyn can load it) and any <paramref name="generators"/> given.
    /// </summary>
    public static Compilation Complete(Compilation compilation, ReferenceAssemblies? framework = null, IEnumerable<Type>? generators = null)
    {
        var all = SdkGenerators.For(framework ?? TargetFrameworks.Default).Concat(generators ?? Enumerable.Empty<Type>())
            .Select(t => Activator.CreateInstance(t)!)
            .Select(g => g is IIncrementalGenerator incremental ? incremental.AsSourceGenerator() : (ISourceGenerator)g)
            .ToImmutableArray();
        if (all.IsEmpty)
        {
            return compilation;
        }

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            all,
            parseOptions: (CSharpParseOptions?)compilation.SyntaxTrees.FirstOrDefault()?.Options ?? ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> _);
        return output;
    }
}
