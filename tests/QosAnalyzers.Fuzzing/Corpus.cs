using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Fuzzing;

/// <summary>One document to mutate, with the documents it compiles against (left intact).</summary>
public sealed record Seed(string Name, string Path, string Text, ImmutableArray<(string Path, string Text)> Companions);

/// <summary>
/// The seed corpus: every C# source the tests already use (string constants and literals in the
/// analyzer and generator test projects, markup stripped), the golden generated files and the samples.
/// </summary>
public static partial class Corpus
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static readonly Lazy<ImmutableArray<Seed>> s_all = new(() => Load(RepositoryRoot));

    public static ImmutableArray<Seed> All => s_all.Value;

    public static ImmutableArray<Seed> Load(string root)
    {
        var seeds = new List<Seed>();
        foreach (string project in new[] { "tests/QosAnalyzers.Analyzers.Tests", "tests/QosAnalyzers.Generator.Tests" })
        {
            seeds.AddRange(FromTestProject(root, project));
        }

        foreach (string golden in SourceFiles(Path.Combine(root, "tests/QosAnalyzers.Generator.Tests/Golden")))
        {
            seeds.Add(new Seed(Relative(root, golden), System.IO.Path.GetFileName(golden), File.ReadAllText(golden), ImmutableArray<(string, string)>.Empty));
        }

        // A sample's other files are its companions: the demo's Program uses the flows declared next to it.
        foreach (string directory in Directory.EnumerateDirectories(Path.Combine(root, "samples")).OrderBy(d => d, StringComparer.Ordinal))
        {
            var files = SourceFiles(directory).Select(f => (Path: f, Text: File.ReadAllText(f))).ToList();
            foreach (var file in files)
            {
                seeds.Add(new Seed(
                    Relative(root, file.Path),
                    System.IO.Path.GetFileName(file.Path),
                    file.Text,
                    files.Where(f => f.Path != file.Path).Select(f => (System.IO.Path.GetFileName(f.Path), f.Text)).ToImmutableArray()));
            }
        }

        // Identical texts (a constant reused by several tests) are fuzzed once.
        return seeds.GroupBy(s => (s.Text, string.Join("\0", s.Companions.Select(c => c.Text))))
            .Select(g => g.First())
            .ToImmutableArray();
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}bin{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>
    /// The sources a test project embeds. Constant expressions are evaluated by the compiler, so
    /// <c>Types + """…"""</c> yields the whole document the test sees. A literal that is not itself a
    /// named constant gets as companions the named constants that declare the types it uses.
    /// </summary>
    private static IEnumerable<Seed> FromTestProject(string root, string project)
    {
        string directory = Path.Combine(root, project);
        var files = SourceFiles(directory)
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}Golden{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), TestProject.ParseOptions, f)).ToList();
        var compilation = CSharpCompilation.Create("Corpus", trees, TargetFrameworks.References(TargetFrameworks.Default), TestProject.CompilationOptions);

        var constants = new List<Source>();
        var literals = new List<Source>();
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            var seen = new HashSet<ExpressionSyntax>();
            foreach (SyntaxToken token in tree.GetRoot().DescendantTokens())
            {
                bool raw = token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken);
                if (!raw && !token.IsKind(SyntaxKind.StringLiteralToken) || token.Parent is not LiteralExpressionSyntax literal)
                {
                    continue;
                }

                ExpressionSyntax outer = literal;
                while (outer.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or ParenthesizedExpressionSyntax)
                {
                    outer = (ExpressionSyntax)outer.Parent;
                }

                if (!seen.Add(outer))
                {
                    continue;
                }

                string text = model.GetConstantValue(outer) is { HasValue: true, Value: string s } ? s : token.ValueText;
                if (!IsSource(text, raw))
                {
                    continue;
                }

                text = StripMarkup(text);
                string location = $"{Relative(root, tree.FilePath)}:{tree.GetLineSpan(outer.Span).StartLinePosition.Line + 1}";
                string? constantName = outer.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } declarator }
                    && field.Modifiers.Any(SyntaxKind.ConstKeyword)
                    ? declarator.Identifier.ValueText
                    : null;
                var source = new Source(location, text, CSharpSyntaxTree.ParseText(text, TestProject.ParseOptions).GetRoot());
                (constantName is null ? literals : constants).Add(source);
            }
        }

        foreach (Source source in constants.Concat(literals))
        {
            var companions = Companions(source, constants);
            yield return new Seed(
                source.Location,
                "Test0.cs",
                source.Text,
                companions.Select((c, i) => ($"Test{i + 1}.cs", c.Text)).ToImmutableArray());
        }
    }

    /// <summary>Greedily picks the named constants that declare what the source uses and does not declare, without declaring a type twice.</summary>
    private static List<Source> Companions(Source source, List<Source> constants)
    {
        var declared = new HashSet<string>(source.Declared, StringComparer.Ordinal);
        var needed = new HashSet<string>(source.Used.Where(u => !source.DeclaredSimple.Contains(u)), StringComparer.Ordinal);
        var chosen = new List<Source>();
        while (true)
        {
            Source? best = constants
                .Where(c => !ReferenceEquals(c, source) && !chosen.Contains(c) && !c.Declared.Overlaps(declared))
                .Select(c => (Candidate: c, Covers: c.DeclaredSimple.Count(needed.Contains)))
                .Where(x => x.Covers > 0)
                .OrderByDescending(x => x.Covers)
                .ThenBy(x => x.Candidate.Text.Length)
                .Select(x => x.Candidate)
                .FirstOrDefault();
            if (best is null)
            {
                return chosen;
            }

            chosen.Add(best);
            declared.UnionWith(best.Declared);
            needed.ExceptWith(best.DeclaredSimple);
            needed.UnionWith(best.Used.Where(u => !declared.Any(d => d.EndsWith("." + u, StringComparison.Ordinal) || d == u)));
        }
    }

    private static bool IsSource(string text, bool raw)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(StripMarkup(text), TestProject.ParseOptions).GetRoot();
        bool hasCode = unit.Members.Count > 0 || unit.Usings.Count > 0 || unit.AttributeLists.Count > 0;
        if (raw)
        {
            return hasCode && !unit.Members.All(m => m is IncompleteMemberSyntax or GlobalStatementSyntax && m.ContainsDiagnostics);
        }

        // A regular string is only a source when it is clean C# about qWAVE or this package's attributes.
        return hasCode && !unit.ContainsDiagnostics && QwaveContent().IsMatch(text);
    }

    private static string StripMarkup(string text)
    {
        try
        {
            return Markup.Parse(text).Source;
        }
        catch (FormatException)
        {
            return text;
        }
    }

    [GeneratedRegex("qwave|QOS[A-Z_]|QosFlow|QwaveNativeMethods", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QwaveContent();

    private static string Relative(string root, string path) => System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');

    private static string FindRepositoryRoot()
    {
        // Set when the tests run from a copy of their binaries (the long run does, so builds can go on).
        if (Environment.GetEnvironmentVariable("QOS_REPO_ROOT") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (DirectoryInfo? d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "QosAnalyzers.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("QosAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A candidate document and the type names it declares and uses.</summary>
    private sealed class Source
    {
        public Source(string location, string text, SyntaxNode root)
        {
            Location = location;
            Text = text;
            var types = root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().ToList();
            Declared = types.Select(FullName).ToHashSet(StringComparer.Ordinal);
            DeclaredSimple = types.Select(t => t.Identifier.ValueText)
                .Concat(types.Select(t => t.Identifier.ValueText.EndsWith("Attribute", StringComparison.Ordinal) ? t.Identifier.ValueText[..^"Attribute".Length] : t.Identifier.ValueText))
                .ToHashSet(StringComparer.Ordinal);
            Used = root.DescendantNodes().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText).ToHashSet(StringComparer.Ordinal);
        }

        public string Location { get; }

        public string Text { get; }

        public HashSet<string> Declared { get; }

        public HashSet<string> DeclaredSimple { get; }

        public HashSet<string> Used { get; }

        private static string FullName(BaseTypeDeclarationSyntax type)
        {
            var parts = new List<string>();
            for (SyntaxNode? n = type; n is not null; n = n.Parent)
            {
                switch (n)
                {
                    case BaseTypeDeclarationSyntax t:
                        parts.Add(t.Identifier.ValueText);
                        break;
                    case BaseNamespaceDeclarationSyntax ns:
                        parts.Add(ns.Name.ToString());
                        break;
                }
            }

            parts.Reverse();
            return string.Join(".", parts);
        }
    }
}
