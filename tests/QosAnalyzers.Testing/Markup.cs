using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace QosAnalyzers.Testing;

/// <summary>A span marked in test source: <c>[|…|]</c>, <c>{|ID:…|}</c> or <c>{|#n:…|}</c>.</summary>
public sealed record MarkedSpan(TextSpan Span, string? DiagnosticId, int? LocationIndex);

/// <summary>Parses the markup of roslyn-sdk's testing library: the source without markup plus the marked spans.</summary>
public static class Markup
{
    public static (string Source, IReadOnlyList<MarkedSpan> Spans) Parse(string markup)
    {
        var output = new StringBuilder(markup.Length);
        var spans = new List<MarkedSpan>();
        var open = new Stack<(int Start, string? Id, int? Index)>();
        int i = 0;
        while (i < markup.Length)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((output.Length, null, null));
                i += 2;
            }
            else if (Starts(markup, i, "{|"))
            {
                int colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException($"Markup '{{|' at offset {i} has no ':'.");
                }

                string tag = markup.Substring(i + 2, colon - i - 2);
                if (tag.StartsWith("#", StringComparison.Ordinal))
                {
                    open.Push((output.Length, null, int.Parse(tag.Substring(1), System.Globalization.CultureInfo.InvariantCulture)));
                }
                else
                {
                    open.Push((output.Length, tag, null));
                }

                i = colon + 1;
            }
            else if (Starts(markup, i, "|]") || Starts(markup, i, "|}"))
            {
                if (open.Count == 0)
                {
                    throw new FormatException($"Unbalanced markup close at offset {i}.");
                }

                var (start, id, index) = open.Pop();
                spans.Add(new MarkedSpan(TextSpan.FromBounds(start, output.Length), id, index));
                i += 2;
            }
            else
            {
                output.Append(markup[i]);
                i++;
            }
        }

        if (open.Count != 0)
        {
            throw new FormatException("Unclosed markup span.");
        }

        spans.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return (output.ToString(), spans);
    }

    private static bool Starts(string s, int i, string token) => string.CompareOrdinal(s, i, token, 0, token.Length) == 0;
}
