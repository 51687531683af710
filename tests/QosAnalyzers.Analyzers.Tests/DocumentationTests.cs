using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>
/// Keeps the docs honest: every descriptor has its page, its README row and its release-tracking
/// entry, with the same title, severity and category; nothing documents a rule that does not exist.
/// </summary>
public partial class DocumentationTests
{
    private static readonly string s_repoRoot = FindRepoRoot();

    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = Run.AllRules
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (DiagnosticDescriptor d in Descriptors)
        {
            data.Add(d.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_docs_page_titled_like_its_descriptor_with_bad_and_fixed_code(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.Single(d => d.Id == id);
        string page = Path.Combine(s_repoRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");

        string[] lines = File.ReadAllLines(page);
        Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);
        string text = string.Join('\n', lines);
        Assert.Contains($"| Category | {descriptor.Category} |", text, StringComparison.Ordinal);
        Assert.Contains($"| Default severity | {descriptor.DefaultSeverity} |", text, StringComparison.Ordinal);
        Assert.Contains("```csharp", text, StringComparison.Ordinal);
        Assert.Contains($"dotnet_diagnostic.{id}.severity", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_help_link_points_at_its_docs_page_and_it_is_enabled(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.Single(d => d.Id == id);
        Assert.Equal($"https://github.com/qosanalyzers/qosanalyzers/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void QOS0nn_rules_are_never_errors_by_default(string id)
    {
        // The qWAVE rules judge code that compiles and may be deliberate; QOS1nn rules report
        // attribute misuse that stops generation, so those may be errors.
        DiagnosticDescriptor descriptor = Descriptors.Single(d => d.Id == id);
        if (id.StartsWith("QOS0", StringComparison.Ordinal))
        {
            Assert.NotEqual(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        }
    }

    [Fact]
    public void Readme_rules_table_lists_exactly_the_descriptors()
    {
        string readme = File.ReadAllText(Path.Combine(s_repoRoot, "README.md"));
        int start = readme.IndexOf("<!-- rules-table:start -->", StringComparison.Ordinal);
        int end = readme.IndexOf("<!-- rules-table:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no rules table markers");

        string[] rows = readme[start..end].Split('\n').Where(l => l.StartsWith("| [QOS", StringComparison.Ordinal)).ToArray();
        string[] expected = Descriptors.Select(ReadmeRow).ToArray();
        if (Environment.GetEnvironmentVariable("QOS_UPDATE_README") == "1")
        {
            string table = "<!-- rules-table:start -->\n| rule | title | default | category |\n|---|---|---|---|\n" + string.Join('\n', expected) + "\n";
            File.WriteAllText(Path.Combine(s_repoRoot, "README.md"), readme[..start] + table + readme[end..]);
            return;
        }

        Assert.True(expected.SequenceEqual(rows), "README rules table differs. Expected rows:\n" + string.Join('\n', expected));
    }

    [Fact]
    public void Release_tracking_lists_exactly_the_descriptors()
    {
        string[] files = { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" };
        var entries = new Dictionary<string, (string Category, string Severity, string Notes)>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            foreach (string line in File.ReadAllLines(Path.Combine(s_repoRoot, "src", "Analyzers", file)))
            {
                Match m = ReleaseRow().Match(line);
                if (m.Success)
                {
                    entries[m.Groups[1].Value] = (m.Groups[2].Value.Trim(), m.Groups[3].Value.Trim(), line);
                }
            }
        }

        Assert.Equal(Descriptors.Select(d => d.Id), entries.Keys.Order(StringComparer.Ordinal));
        // Each row names the analyzer that reports it.
        foreach (DiagnosticAnalyzer analyzer in Run.AllRules)
        {
            foreach (DiagnosticDescriptor d in analyzer.SupportedDiagnostics)
            {
                Assert.Contains(analyzer.GetType().Name, entries[d.Id].Notes, StringComparison.Ordinal);
            }
        }

        foreach (DiagnosticDescriptor d in Descriptors)
        {
            Assert.Equal((d.Category, d.DefaultSeverity.ToString()), (entries[d.Id].Category, entries[d.Id].Severity));
        }
    }

    [Fact]
    public void No_docs_page_describes_a_rule_that_does_not_exist()
    {
        string[] pages = Directory.GetFiles(Path.Combine(s_repoRoot, "docs", "rules"), "QOS*.md").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Descriptors.Select(d => d.Id), pages);
    }

    /// <summary>The README row for a rule; run the tests with QOS_UPDATE_README=1 to rewrite the table.</summary>
    internal static string ReadmeRow(DiagnosticDescriptor d) =>
        $"| [{d.Id}](docs/rules/{d.Id}.md) | {d.Title} | {d.DefaultSeverity} | {d.Category} |";

    [GeneratedRegex(@"^(QOS\d{3})\s*\|\s*([^|]+)\|\s*([^|]+)\|")]
    private static partial Regex ReleaseRow();

    internal static string RepoRoot() => s_repoRoot;

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "QosAnalyzers.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("QosAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
