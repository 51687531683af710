using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers.Attributes;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS101/QOS102: makes the attributed class and every containing type partial.
    /// QOS110: makes a [QwaveNativeMethods] class static.
    /// Every declaration of each type is changed, in whichever document it lives.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AttributedTypeModifierCodeFix)), Shared]
    public sealed class AttributedTypeModifierCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(
            QosAttributeRules.TypeNotPartialId,
            QosAttributeRules.ContainingTypeNotPartialId,
            QosAttributeRules.NativeMethodsClassNotStaticId);

        // Several diagnostics can ask for the same containing type to become partial; the batch fixer
        // would merge identical insertions into conflicts, so Fix All recomputes from the symbols.
        public override FixAllProvider GetFixAllProvider() => FixAllModifiers.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (TypeAt(root, model, diagnostic.Location.SourceSpan, context.CancellationToken) is not INamedTypeSymbol type)
                {
                    continue;
                }

                bool makeStatic = diagnostic.Id == QosAttributeRules.NativeMethodsClassNotStaticId;
                string title = makeStatic ? $"Make '{type.Name}' static" : $"Make '{type.Name}' and its containing types partial";
                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        ct => ApplyAsync(context.Document.Project.Solution, new[] { (type, makeStatic) }, ct),
                        makeStatic ? "MakeStatic" : "MakePartial"),
                    diagnostic);
            }
        }

        private static INamedTypeSymbol? TypeAt(SyntaxNode root, SemanticModel model, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            if (!root.FullSpan.Contains(span))
            {
                return null;
            }

            SyntaxNode? node = root.FindToken(span.Start).Parent;
            TypeDeclarationSyntax? declaration = node?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            return declaration is null ? null : model.GetDeclaredSymbol(declaration, cancellationToken);
        }

        /// <summary>Adds the modifiers to every declaration of the types (and, for partial, their containing types).</summary>
        private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(INamedTypeSymbol Type, bool MakeStatic)> requests, CancellationToken cancellationToken)
        {
            var edits = new Dictionary<SyntaxTree, Dictionary<TypeDeclarationSyntax, (bool Partial, bool Static)>>();
            foreach ((INamedTypeSymbol type, bool makeStatic) in requests)
            {
                if (makeStatic)
                {
                    Mark(edits, type, partial: false, makeStatic: true, cancellationToken);
                    continue;
                }

                for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
                {
                    Mark(edits, t, partial: true, makeStatic: false, cancellationToken);
                }
            }

            foreach (KeyValuePair<SyntaxTree, Dictionary<TypeDeclarationSyntax, (bool Partial, bool Static)>> edit in edits)
            {
                Document? document = solution.GetDocument(edit.Key);
                if (document is null)
                {
                    continue;
                }

                SyntaxNode root = await edit.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
                SyntaxNode updated = root.ReplaceNodes(
                    edit.Value.Keys,
                    (original, rewritten) => AddModifiers(rewritten, edit.Value[original].Partial, edit.Value[original].Static));
                solution = solution.WithDocumentSyntaxRoot(document.Id, updated);
            }

            return solution;
        }

        private static void Mark(
            Dictionary<SyntaxTree, Dictionary<TypeDeclarationSyntax, (bool Partial, bool Static)>> edits,
            INamedTypeSymbol type,
            bool partial,
            bool makeStatic,
            CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                {
                    continue;
                }

                bool needsPartial = partial && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
                bool needsStatic = makeStatic && !declaration.Modifiers.Any(SyntaxKind.StaticKeyword);
                if (!needsPartial && !needsStatic)
                {
                    continue;
                }

                if (!edits.TryGetValue(declaration.SyntaxTree, out Dictionary<TypeDeclarationSyntax, (bool Partial, bool Static)>? perTree))
                {
                    edits[declaration.SyntaxTree] = perTree = new Dictionary<TypeDeclarationSyntax, (bool Partial, bool Static)>();
                }

                perTree.TryGetValue(declaration, out (bool Partial, bool Static) existing);
                perTree[declaration] = (existing.Partial || needsPartial, existing.Static || needsStatic);
            }
        }

        /// <summary>
        /// <c>partial</c> must stand right before the type keyword (CS0267); <c>static</c> goes before
        /// <c>partial</c>. A declaration without modifiers hands the keyword's leading trivia (indentation,
        /// line break after attributes) to the first new modifier.
        /// </summary>
        private static TypeDeclarationSyntax AddModifiers(TypeDeclarationSyntax declaration, bool partial, bool makeStatic)
        {
            SyntaxTokenList modifiers = declaration.Modifiers;
            SyntaxToken keyword = declaration.Keyword;
            SyntaxTriviaList leading = modifiers.Count == 0 ? keyword.LeadingTrivia : default;
            if (modifiers.Count == 0)
            {
                declaration = declaration.WithKeyword(keyword.WithLeadingTrivia());
            }

            var toAdd = new List<SyntaxToken>();
            if (makeStatic)
            {
                toAdd.Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            }

            if (partial)
            {
                toAdd.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            }

            int insertAt = modifiers.Count;
            if (makeStatic)
            {
                // Keep an existing 'partial' last.
                int partialIndex = modifiers.IndexOf(SyntaxKind.PartialKeyword);
                if (partialIndex >= 0)
                {
                    insertAt = partialIndex;
                }
            }

            if (toAdd.Count > 0 && modifiers.Count == 0)
            {
                toAdd[0] = toAdd[0].WithLeadingTrivia(leading);
            }

            modifiers = insertAt == 0 && modifiers.Count > 0
                ? MoveLeadingTrivia(modifiers, toAdd)
                : modifiers.InsertRange(insertAt, toAdd);
            return declaration.WithModifiers(modifiers);
        }

        /// <summary>Inserting before the first modifier: the new first token takes over its leading trivia.</summary>
        private static SyntaxTokenList MoveLeadingTrivia(SyntaxTokenList modifiers, List<SyntaxToken> toAdd)
        {
            SyntaxToken first = modifiers[0];
            toAdd[0] = toAdd[0].WithLeadingTrivia(first.LeadingTrivia);
            modifiers = modifiers.Replace(first, first.WithLeadingTrivia());
            return modifiers.InsertRange(0, toAdd);
        }

        /// <summary>Fix All: gathers every reported type first, then edits each declaration once.</summary>
        private sealed class FixAllModifiers : FixAllProvider
        {
            public static readonly FixAllModifiers Instance = new FixAllModifiers();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var requests = new List<(INamedTypeSymbol Type, bool MakeStatic)>();
                IEnumerable<Project> projects = fixAllContext.Scope == FixAllScope.Solution
                    ? fixAllContext.Solution.Projects
                    : new[] { fixAllContext.Project };
                foreach (Project project in projects)
                {
                    IEnumerable<Document> documents = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is not null
                        ? new[] { fixAllContext.Document }
                        : project.Documents;
                    foreach (Document document in documents)
                    {
                        ImmutableArray<Diagnostic> diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                        if (diagnostics.IsEmpty)
                        {
                            continue;
                        }

                        SyntaxNode? root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                        SemanticModel? model = await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                        if (root is null || model is null)
                        {
                            continue;
                        }

                        foreach (Diagnostic diagnostic in diagnostics)
                        {
                            bool makeStatic = diagnostic.Id == QosAttributeRules.NativeMethodsClassNotStaticId;
                            if (makeStatic != (fixAllContext.CodeActionEquivalenceKey == "MakeStatic"))
                            {
                                continue;
                            }

                            if (TypeAt(root, model, diagnostic.Location.SourceSpan, fixAllContext.CancellationToken) is INamedTypeSymbol type)
                            {
                                requests.Add((type, makeStatic));
                            }
                        }
                    }
                }

                if (requests.Count == 0)
                {
                    return null;
                }

                Solution solution = fixAllContext.Solution;
                return CodeAction.Create(
                    "Fix attributed type modifiers",
                    ct => ApplyAsync(solution, requests, ct),
                    fixAllContext.CodeActionEquivalenceKey);
            }
        }
    }
}
