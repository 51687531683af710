using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>Makes a type usable by its simple name, adding a using directive in sorted position when needed.</summary>
    internal static class UsingDirectives
    {
        /// <summary>
        /// The name to write for <paramref name="metadataName"/> at <paramref name="position"/>: the simple
        /// name when it already binds there or a using can be added, the qualified name when the simple
        /// name means something else there.
        /// </summary>
        public static string NameFor(SemanticModel model, int position, string metadataName, ref CompilationUnitSyntax root)
        {
            int dot = metadataName.LastIndexOf('.');
            string simple = metadataName.Substring(dot + 1);
            string ns = metadataName.Substring(0, dot);
            INamedTypeSymbol? type = model.Compilation.GetTypeByMetadataName(metadataName);
            var visible = model.LookupNamespacesAndTypes(position, name: simple);
            if (type is not null && visible.Any(s => SymbolEqualityComparer.Default.Equals(s, type)))
            {
                return simple;
            }

            if (!visible.IsEmpty)
            {
                return metadataName;
            }

            root = AddUsing(root, ns);
            return simple;
        }

        public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root, string ns)
        {
            if (root.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name.ToString() == ns))
            {
                return root;
            }

            SyntaxTriviaList eol = SyntaxFactory.TriviaList(DetectEndOfLine(root));
            UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns).WithLeadingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(eol);
            if (root.Usings.Count == 0)
            {
                SyntaxNode? first = root.Members.FirstOrDefault() ?? (SyntaxNode?)null;
                if (first is null)
                {
                    return root.WithUsings(SyntaxFactory.SingletonList(directive));
                }

                // Keep file headers (comments, pragmas) above the new directive.
                SyntaxTriviaList leading = first.GetLeadingTrivia();
                root = root.ReplaceNode(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList(eol)));
                return root.WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(leading)));
            }

            int index = 0;
            while (index < root.Usings.Count && Compare(root.Usings[index], ns) < 0)
            {
                index++;
            }

            if (index == 0)
            {
                UsingDirectiveSyntax first = root.Usings[0];
                directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
                root = root.ReplaceNode(first, first.WithLeadingTrivia(SyntaxTriviaList.Empty));
            }

            return root.WithUsings(root.Usings.Insert(index, directive));
        }

        private static int Compare(UsingDirectiveSyntax existing, string ns)
        {
            if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None))
            {
                return 1;
            }

            string name = existing.Name.ToString();
            bool existingSystem = name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
            bool newSystem = ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal);
            if (existingSystem != newSystem)
            {
                return existingSystem ? -1 : 1;
            }

            return string.CompareOrdinal(name, ns);
        }

        public static SyntaxTrivia DetectEndOfLine(SyntaxNode root)
        {
            foreach (SyntaxTrivia trivia in root.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            return SyntaxFactory.ElasticCarriageReturnLineFeed;
        }
    }
}
