using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS005: rewrites the import to qWAVE's ABI in its own style (see <see cref="AbiDeclarationRewriter"/>),
    /// or gives a copy of a qos2.h struct the native layout. One declaration may carry several diagnostics;
    /// each fix rewrites the whole declaration, and Fix All rewrites each declaration once.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SignatureDoesNotMatchAbiCodeFix)), Shared]
    public sealed class SignatureDoesNotMatchAbiCodeFix : CodeFixProvider
    {
        private const string ImportTitle = "Declare it as qWAVE's ABI";
        private const string StructTitle = "Give it the qos2.h layout";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SignatureDoesNotMatchAbi);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

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
                var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
                if (Target(root, diagnostic) is SyntaxNode target && TryRewrite(model, target, replacements, new HashSet<string>(), context.CancellationToken))
                {
                    bool isStruct = target is TypeDeclarationSyntax;
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            isStruct ? StructTitle : ImportTitle,
                            ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                            nameof(SignatureDoesNotMatchAbiCodeFix) + (isStruct ? "Struct" : "Import")),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax unit || model is null)
            {
                return document;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            var namespaces = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (SyntaxNode target in diagnostics.Select(d => Target(unit, d)).OfType<SyntaxNode>().Distinct())
            {
                if (!replacements.ContainsKey(target))
                {
                    TryRewrite(model, target, replacements, namespaces, cancellationToken);
                }
            }

            if (replacements.Count == 0)
            {
                return document;
            }

            // Nested targets (a method inside a struct being fixed) keep the outer rewrite only.
            var outer = replacements.Keys.Where(k => !replacements.Keys.Any(o => o != k && o.Span.Contains(k.Span))).ToList();
            var result = (CompilationUnitSyntax)unit.ReplaceNodes(outer, (original, _) => replacements[original]);
            foreach (string ns in namespaces.OrderBy(n => n, System.StringComparer.Ordinal))
            {
                result = UsingDirectives.AddUsing(result, ns);
            }

            return document.WithSyntaxRoot(result);
        }

        /// <summary>The import method or the struct a diagnostic is about.</summary>
        private static SyntaxNode? Target(SyntaxNode root, Diagnostic diagnostic)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            bool isStruct = diagnostic.Properties.TryGetValue(SignatureDoesNotMatchAbiAnalyzer.TargetProperty, out string? target) && target == SignatureDoesNotMatchAbiAnalyzer.TargetStruct;
            return isStruct
                ? node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault()
                : node.AncestorsAndSelf().FirstOrDefault(n => n is MethodDeclarationSyntax || n is LocalFunctionStatementSyntax);
        }

        private static bool TryRewrite(SemanticModel model, SyntaxNode target, Dictionary<SyntaxNode, SyntaxNode> replacements, HashSet<string> namespaces, CancellationToken cancellationToken)
        {
            if (target is TypeDeclarationSyntax type)
            {
                if (model.GetDeclaredSymbol(type, cancellationToken) is INamedTypeSymbol symbol
                    && NativeStructCheck.Identify(symbol) is QwaveStruct native
                    && NativeStructRewriter.Rewrite(symbol, native, type) is TypeDeclarationSyntax rewritten)
                {
                    replacements[type] = rewritten;
                    return true;
                }

                return false;
            }

            return AbiDeclarationRewriter.TryRewrite(model, target, replacements, namespaces, cancellationToken);
        }
    }
}
