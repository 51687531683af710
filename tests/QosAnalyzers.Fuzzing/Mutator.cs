using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Fuzzing;

/// <summary>A mutated document and how it was made from its seed.</summary>
public sealed record Mutant(int SeedIndex, int Number, string Description, string Text);

/// <summary>
/// Half-typed states of one seed document: truncation after each token (walked systematically,
/// in a seeded order), interleaved with random compound edits — token and line deletion, line
/// duplication, adjacent-token swaps. Mutant n of a seed depends only on the run seed and n.
/// </summary>
public sealed class Mutator
{
    private readonly string _text;
    private readonly ImmutableArray<TextSpan> _tokens;
    private readonly ImmutableArray<TextSpan> _lines;
    private readonly int[] _truncationOrder;
    private readonly int _runSeed;
    private readonly int _seedIndex;

    public Mutator(string text, int runSeed, int seedIndex)
    {
        _text = text;
        _runSeed = runSeed;
        _seedIndex = seedIndex;
        _tokens = CSharpSyntaxTree.ParseText(text, TestProject.ParseOptions).GetRoot()
            .DescendantTokens(descendIntoTrivia: true)
            .Where(t => t.Span.Length > 0)
            .Select(t => t.Span)
            .ToImmutableArray();
        _lines = SourceText.From(text).Lines.Select(l => l.SpanIncludingLineBreak).Where(s => s.Length > 0).ToImmutableArray();
        _truncationOrder = Enumerable.Range(0, _tokens.Length).ToArray();
        new Random(Mix(runSeed, seedIndex, -1)).Shuffle(_truncationOrder);
    }

    public int TokenCount => _tokens.Length;

    public Mutant Create(int number)
    {
        // Even numbers walk the truncations until each token has had its turn; the rest are random edits.
        if (number % 2 == 0 && number / 2 < _truncationOrder.Length)
        {
            TextSpan token = _tokens[_truncationOrder[number / 2]];
            return new Mutant(_seedIndex, number, $"truncated after token at {token.End}", _text[..token.End]);
        }

        var random = new Random(Mix(_runSeed, _seedIndex, number));
        string text = _text;
        var steps = new List<string>();
        int edits = 1 + (random.Next(4) == 0 ? random.Next(1, 3) : 0);
        for (int i = 0; i < edits; i++)
        {
            text = Apply(text, random, steps);
        }

        return new Mutant(_seedIndex, number, string.Join("; ", steps), text);
    }

    private string Apply(string text, Random random, List<string> steps)
    {
        // Later edits of a compound mutant work on the edited text; spans come from the current text.
        bool original = ReferenceEquals(text, _text);
        ImmutableArray<TextSpan> tokens = original ? _tokens : Tokens(text);
        ImmutableArray<TextSpan> lines = original ? _lines : Lines(text);
        if (tokens.Length < 2 || lines.Length < 1)
        {
            steps.Add("unchanged");
            return text;
        }

        switch (random.Next(5))
        {
            case 0:
            {
                TextSpan t = tokens[random.Next(tokens.Length)];
                steps.Add($"deleted token '{Clip(text.Substring(t.Start, t.Length))}' at {t.Start}");
                return text.Remove(t.Start, t.Length);
            }

            case 1:
            {
                TextSpan l = lines[random.Next(lines.Length)];
                steps.Add($"deleted line at {l.Start}");
                return text.Remove(l.Start, l.Length);
            }

            case 2:
            {
                TextSpan l = lines[random.Next(lines.Length)];
                steps.Add($"duplicated line at {l.Start}");
                string line = text.Substring(l.Start, l.Length);
                return text.Insert(l.End, line.EndsWith('\n') ? line : "\n" + line);
            }

            case 3:
            {
                int i = random.Next(tokens.Length - 1);
                TextSpan a = tokens[i];
                TextSpan b = tokens[i + 1];
                steps.Add($"swapped '{Clip(text.Substring(a.Start, a.Length))}' at {a.Start} with the next token");
                return text[..a.Start] + text.Substring(b.Start, b.Length) + text[a.End..b.Start] + text.Substring(a.Start, a.Length) + text[b.End..];
            }

            default:
            {
                // A run of tokens deleted: a selection cut away, a statement half rewritten.
                int start = random.Next(tokens.Length);
                int end = Math.Min(tokens.Length - 1, start + random.Next(1, 8));
                steps.Add($"deleted tokens {tokens[start].Start}..{tokens[end].End}");
                return text.Remove(tokens[start].Start, tokens[end].End - tokens[start].Start);
            }
        }
    }

    private static ImmutableArray<TextSpan> Tokens(string text) =>
        CSharpSyntaxTree.ParseText(text, TestProject.ParseOptions).GetRoot()
            .DescendantTokens(descendIntoTrivia: true).Where(t => t.Span.Length > 0).Select(t => t.Span).ToImmutableArray();

    private static ImmutableArray<TextSpan> Lines(string text) =>
        SourceText.From(text).Lines.Select(l => l.SpanIncludingLineBreak).Where(s => s.Length > 0).ToImmutableArray();

    private static string Clip(string s) => s.Length <= 20 ? s : s[..20] + "…";

    private static int Mix(int a, int b, int c)
    {
        // A fixed mix (HashCode.Combine is randomized per process, which would break reproduction).
        unchecked
        {
            uint h = 2166136261;
            foreach (int v in new[] { a, b, c })
            {
                h = (h ^ (uint)v) * 16777619;
                h ^= h >> 15;
            }

            return (int)(h & 0x7FFFFFFF);
        }
    }
}
