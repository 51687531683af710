using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace QosAnalyzers.Testing;

/// <summary>
/// An analyzer test on Microsoft.CodeAnalysis.Testing (<see cref="DefaultVerifier"/>) for any set of
/// analyzers, compiled as a build compiles it: the SDK's LibraryImportGenerator runs, and with
/// <see cref="UsePackageApi"/> the package's runtime is referenced and its generators run. After the
/// library's checks (exact diagnostics, compile errors, <c>#pragma</c> suppression) it adds the
/// generated-code pass, and a failure shows the actual diagnostics as markup.
/// </summary>
public class QosAnalyzerTest : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
{
    public QosAnalyzerTest(params DiagnosticAnalyzer[] analyzers)
    {
        Analyzers = analyzers.ToImmutableArray();
        ReferenceAssemblies = TargetFrameworks.Default;
        // The SDK's generators are the build's, not the code under test: their output is not compared.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>Reference this package's runtime and run its generators, as a consumer of the package.</summary>
    public bool UsePackageApi { get; set; }

    /// <summary>Generators to run besides the SDK's and the package's.</summary>
    public List<Type> Generators { get; } = new();

    /// <summary>Null: the framework's default (C# 7.3 for .NET Framework, the newest otherwise).</summary>
    public LanguageVersion? LanguageVersionOverride { get; set; }

    /// <summary>Skip this package's generated-code pass (for analyzers that do look at generated code).</summary>
    public bool SkipQosGeneratedCodeCheck { get; set; }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;

    protected override IEnumerable<Type> GetSourceGenerators() => QosTestSetup.Generators(ReferenceAssemblies, UsePackageApi, Generators);

    protected override ParseOptions CreateParseOptions() => QosTestSetup.ParseOptions(ReferenceAssemblies, LanguageVersionOverride);

    protected override CompilationOptions CreateCompilationOptions() => QosTestSetup.CompilationOptions(ReferenceAssemblies, LanguageVersionOverride);

    protected override async Task RunImplAsync(CancellationToken cancellationToken)
    {
        if (UsePackageApi)
        {
            TestState.AdditionalReferences.AddRange(ShippedPackage.References(ReferenceAssemblies));
        }

        var sources = TestState.Sources.Select(s => s.content.ToString()).ToList();
        try
        {
            await base.RunImplAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            throw await QosTestSetup.AnnotateAsync(failure, Analyzers, sources, ReferenceAssemblies, TestState.AdditionalReferences, GetSourceGenerators()).ConfigureAwait(false);
        }

        if (!SkipQosGeneratedCodeCheck)
        {
            await QosTestSetup.VerifyGeneratedCodeAsync(Analyzers, sources, ReferenceAssemblies, TestState.AdditionalReferences, GetSourceGenerators()).ConfigureAwait(false);
        }
    }
}
