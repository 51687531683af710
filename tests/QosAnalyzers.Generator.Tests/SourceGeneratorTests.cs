// The generators under Microsoft.CodeAnalysis.Testing's source-generator verifier: exact output (the golden
// files), and a compilation with no compiler warning, on every .NET framework the package supports.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using QosAnalyzers.Generator.Tests.Infrastructure;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Generator.Tests;

public class SourceGeneratorTests
{
    public static IEnumerable<object[]> Cases() =>
        from object[] c in GeneratedOutputTests.Cases
        from ReferenceAssemblies framework in new[] { TargetFrameworks.Net80, TargetFrameworks.Net100 }
        select new object[] { c[0], framework.TargetFramework };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Output_equals_the_golden_file_and_compiles_warning_free(string name, string framework)
    {
        object[] row = GeneratedOutputTests.Cases.Single(c => (string)c[0] == name);
        string source = (string)row[1];
        string hintName = (string)row[2];
        ReferenceAssemblies references = framework == TargetFrameworks.Net80.TargetFramework ? TargetFrameworks.Net80 : TargetFrameworks.Net100;
        return hintName.EndsWith(".QosFlow.g.cs", StringComparison.Ordinal)
            ? Verify<QosFlowGenerator>(source, hintName, name, references)
            : Verify<QwaveNativeMethodsGenerator>(source, hintName, name, references);
    }

    private static Task Verify<TGenerator>(string source, string hintName, string goldenName, ReferenceAssemblies framework)
        where TGenerator : new()
    {
        string golden = File.ReadAllText(Path.Combine(RepositoryPaths.TestProjectDirectory, "Golden", goldenName + ".g.cs"))
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace(GoldenFiles.VersionPlaceholder, GeneratedFile.ToolVersion, StringComparison.Ordinal);
        var test = new QosGeneratorTest<TGenerator> { ReferenceAssemblies = framework };
        test.TestState.Sources.Add(source);
        test.TestState.GeneratedSources.Add((typeof(TGenerator), hintName, SourceText.From(golden, Encoding.UTF8, SourceHashAlgorithm.Sha256)));
        return test.RunAsync();
    }
}
