using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Testing;

/// <summary>
/// The source generators the .NET SDK adds to every build from the reference pack
/// (<c>analyzers/dotnet/cs</c>): LibraryImportGenerator, which writes the implementation of each
/// <c>[LibraryImport]</c> partial method. Test compilations run the real one, loaded from the pack.
/// It is built against a newer Roslyn than the shipped components; on an older host (the floor leg)
/// it cannot load, and <see cref="LibraryImportGenerator"/> is null there.
/// </summary>
public static class SdkGenerators
{
    private const string LibraryImportTypeName = "Microsoft.Interop.LibraryImportGenerator";

    private static readonly Lazy<Type?> s_libraryImport = new(LoadLibraryImportGenerator);

    /// <summary>The SDK's LibraryImportGenerator type, or null when this Roslyn cannot host it.</summary>
    public static Type? LibraryImportGenerator => s_libraryImport.Value;

    /// <summary>Why <see cref="LibraryImportGenerator"/> is null, for skipped tests and failure messages.</summary>
    public static string? Unavailable { get; private set; }

    /// <summary>The generators a build for <paramref name="framework"/> runs that this host can load.</summary>
    public static ImmutableArray<Type> For(Microsoft.CodeAnalysis.Testing.ReferenceAssemblies framework) =>
        TargetFrameworks.HasLibraryImport(framework) && LibraryImportGenerator is Type generator
            ? ImmutableArray.Create(generator)
            : ImmutableArray<Type>.Empty;

    /// <summary>The version of Microsoft.CodeAnalysis this process runs.</summary>
    public static Version HostRoslyn => typeof(Compilation).Assembly.GetName().Version!;

    private static Type? LoadLibraryImportGenerator()
    {
        string directory = Path.Combine(TargetFrameworks.PackageFolder(TargetFrameworks.Net100), "analyzers", "dotnet", "cs");
        string path = Path.Combine(directory, "Microsoft.Interop.LibraryImportGenerator.dll");
        if (!File.Exists(path))
        {
            Unavailable = $"The SDK's LibraryImportGenerator was not found at {path}; restore the test projects.";
            throw new InvalidOperationException(Unavailable);
        }

        Version needed = RequiredRoslyn(path);
        if (HostRoslyn < needed)
        {
            Unavailable = $"LibraryImportGenerator needs Microsoft.CodeAnalysis {needed}; this test host runs {HostRoslyn}.";
            return null;
        }

        Assembly assembly = Assembly.LoadFrom(path);
        return assembly.GetType(LibraryImportTypeName, throwOnError: true);
    }

    private static Version RequiredRoslyn(string path)
    {
        // Read the reference without loading the assembly, so an old host can tell instead of failing to load.
        using var stream = File.OpenRead(path);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        System.Reflection.Metadata.MetadataReader metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.GetString(reference.Name) == "Microsoft.CodeAnalysis")
            {
                return reference.Version;
            }
        }

        return new Version(0, 0);
    }
}
