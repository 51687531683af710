// References for test compilations: the shared reference sets (QosAnalyzers.Testing) plus the QosAnalyzers runtime.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Generator.Tests.Infrastructure;

internal static class TestReferences
{
    /// <summary>net10.0 reference assemblies and the QosAnalyzers runtime.</summary>
    public static ImmutableArray<MetadataReference> Net10WithRuntime { get; } =
        TargetFrameworks.References(TargetFrameworks.Net100).AddRange(ShippedPackage.References(TargetFrameworks.Net100));
}
