using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace QosAnalyzers.Testing;

/// <summary>
/// A source-generator test on Microsoft.CodeAnalysis.Testing (<see cref="CSharpSourceGeneratorTest{TSourceGenerator, TVerifier}"/>):
/// the generated sources must equal <c>TestState.GeneratedSources</c> exactly, and the whole compilation must
/// build with no compiler warning (generated code compiles under TreatWarningsAsErrors). Compiled as a consumer
/// of the package builds: the runtime referenced, the SDK's generators running beside the one under test.
/// </summary>
public class QosGeneratorTest<TGenerator> : CSharpSourceGeneratorTest<TGenerator, DefaultVerifier>
    where TGenerator : new()
{
    public QosGeneratorTest()
    {
        ReferenceAssemblies = TargetFrameworks.Default;
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    public LanguageVersion? LanguageVersionOverride { get; set; }

    protected override IEnumerable<Type> GetSourceGenerators() =>
        new[] { typeof(TGenerator) }.Concat(SdkGenerators.For(ReferenceAssemblies));

    protected override ParseOptions CreateParseOptions() => QosTestSetup.ParseOptions(ReferenceAssemblies, LanguageVersionOverride);

    protected override CompilationOptions CreateCompilationOptions() => QosTestSetup.CompilationOptions(ReferenceAssemblies, LanguageVersionOverride);

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        TestState.AdditionalReferences.AddRange(ShippedPackage.References(ReferenceAssemblies));
        return base.RunImplAsync(cancellationToken);
    }
}
