using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace QosAnalyzers.Testing;

/// <summary>
/// The frameworks test code is compiled for, as <see cref="ReferenceAssemblies"/> of
/// Microsoft.CodeAnalysis.Testing. Each names a reference pack that the test infrastructure's project
/// downloads (PackageDownload), so resolution needs no network. The library's own Net90/Net100
/// presets pin pack versions that a partial package mirror may not serve, so the versions come from
/// the build (tests/Directory.Build.props).
/// </summary>
public static class TargetFrameworks
{
    private static readonly ConcurrentDictionary<ReferenceAssemblies, ImmutableArray<MetadataReference>> s_resolved = new();

    /// <summary>.NET 10: every binding style, LibraryImport with the SDK's generator.</summary>
    public static ReferenceAssemblies Net100 { get; } = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", Metadata("Net100RefVersion")),
        Path.Combine("ref", "net10.0"));

    /// <summary>.NET 8: the oldest runtime the package supports with LibraryImport.</summary>
    public static ReferenceAssemblies Net80 { get; } = new(
        "net8.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", Metadata("Net80RefVersion")),
        Path.Combine("ref", "net8.0"));

    /// <summary>.NET Framework 4.7.2: DllImport only, Marshal.GetLastWin32Error, no nint/LibraryImport in the BCL.</summary>
    public static ReferenceAssemblies Net472 { get; } = new ReferenceAssemblies(
            "net472",
            new PackageIdentity("Microsoft.NETFramework.ReferenceAssemblies.net472", Metadata("Net472RefVersion")),
            Path.Combine("build", ".NETFramework", "v4.7.2"))
        .WithAssemblyIdentityComparer(DesktopAssemblyIdentityComparer.Default)
        .AddAssemblies(ImmutableArray.Create("mscorlib", "System", "System.Core", "System.Net.Http", "System.Xml", "System.Xml.Linq", "Microsoft.CSharp"))
        .AddFacadeAssemblies(ImmutableArray.Create("netstandard", "System.Runtime", "System.Threading.Tasks"));

    /// <summary>The default for tests: what a new project targets.</summary>
    public static ReferenceAssemblies Default => Net100;

    /// <summary>True for .NET Core-family packs, which ship LibraryImport and the SDK's generators.</summary>
    public static bool HasLibraryImport(ReferenceAssemblies framework) => framework.TargetFramework.StartsWith("net", StringComparison.Ordinal) && framework.TargetFramework.Contains('.');

    /// <summary>The reference pack's assemblies, resolved once per framework, for code that builds compilations directly.</summary>
    public static ImmutableArray<MetadataReference> References(ReferenceAssemblies framework) =>
        s_resolved.GetOrAdd(framework, f => f.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult());

    /// <summary>The root folder of the framework's reference package in the global packages folder.</summary>
    public static string PackageFolder(ReferenceAssemblies framework)
    {
        PackageIdentity package = framework.ReferenceAssemblyPackage
            ?? throw new InvalidOperationException($"{framework.TargetFramework} names no reference package.");
        return Path.Combine(NuGetPackageRoot, package.Id.ToLowerInvariant(), package.Version);
    }

    internal static string NuGetPackageRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Metadata("NuGetPackageRoot");

    private static string Metadata(string key) =>
        typeof(TargetFrameworks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test infrastructure was built without the '{key}' metadata.");
}
