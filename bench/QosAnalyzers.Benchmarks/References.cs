using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Benchmarks;

/// <summary>Reference assemblies and the baseline components that ship with the SDK.</summary>
internal static class References
{
    private static readonly string s_dotnetRoot = FindDotnetRoot();

    /// <summary>The net10.0 reference set the tests compile against (QosAnalyzers.Testing).</summary>
    public static IReadOnlyList<MetadataReference> Framework { get; } = TargetFrameworks.References(TargetFrameworks.Net100);

    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(QosSession).Assembly.Location);

    /// <summary>The SDK's CA analyzers (the same DLLs a build loads).</summary>
    public static string NetAnalyzersPath => Path.Combine(SdkDirectory(), "Sdks", "Microsoft.NET.Sdk", "analyzers", "Microsoft.CodeAnalysis.NetAnalyzers.dll");

    public static string CSharpNetAnalyzersPath => Path.Combine(SdkDirectory(), "Sdks", "Microsoft.NET.Sdk", "analyzers", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll");

    /// <summary>The SDK's LibraryImportGenerator, from the reference pack, as the tests load it.</summary>
    public static ISourceGenerator LibraryImportGenerator() =>
        ((IIncrementalGenerator)Activator.CreateInstance(SdkGenerators.LibraryImportGenerator
            ?? throw new InvalidOperationException(SdkGenerators.Unavailable))!).AsSourceGenerator();

    public static IEnumerable<DiagnosticAnalyzer> LoadAnalyzers(params string[] paths)
    {
        var loader = new Loader();
        foreach (string p in paths)
        {
            loader.AddDependencyLocation(p);
        }

        return paths.SelectMany(p => new AnalyzerFileReference(p, loader).GetAnalyzers(Microsoft.CodeAnalysis.LanguageNames.CSharp));
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
