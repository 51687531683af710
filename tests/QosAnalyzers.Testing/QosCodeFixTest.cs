using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace QosAnalyzers.Testing;

/// <summary>
/// A code-fix test on Microsoft.CodeAnalysis.Testing: the fix one diagnostic at a time and through Fix All
/// in document, project and solution scope, the fixed code compiling, all compiled as a build compiles it
/// (see <see cref="QosAnalyzerTest"/>). Adds this package's generated-code pass and the rule that a fix
/// may not introduce a compiler warning.
/// </summary>
public class QosCodeFixTest : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
{
    public QosCodeFixTest(CodeFixProvider fix, params DiagnosticAnalyzer[] analyzers)
    {
        Fix = fix;
        Analyzers = analyzers.ToImmutableArray();
        ReferenceAssemblies = TargetFrameworks.Default;
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;

        // Markup in the fixed sources marks the diagnostics that remain after the fix (fixable or not).
        FixedState.MarkupHandling = MarkupMode.Allow;
    }

    public CodeFixProvider Fix { get; }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <inheritdoc cref="QosAnalyzerTest.UsePackageApi"/>
    public bool UsePackageApi { get; set; }

    public List<Type> Generators { get; } = new();

    public LanguageVersion? LanguageVersionOverride { get; set; }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => new[] { Fix };

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
        var fixedSources = FixedState.Sources.Select(s => s.content.ToString()).ToList();
        try
        {
            await base.RunImplAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            throw await QosTestSetup.AnnotateAsync(failure, Analyzers, sources, ReferenceAssemblies, TestState.AdditionalReferences, GetSourceGenerators()).ConfigureAwait(false);
        }

        await QosTestSetup.VerifyGeneratedCodeAsync(Analyzers, sources, ReferenceAssemblies, TestState.AdditionalReferences, GetSourceGenerators()).ConfigureAwait(false);
        if (fixedSources.Count > 0)
        {
            QosTestSetup.VerifyNoNewWarnings(sources, fixedSources, ReferenceAssemblies, TestState.AdditionalReferences, GetSourceGenerators());
        }
    }
}
