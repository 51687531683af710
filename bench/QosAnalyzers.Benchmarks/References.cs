using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QosAnalyzers.Benchmarks;

/// <summary>Reference assemblies and the baseline components that ship with the SDK.</summary>
internal static class References
{
    private static readonly string s_dotnetRoot = FindDotnetRoot();

    public static IReadOnlyList<MetadataReference> Framework { get; } = LoadFramework();

    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(QosSession).Assembly.Location);

    /// <summary>The SDK's CA analyzers (the same DLLs a build loads).</summary>
    public static string NetAnalyzersPath => Path.Combine(SdkDirectory(), "Sdks", "Microsoft.NET.Sdk", "analyzers", "Microsoft.CodeAnalysis.NetAnalyzers.dll");

    public static string CSharpNetAnalyzersPath => Path.Combine(SdkDirectory(), "Sdks", "Microsoft.NET.Sdk", "analyzers", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll");

    /// <summary>The runtime's LibraryImportGenerator, from the reference pack.</summary>
    public static string LibraryImportGeneratorPath => Path.Combine(RefPackDirectory(), "analyzers", "dotnet", "cs", "Microsoft.Interop.LibraryImportGenerator.dll");

    public static IEnumerable<DiagnosticAnalyzer> LoadAnalyzers(params string[] paths)
    {
        var loader = new Loader();
        foreach (string p in paths)
        {
            loader.AddDependencyLocation(p);
        }

        return paths.SelectMany(p => new AnalyzerFileReference(p, loader).GetAnalyzers(Microsoft.CodeAnalysis.LanguageNames.CSharp));
    }

    public static IEnumerable<ISourceGenerator> LoadGenerators(string path)
    {
        var loader = new Loader();
        loader.AddDependencyLocation(path);
        foreach (string dep in Directory.GetFiles(Path.GetDirectoryName(path)!, "Microsoft.Interop.*.dll"))
        {
            loader.AddDependencyLocation(dep);
        }

        return new AnalyzerFileReference(path, loader).GetGenerators(Microsoft.CodeAnalysis.LanguageNames.CSharp);
    }

    private static IReadOnlyList<MetadataReference> LoadFramework()
    {
        string dir = Path.Combine(RefPackDirectory(), "ref", "net10.0");
        return Directory.GetFiles(dir, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToArray();
    }

    private static string RefPackDirectory()
    {
        string packs = Path.Combine(s_dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string? newest = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).Where(d => Path.GetFileName(d).StartsWith("10.", StringComparison.Ordinal)).OrderBy(d => Version.Parse(Path.GetFileName(d).Split('-')[0])).LastOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException($"No Microsoft.NETCore.App.Ref 10.x reference pack under {packs}.");
    }

    private static string SdkDirectory()
    {
        string sdks = Path.Combine(s_dotnetRoot, "sdk");
        return Directory.GetDirectories(sdks).OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out Version? v) ? v : new Version()).Last();
    }

    private static string FindDotnetRoot()
    {
        string? env = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(Path.Combine(env, "packs")))
        {
            return env;
        }

        // The shared framework lives in <root>/shared/Microsoft.NETCore.App/<version>/.
        string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        private readonly AssemblyLoadContext _context = new("baselines", isCollectible: false);
        private readonly Dictionary<string, string> _byName = new(StringComparer.OrdinalIgnoreCase);

        public Loader()
        {
            _context.Resolving += (ctx, name) =>
            {
                if (name.Name is not null && _byName.TryGetValue(name.Name, out string? path))
                {
                    return ctx.LoadFromAssemblyPath(path);
                }

                // Roslyn itself and the BCL come from the host.
                return AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name.Name);
            };
        }

        public void AddDependencyLocation(string fullPath) => _byName[Path.GetFileNameWithoutExtension(fullPath)] = fullPath;

        public Assembly LoadFromPath(string fullPath)
        {
            AddDependencyLocation(fullPath);
            return _context.LoadFromAssemblyPath(fullPath);
        }
    }
}
