// Every QOS1nn descriptor has a docs page that matches it, and a release-tracking row.
using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Analyzers.Attributes;

namespace QosAnalyzers.Generator.Tests;

public class RuleDocumentationTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (DiagnosticDescriptor d in new QosAttributeUsageAnalyzer().SupportedDiagnostics)
        {
            data.Add(d.Id);
        }

        return data;
    }

    private static string RepoRoot() => Infrastructure.RepositoryPaths.RepositoryRoot;

    private static DiagnosticDescriptor Descriptor(string id) =>
        new QosAttributeUsageAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Docs_page_matches_the_descriptor(string id)
    {
        DiagnosticDescriptor descriptor = Descriptor(id);
        string page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "rules", id + ".md"));

        Assert.StartsWith("# " + id + ": " + descriptor.Title, page, StringComparison.Ordinal);
        Assert.Contains("| Default severity | " + descriptor.DefaultSeverity + " |", page, StringComparison.Ordinal);
        Assert.Contains("## Bad", page, StringComparison.Ordinal);
        Assert.Contains("## Fixed", page, StringComparison.Ordinal);
        Assert.Contains("dotnet_diagnostic." + id + ".severity", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Release_tracking_lists_the_rule(string id)
    {
        DiagnosticDescriptor descriptor = Descriptor(id);
        string unshipped = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));

        Assert.Contains(id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity + " |", unshipped, StringComparison.Ordinal);
    }
}
