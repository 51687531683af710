// References for test compilations: the SDK's net10.0 reference pack plus the QosAnalyzers runtime.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Generator.Tests.Infrastructure;

internal static class ReferenceAssemblies
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_net10 = new(LoadNet10);

    /// <summary>net10.0 reference assemblies and the QosAnalyzers runtime.</summary>
    public static ImmutableArray<MetadataReference> Net10WithRuntime => s_net10.Value;

    private static ImmutableArray<MetadataReference> LoadNet10()
    {
        string packDirectory = FindReferencePack();
        var references = Directory.GetFiles(packDirectory, "*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(QosSession).Assembly.Location));
        return references.ToImmutableArray();
    }

    /// <summary>packs/Microsoft.NETCore.App.Ref/10.0.*/ref/net10.0 under the dotnet root running the tests.</summary>
    private static string FindReferencePack()
    {
        var roots = new List<string>();
        foreach (string variable in new[] { "DOTNET_ROOT", "DOTNET_INSTALL_DIR" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                roots.Add(value);
            }
        }

        // The shared runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/.
        string? runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtimeDirectory is not null)
        {
            DirectoryInfo? root = Directory.GetParent(runtimeDirectory)?.Parent?.Parent;
            if (root is not null)
            {
                roots.Add(root.FullName);
            }
        }

        roots.Add("/usr/share/dotnet");
        roots.Add("/usr/lib/dotnet");
        roots.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet"));

        foreach (string root in roots.Distinct(StringComparer.Ordinal))
        {
            string packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
            if (!Directory.Exists(packs))
            {
                continue;
            }

            string? best = Directory.GetDirectories(packs, "10.0.*")
                .Select(d => (Directory: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out Version? v) ? v : null))
                .Where(x => x.Version is not null && Directory.Exists(Path.Combine(x.Directory, "ref", "net10.0")))
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Directory, "ref", "net10.0"))
                .FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        throw new InvalidOperationException(
            "The .NET 10 reference pack was not found (looked for packs/Microsoft.NETCore.App.Ref/10.0.*/ref/net10.0 under: " +
            string.Join(", ", roots.Distinct(StringComparer.Ordinal)) + "). Install the .NET 10 SDK or set DOTNET_ROOT.");
    }
}
