using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>
/// samples/QosMisuse marks each line a rule must report with <c>// expect: QOSnnn</c>. Run in-process
/// against this assembly's rules, that sample must produce exactly those diagnostics (for the rules
/// here), so the package tests that build it against the packed analyzers agree with these.
/// </summary>
public partial class MisuseSampleTests
{
    [Fact]
    public async Task Rules_report_exactly_the_expected_lines()
    {
        string directory = Path.Combine(DocumentationTests.RepoRoot(), "samples", "QosMisuse");
        var files = Directory.GetFiles(directory, "*.cs", SearchOption.TopDirectoryOnly).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);

        var ours = new HashSet<string>(Run.AllRules.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id), StringComparer.Ordinal);
        var expected = new List<string>();
        var sources = new List<(string Path, string Source)>();
        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            string text = await File.ReadAllTextAsync(file);
            sources.Add((name, text));
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (Match m in Expectation().Matches(lines[i]))
                {
                    foreach (string id in m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (ours.Contains(id))
                        {
                            expected.Add($"{name}({i + 1}): {id}");
                        }
                    }
                }
            }
        }

        Compilation compilation = TestProject.CreateCompilation(sources);
        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, Run.AllRules);
        Assert.Empty(run.AnalyzerFailures);
        Assert.Empty(run.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var actual = run.AnalyzerDiagnostics
            .Select(d => $"{d.Location.GetLineSpan().Path}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal), actual);
    }

    [GeneratedRegex(@"//\s*expect:\s*([A-Z0-9, ]+)")]
    private static partial Regex Expectation();
}
