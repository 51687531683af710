using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace QosAnalyzers.Testing;

/// <summary>
/// This package's own API as test code sees it: the runtime assembly the package ships, and the
/// generators that turn [QosFlow] and [QwaveNativeMethods] classes into code, exactly as a consumer's
/// build has them. Nothing here is a hand-written copy.
/// </summary>
public static class ShippedPackage
{
    private static readonly Lazy<MetadataReference> s_runtime = new(() => MetadataReference.CreateFromFile(typeof(QosSession).Assembly.Location));

    /// <summary>The runtime assembly (QosAnalyzers.dll) for a test compilation targeting <paramref name="framework"/>.</summary>
    public static ImmutableArray<MetadataReference> References(ReferenceAssemblies framework)
    {
        if (framework == TargetFrameworks.Net472)
        {
            throw new NotSupportedException("The runtime assembly under test targets .NET 8; .NET Framework tests use hand-written bindings only.");
        }

        return ImmutableArray.Create(s_runtime.Value);
    }

    /// <summary>The package's source generators.</summary>
    public static ImmutableArray<Type> Generators { get; } = ImmutableArray.Create(
        typeof(QosAnalyzers.Generator.QosFlowGenerator),
        typeof(QosAnalyzers.Generator.QwaveNativeMethodsGenerator));
}
