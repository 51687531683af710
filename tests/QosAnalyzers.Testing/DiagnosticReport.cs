using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Testing;

/// <summary>Renders diagnostics back into the test source as markup, so a failure shows what was reported where.</summary>
public static class DiagnosticReport
{
    public static string Annotate(Compilation compilation, IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        var sb = new StringBuilder();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
            {
                continue;
            }

            var inTree = list.Where(d => d.Location.SourceTree == tree).OrderBy(d => d.Location.SourceSpan.Start).ToList();
            sb.Append("// ---- ").Append(tree.FilePath).AppendLine(" (actual diagnostics as markup)");
            sb.AppendLine(InsertMarkup(tree.ToString(), inTree));
            foreach (Diagnostic d in inTree)
            {
                sb.AppendLine("//   " + Describe(d));
            }
        }

        foreach (Diagnostic d in list.Where(d => !d.Location.IsInSource))
        {
            sb.AppendLine("// (no location) " + Describe(d));
        }

        return sb.ToString();
    }

    public static string Describe(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        string where = d.Location.IsInSource
            ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})"
            : "(no location)";
        string extra = d.AdditionalLocations.Count == 0
            ? string.Empty
            : " also at " + string.Join(", ", d.AdditionalLocations.Select(l => $"({l.GetLineSpan().StartLinePosition.Line + 1},{l.GetLineSpan().StartLinePosition.Character + 1})"));
        return $"{d.Id} {d.Severity} {where}{extra}: {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    private static string InsertMarkup(string text, List<Diagnostic> diagnostics)
    {
        // Opening and closing marks, closing before opening at one offset so adjacent spans stay readable.
        var marks = new List<(int Offset, int Order, string Text)>();
        foreach (Diagnostic d in diagnostics)
        {
            marks.Add((d.Location.SourceSpan.Start, 1, "{|" + d.Id + ":"));
            marks.Add((d.Location.SourceSpan.End, 0, "|}"));
        }

        var sb = new StringBuilder(text);
        foreach (var mark in marks.OrderByDescending(m => m.Offset).ThenByDescending(m => m.Order))
        {
            sb.Insert(Math.Min(mark.Offset, sb.Length), mark.Text);
        }

        return sb.ToString();
    }
}
