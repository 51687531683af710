using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>Compiles sources into an in-memory assembly, for bindings that reach the analyzers as metadata.</summary>
internal static class MetadataReferences
{
    public static MetadataReference Compile(string assemblyName, params string[] sources)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            sources.Select(s => CSharpSyntaxTree.ParseText(s, TestProject.ParseOptions)),
            TargetFrameworks.References(TargetFrameworks.Default).AddRange(ShippedPackage.References(TargetFrameworks.Default)),
            TestProject.CompilationOptions);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
