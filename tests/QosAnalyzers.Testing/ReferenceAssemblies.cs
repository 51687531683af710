using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Testing;

/// <summary>
/// The reference assemblies test compilations are built against: the SDK's targeting pack
/// (Microsoft.NETCore.App.Ref) for the running runtime's major version, found relative to the
/// dotnet root so it works wherever the SDK is installed.
/// </summary>
public static class ReferenceAssemblies
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_net = new(LoadNet);

    /// <summary>Every reference assembly of the targeting pack.</summary>
    public static ImmutableArray<MetadataReference> Net => s_net.Value;

    /// <summary>The directory holding the targeting pack's reference assemblies.</summary>
    public static string NetReferenceDirectory => FindReferenceDirectory();

    private static ImmutableArray<MetadataReference> LoadNet() =>
        Directory.EnumerateFiles(FindReferenceDirectory(), "*.dll")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    private static string FindReferenceDirectory()
    {
        int major = Environment.Version.Major;
        string tfm = "net" + major.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0";
        var searched = new System.Collections.Generic.List<string>();
        foreach (string root in CandidateDotnetRoots())
        {
            string packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
            searched.Add(packs);
            if (!Directory.Exists(packs))
            {
                continue;
            }

            // Highest patch of the running major version; the runtime's own version first if present.
            string? best = Directory.EnumerateDirectories(packs)
                .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out Version? v) ? v : null))
                .Where(x => x.Version is not null && x.Version.Major == major)
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "ref", tfm))
                .FirstOrDefault(Directory.Exists);
            if (best is not null)
            {
                return best;
            }
        }

        throw new InvalidOperationException(
            $"The .NET {major} targeting pack (Microsoft.NETCore.App.Ref, ref/{tfm}) was not found. Searched: "
            + string.Join(", ", searched)
            + ". Install the .NET SDK that matches the test runtime or set DOTNET_ROOT.");
    }

    private static System.Collections.Generic.IEnumerable<string> CandidateDotnetRoots()
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        string? coreLib = typeof(object).Assembly.Location;
        if (!string.IsNullOrEmpty(coreLib))
        {
            DirectoryInfo? dir = new FileInfo(coreLib).Directory?.Parent?.Parent?.Parent;
            if (dir is not null)
            {
                yield return dir.FullName;
            }
        }

        string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        DirectoryInfo? fromRuntime = new DirectoryInfo(runtimeDir.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Parent?.Parent;
        if (fromRuntime is not null)
        {
            yield return fromRuntime.FullName;
        }

        string? env = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(env))
        {
            yield return env;
        }
    }
}
