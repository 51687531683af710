using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>Each rule's descriptor, docs page and release entry agree.</summary>
public class DocumentationTests
{
    public static IEnumerable<object[]> Descriptors() =>
        new DiagnosticAnalyzer[] { new ReservedFlagsAnalyzer(), new HandleClosedWithActiveFlowAnalyzer(), new IgnoredResultAnalyzer(), new MissingSetLastErrorAnalyzer() }
            .SelectMany(a => a.SupportedDiagnostics.Select(d => new object[] { a.GetType().Name, d.Id }));

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Descriptor_docs_page_and_release_entry_agree(string analyzer, string id)
    {
        DiagnosticDescriptor descriptor = Find(analyzer, id);
        Assert.Equal($"https://github.com/qosanalyzers/qosanalyzers/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.NotEqual(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);

        string page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "rules", id + ".md"));
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", page.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"| Category | {descriptor.Category} |", page, StringComparison.Ordinal);
        Assert.Contains($"| Default severity | {descriptor.DefaultSeverity} |", page, StringComparison.Ordinal);
        Assert.Contains($"dotnet_diagnostic.{id}.severity", page, StringComparison.Ordinal);
        Assert.Contains("```csharp", page, StringComparison.Ordinal);

        string releases = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {analyzer}", releases, StringComparison.Ordinal);
    }

    private static DiagnosticDescriptor Find(string analyzer, string id) =>
        Descriptors().Count() > 0
            ? new DiagnosticAnalyzer[] { new ReservedFlagsAnalyzer(), new HandleClosedWithActiveFlowAnalyzer(), new IgnoredResultAnalyzer(), new MissingSetLastErrorAnalyzer() }
                .Single(a => a.GetType().Name == analyzer).SupportedDiagnostics.Single(d => d.Id == id)
            : throw new InvalidOperationException();

    internal static string RepoRoot()
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
