using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using QosAnalyzers.Tests.Shared;

namespace QosAnalyzers.RoslynFloor.Tests;

/// <summary>
/// The shipped components on the oldest Roslyn they support: every analyzer over the correct-code corpus
/// (DllImport styles, every framework), every rule's positive in samples/QosMisuse, every fix applied
/// there, and both generators.
/// </summary>
public class FloorTests
{
    [Fact]
    public void The_host_runs_the_shipped_Roslyn()
    {
        Assert.Equal(new Version(4, 5, 0, 0), SdkGenerators.HostRoslyn);
        Assert.Null(SdkGenerators.LibraryImportGenerator);
        Assert.Contains("4.5", SdkGenerators.Unavailable, StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> DllImportCases() =>
        ValidCorpus.Cases
            .Where(c => !c.Sources.Any(s => s.Contains("LibraryImport", StringComparison.Ordinal)))
            .SelectMany(c => c.Frameworks.Select(f => new object[] { c.Name, f.TargetFramework }));

    [Theory]
    [MemberData(nameof(DllImportCases))]
    public Task Every_analyzer_reports_nothing_on_correct_code(string name, string framework)
    {
        ValidCorpus.Case corpus = ValidCorpus.Cases.Single(c => c.Name == name);
        var test = new QosAnalyzerTest(ShippedComponents.Analyzers.ToArray())
        {
            ReferenceAssemblies = corpus.Frameworks.Single(f => f.TargetFramework == framework),
            UsePackageApi = corpus.UsesPackageApi,
        };
        test.TestState.Sources.AddRange(corpus.Sources);
        return test.RunAsync();
    }

    [Fact]
    public async Task Every_rule_reports_exactly_the_misuse_sample_lines()
    {
        (Compilation compilation, List<string> expected) = MisuseSample();
        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, ShippedComponents.Analyzers, generators: ShippedPackage.Generators);
        Assert.Empty(run.AnalyzerFailures);
        Assert.Empty(run.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var actual = run.AnalyzerDiagnostics.Select(Line).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal), actual);

        // One positive for every QOS0nn rule the package ships.
        var rules = ShippedComponents.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Where(id => id.StartsWith("QOS0", StringComparison.Ordinal)).Distinct();
        Assert.All(rules, id => Assert.Contains(actual, line => line.EndsWith(": " + id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_fix_applies_to_the_misuse_sample_and_the_result_compiles()
    {
        (Compilation compilation, _) = MisuseSample();
        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, ShippedComponents.Analyzers, generators: ShippedPackage.Generators);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        using var workspace = new AdhocWorkspace();
        Project project = workspace.CurrentSolution
            .AddProject("Misuse", "Misuse", LanguageNames.CSharp)
            .WithCompilationOptions(compilation.Options)
            .WithParseOptions(compilation.SyntaxTrees.First().Options)
            .WithMetadataReferences(compilation.References);
        var documents = new Dictionary<string, DocumentId>(StringComparer.Ordinal);
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            Document document = project.AddDocument(Path.GetFileName(tree.FilePath), await tree.GetTextAsync(), filePath: tree.FilePath);
            documents[tree.FilePath] = document.Id;
            project = document.Project;
        }

        foreach (CodeFixProvider fix in ShippedComponents.CodeFixes)
        {
            foreach (Diagnostic diagnostic in run.AnalyzerDiagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)))
            {
                Document document = project.GetDocument(documents[diagnostic.Location.SourceTree!.FilePath])!;
                var actions = new List<CodeAction>();
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                if (actions.Count == 0)
                {
                    continue;
                }

                ImmutableArray<CodeActionOperation> operations = await actions[0].GetOperationsAsync(CancellationToken.None);
                Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                Compilation fixedCompilation = TestProject.Complete((await changed.GetProject(project.Id)!.GetCompilationAsync())!, generators: ShippedPackage.Generators);
                Assert.True(
                    !fixedCompilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error),
                    $"{fix.GetType().Name} on {diagnostic}: " + string.Join("\n", fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)));
                applied.Add(fix.GetType().Name);
                break;
            }
        }

        // Every fix for a QOS0nn rule the sample shows was offered and applied at least once.
        var expected = ShippedComponents.CodeFixes
            .Where(f => f.FixableDiagnosticIds.Any(id => run.AnalyzerDiagnostics.Any(d => d.Id == id)))
            .Select(f => f.GetType().Name);
        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), applied.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Both_generators_emit_compiling_code()
    {
        const string User = """
            using QosAnalyzers;

            namespace Contoso
            {
                [QosFlow(QosTrafficType.Voice, Dscp = 46)]
                public sealed partial class VoiceFlow { }

                [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
                internal partial class VideoFlow { }

                [QwaveNativeMethods]
                internal static partial class Qwave { }
            }
            """;
        Compilation compilation = TestProject.CreateCompilation(new[] { ("User.cs", User) }, ShippedPackage.References(TargetFrameworks.Net100));
        Compilation generated = TestProject.Complete(compilation, generators: ShippedPackage.Generators);
        Assert.Equal(compilation.SyntaxTrees.Count() + 3, generated.SyntaxTrees.Count());
        Assert.Empty(generated.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains(generated.GetTypeByMetadataName("Contoso.VideoFlow")!.GetMembers(), m => m.Name == "WhenCongestedAsync");
        Assert.DoesNotContain(generated.GetTypeByMetadataName("Contoso.VoiceFlow")!.GetMembers(), m => m.Name == "WhenCongestedAsync");
    }

    private static string Line(Diagnostic d) =>
        $"{Path.GetFileName(d.Location.GetLineSpan().Path)}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id}";

    private static (Compilation Compilation, List<string> Expected) MisuseSample()
    {
        string directory = Path.Combine(RepoRoot(), "samples", "QosMisuse");
        var expected = new List<string>();
        var sources = new List<(string Path, string Source)>();
        foreach (string file in Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            string text = File.ReadAllText(file);
            sources.Add((file, text));
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (Match m in Regex.Matches(lines[i], @"//\s*expect:\s*([A-Z0-9, ]+)"))
                {
                    expected.AddRange(m.Groups[1].Value.Split(',').Select(id => id.Trim()).Where(id => id.Length > 0).Select(id => $"{Path.GetFileName(file)}({i + 1}): {id}"));
                }
            }
        }

        return (TestProject.CreateCompilation(sources, ShippedPackage.References(TargetFrameworks.Net100)), expected);
    }

    private static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QosAnalyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("QosAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
