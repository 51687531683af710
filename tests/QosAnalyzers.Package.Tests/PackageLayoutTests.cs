using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace QosAnalyzers.Package.Tests;

/// <summary>
/// The package file by file: the one the solution build leaves in artifacts/packages and the one
/// <c>dotnet pack QosAnalyzers.sln</c> makes are checked against the same list, and nothing else may be in them.
/// </summary>
public partial class PackageLayoutTests
{
    /// <summary>Every entry of the package; NuGet's core-properties file has a generated name, shown here as <c>*</c>.</summary>
    private static readonly string[] s_expectedEntries =
    {
        "[Content_Types].xml",
        "_rels/.rels",
        "package/services/metadata/core-properties/*.psmdcp",
        "QosAnalyzers.nuspec",
        "README.md",
        "LICENSE",

        // The runtime, with its XML docs, for each target.
        "lib/net8.0/QosAnalyzers.dll",
        "lib/net8.0/QosAnalyzers.xml",
        "lib/netstandard2.0/QosAnalyzers.dll",
        "lib/netstandard2.0/QosAnalyzers.xml",

        // The compiler plug-ins: generator, analyzers, code fixes (and none of Roslyn).
        "analyzers/dotnet/cs/QosAnalyzers.Generator.dll",
        "analyzers/dotnet/cs/QosAnalyzers.Analyzers.dll",
        "analyzers/dotnet/cs/QosAnalyzers.CodeFixes.dll",

        // The message for projects where the compiler plug-ins cannot load (packages.config).
        "build/QosAnalyzers.targets",
        "buildTransitive/QosAnalyzers.targets",
    };

    [Fact]
    public void The_built_package_has_exactly_the_expected_files_and_metadata()
    {
        string package = ConsumerProject.PackagePath;
        Assert.Equal($"QosAnalyzers.{ProductVersion}.nupkg", Path.GetFileName(package));
        AssertLayout(package);
    }

    /// <summary>
    /// <c>dotnet pack</c> of the solution makes exactly one package, QosAnalyzers, with the same files
    /// as the build's. It packs what the test run's build produced (<c>--no-build</c>, same configuration),
    /// as CI runs <c>dotnet build</c> before <c>dotnet test --no-build</c>.
    /// </summary>
    [Fact]
    public void Dotnet_pack_of_the_solution_makes_exactly_one_package_with_the_same_files()
    {
        string output = Path.Combine(Path.GetTempPath(), "qosanalyzers-pack-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            ProcessResult pack = ProcessResult.Run(
                "dotnet",
                new[] { "pack", Path.Combine(ConsumerProject.RepoRoot, "QosAnalyzers.sln"), "-c", Configuration, "--no-build", "-o", output },
                ConsumerProject.RepoRoot,
                new Dictionary<string, string>
                {
                    ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                    ["DOTNET_NOLOGO"] = "1",
                    ["MSBUILDDISABLENODEREUSE"] = "1",
                });
            Assert.True(pack.ExitCode == 0, pack.Output);

            string packed = Assert.Single(Directory.GetFiles(output, "*", SearchOption.AllDirectories));
            Assert.Equal($"QosAnalyzers.{ProductVersion}.nupkg", Path.GetFileName(packed));
            AssertLayout(packed);

            // Same payload, byte for byte (the nuspec may differ in the commit it records).
            using ZipArchive built = ZipFile.OpenRead(ConsumerProject.PackagePath);
            using ZipArchive fromPack = ZipFile.OpenRead(packed);
            foreach (ZipArchiveEntry entry in built.Entries.Where(e => IsPayload(e.FullName)))
            {
                ZipArchiveEntry? other = fromPack.GetEntry(entry.FullName);
                Assert.NotNull(other);
                Assert.True(ReadAll(entry).SequenceEqual(ReadAll(other)), $"{entry.FullName} differs between the built and the packed package");
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static void AssertLayout(string nupkg)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        string[] actual = zip.Entries.Select(e => CorePropertiesName().Replace(e.FullName, "$1*.psmdcp")).Order(StringComparer.Ordinal).ToArray();
        string[] expected = s_expectedEntries.Order(StringComparer.Ordinal).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"{Path.GetFileName(nupkg)}:\nExpected:\n{string.Join('\n', expected)}\nActual:\n{string.Join('\n', actual)}");

        ZipArchiveEntry nuspecEntry = zip.GetEntry("QosAnalyzers.nuspec")!;
        using Stream stream = nuspecEntry.Open();
        XDocument nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        XElement metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("QosAnalyzers", metadata.Element(ns + "id")!.Value);
        Assert.Equal(ProductVersion, metadata.Element(ns + "version")!.Value);

        // One dependency group per runtime target: net8.0 consumers get no dependency; netstandard2.0
        // ones get the BCL packages for Span, ValueTask and IAsyncDisposable. Never the plug-ins' Roslyn.
        XElement[] groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToArray();
        Assert.Equal(
            new[] { ".NETStandard2.0", "net8.0" },
            groups.Select(g => (string)g.Attribute("targetFramework")!).Order(StringComparer.Ordinal).ToArray());
        XElement net8 = groups.Single(g => (string?)g.Attribute("targetFramework") == "net8.0");
        Assert.Empty(net8.Elements(ns + "dependency"));
        XElement netstandard = groups.Single(g => (string?)g.Attribute("targetFramework") == ".NETStandard2.0");
        Assert.Equal(
            new[] { "Microsoft.Bcl.AsyncInterfaces", "System.Memory" },
            netstandard.Elements(ns + "dependency").Select(d => (string)d.Attribute("id")!).OrderBy(id => id, StringComparer.Ordinal).ToArray());
        Assert.Empty(metadata.Elements(ns + "dependencies").Elements(ns + "dependency"));

        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Contains("qwave", metadata.Element(ns + "tags")!.Value, StringComparison.Ordinal);
    }

    private static bool IsPayload(string entry) =>
        entry is "README.md" or "LICENSE"
        || entry.StartsWith("lib/", StringComparison.Ordinal)
        || entry.StartsWith("analyzers/", StringComparison.Ordinal)
        || entry.StartsWith("build/", StringComparison.Ordinal)
        || entry.StartsWith("buildTransitive/", StringComparison.Ordinal);

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>The product version, from the repository's Directory.Build.props.</summary>
    private static string ProductVersion { get; } =
        XDocument.Load(Path.Combine(ConsumerProject.RepoRoot, "Directory.Build.props")).Descendants("Version").Single().Value;

    /// <summary>The configuration these tests were built in (so <c>--no-build</c> finds that build).</summary>
    private static string Configuration { get; } =
        typeof(PackageLayoutTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    [GeneratedRegex(@"^(package/services/metadata/core-properties/)[^/]+\.psmdcp$")]
    private static partial Regex CorePropertiesName();
}
