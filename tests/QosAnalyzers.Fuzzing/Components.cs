using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers;
using QosAnalyzers.CodeFixes;
using QosAnalyzers.Generator;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Fuzzing;

/// <summary>
/// What a fuzz run exercises: generators, analyzers and code fix providers. The shipped set is found
/// by reflection, so a rule added to the assemblies is fuzzed without an edit here.
/// </summary>
public sealed class Components
{
    public Components(
        IEnumerable<ISourceGenerator> generators,
        IEnumerable<DiagnosticAnalyzer> analyzers,
        IEnumerable<CodeFixProvider> codeFixes,
        IEnumerable<ISourceGenerator>? buildGenerators = null)
    {
        Generators = generators.ToImmutableArray();
        BuildGenerators = buildGenerators?.ToImmutableArray() ?? ImmutableArray<ISourceGenerator>.Empty;
        Analyzers = analyzers.ToImmutableArray();
        CodeFixes = codeFixes.ToImmutableArray();
        FixableIds = CodeFixes.SelectMany(f => f.FixableDiagnosticIds).ToImmutableHashSet(StringComparer.Ordinal);
    }

    /// <summary>The generators under test, whose exceptions are findings.</summary>
    public ImmutableArray<ISourceGenerator> Generators { get; }

    /// <summary>
    /// Generators a build runs beside them (the SDK's LibraryImportGenerator), so mutants compile as in a
    /// build; their own crashes on mangled code are not this package's findings.
    /// </summary>
    public ImmutableArray<ISourceGenerator> BuildGenerators { get; }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> CodeFixes { get; }

    public ImmutableHashSet<string> FixableIds { get; }

    private static readonly Lazy<Components> s_shipped = new(() => new Components(
        ShippedGenerators(),
        ShippedAnalyzers(),
        ShippedCodeFixes(),
        SdkGenerators.For(TargetFrameworks.Default).Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())));

    /// <summary>Everything the package ships, instantiated once and shared, as the IDE shares them.</summary>
    public static Components Shipped => s_shipped.Value;

    public static Assembly AnalyzersAssembly => typeof(QwaveDiagnosticAnalyzer).Assembly;

    public static Assembly CodeFixesAssembly => typeof(ReservedFlagsCodeFix).Assembly;

    public static Assembly GeneratorAssembly => typeof(QosFlowGenerator).Assembly;

    public static IEnumerable<Type> AnalyzerTypes() =>
        Concrete(AnalyzersAssembly, typeof(DiagnosticAnalyzer))
            .Where(t => t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0);

    public static IEnumerable<Type> CodeFixTypes() => Concrete(CodeFixesAssembly, typeof(CodeFixProvider));

    public static IEnumerable<Type> GeneratorTypes() =>
        GeneratorAssembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttributes(typeof(GeneratorAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static IEnumerable<DiagnosticAnalyzer> ShippedAnalyzers() =>
        AnalyzerTypes().Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    public static IEnumerable<CodeFixProvider> ShippedCodeFixes() =>
        CodeFixTypes().Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);

    public static IEnumerable<ISourceGenerator> ShippedGenerators() =>
        GeneratorTypes().Select(t => Activator.CreateInstance(t) switch
        {
            IIncrementalGenerator incremental => incremental.AsSourceGenerator(),
            ISourceGenerator generator => generator,
            _ => throw new InvalidOperationException(t.FullName + " carries [Generator] but is not a generator."),
        });

    /// <summary>The name a failure report uses for a generator (the wrapper of an incremental one hides its type).</summary>
    public static string NameOf(ISourceGenerator generator) => generator.GetGeneratorType().Name;

    private static IEnumerable<Type> Concrete(Assembly assembly, Type baseType) =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && baseType.IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
