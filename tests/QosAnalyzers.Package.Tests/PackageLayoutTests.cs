using System.IO.Compression;
using System.Xml.Linq;

namespace QosAnalyzers.Package.Tests;

public class PackageLayoutTests
{
    private static readonly string[] s_compilerPlugins =
    {
        "analyzers/dotnet/cs/QosAnalyzers.Generator.dll",
        "analyzers/dotnet/cs/QosAnalyzers.Analyzers.dll",
        "analyzers/dotnet/cs/QosAnalyzers.CodeFixes.dll",
    };

    [Fact]
    public void Package_carries_the_runtime_in_lib_and_the_compiler_plugins_in_analyzers()
    {
        using ZipArchive zip = ZipFile.OpenRead(ConsumerProject.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("lib/net8.0/QosAnalyzers.dll", entries);
        Assert.Contains("lib/net8.0/QosAnalyzers.xml", entries);
        Assert.Contains("lib/netstandard2.0/QosAnalyzers.dll", entries);
        Assert.Contains("lib/netstandard2.0/QosAnalyzers.xml", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && !e.StartsWith("lib/net8.0/", StringComparison.Ordinal) && !e.StartsWith("lib/netstandard2.0/", StringComparison.Ordinal));
        foreach (string plugin in s_compilerPlugins)
        {
            Assert.Contains(plugin, entries);
        }

        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);

        // The message for projects where the compiler plug-ins cannot load (packages.config, non-SDK).
        Assert.Contains("build/QosAnalyzers.targets", entries);
        Assert.Contains("buildTransitive/QosAnalyzers.targets", entries);
    }

    [Fact]
    public void Package_ships_none_of_Roslyn_and_depends_only_on_the_netstandard2_0_polyfills()
    {
        using ZipArchive zip = ZipFile.OpenRead(ConsumerProject.PackagePath);
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("analyzers/", StringComparison.Ordinal) && !s_compilerPlugins.Contains(e.FullName));

        ZipArchiveEntry nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = nuspecEntry.Open();
        XDocument nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        XElement metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("QosAnalyzers", metadata.Element(ns + "id")!.Value);
        // net8.0 consumers get no dependency; netstandard2.0 ones get the BCL packages for Span, ValueTask and IAsyncDisposable.
        XElement[] groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToArray();
        XElement net8 = groups.Single(g => (string?)g.Attribute("targetFramework") == "net8.0");
        Assert.Empty(net8.Elements(ns + "dependency"));
        XElement netstandard = groups.Single(g => (string?)g.Attribute("targetFramework") == ".NETStandard2.0");
        Assert.Equal(
            new[] { "Microsoft.Bcl.AsyncInterfaces", "System.Memory" },
            netstandard.Elements(ns + "dependency").Select(d => (string)d.Attribute("id")!).OrderBy(id => id, StringComparer.Ordinal).ToArray());
        Assert.Equal(2, groups.Length);
        Assert.DoesNotContain(metadata.Descendants(ns + "dependency"), d => ((string)d.Attribute("id")!).StartsWith("QosAnalyzers", StringComparison.Ordinal));
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Contains("qwave", metadata.Element(ns + "tags")!.Value, StringComparison.Ordinal);
    }
}
