using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace QosAnalyzers.Testing;

/// <summary>
/// Code as it is being typed: the analyzers run over every prefix of the marked statements or
/// declarations (truncation at each token) and over each single-token deletion there; whatever they
/// report, they must never throw.
/// </summary>
public static class EditRobustness
{
    public static async Task VerifyNoAnalyzerFailuresAsync(
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        IReadOnlyList<string> markupSources,
        IEnumerable<MetadataReference>? references = null,
        IEnumerable<Type>? generators = null)
    {
        var parsed = markupSources.Select(Markup.Parse).ToList();
        int target = parsed.FindIndex(p => p.Spans.Count > 0);
        if (target < 0)
        {
            throw new InvalidOperationException("Mark the code to edit with [|…|].");
        }

        string source = parsed[target].Source;
        SyntaxNode root = CSharpSyntaxTree.ParseText(source, TestProject.ParseOptions).GetRoot();
        var regions = parsed[target].Spans.Select(s => Region(root, s.Span)).Distinct().ToList();
        var tokens = root.DescendantTokens().Where(t => t.Span.Length > 0 && regions.Any(r => r.Contains(t.Span))).ToList();

        var variants = new List<(string Description, string Text)>();
        foreach (SyntaxToken token in tokens)
        {
            variants.Add(($"truncated after '{token.Text}' at {token.Span.End}", source.Substring(0, token.Span.End)));
            variants.Add(($"'{token.Text}' at {token.SpanStart} deleted", source.Remove(token.SpanStart, token.Span.Length)));
        }

        var failures = new StringBuilder();
        foreach (var (description, text) in variants)
        {
            var sources = parsed.Select((p, i) => (TestProject.DocumentPath(i, parsed.Count), i == target ? text : p.Source));
            AnalysisRun run = await AnalyzerRunner.RunAsync(TestProject.CreateCompilation(sources, references), analyzers, generators: generators).ConfigureAwait(false);
            foreach (string failure in run.AnalyzerFailures)
            {
                failures.AppendLine($"{description}: {failure}").AppendLine(text).AppendLine();
            }
        }

        if (failures.Length > 0)
        {
            throw new XunitException("Analyzers failed on edited code:\n" + failures);
        }

        if (variants.Count == 0)
        {
            throw new XunitException("The marked region has no tokens to edit.");
        }
    }

    private static TextSpan Region(SyntaxNode root, TextSpan marked)
    {
        // The whole statement or declaration around the marked code: where a user would be typing.
        SyntaxNode node = root.FindNode(marked, getInnermostNodeForTie: true);
        SyntaxNode? region = node.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax && n is not BlockSyntax || n is MemberDeclarationSyntax);
        return (region ?? node).Span;
    }
}
