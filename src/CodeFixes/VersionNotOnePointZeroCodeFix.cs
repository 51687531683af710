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
using QosAnalyzers.Analyzers;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS007: sets the version to 1.0 where it is written (the initializer becomes
    /// <c>new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 }</c>, later field assignments write 1 and 0),
    /// or gives a QOS_VERSION struct its two ushorts.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VersionNotOnePointZeroCodeFix)), Shared]
    public sealed class VersionNotOnePointZeroCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.VersionNotOnePointZero);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(VersionNotOnePointZeroAnalyzer.WritesProperty, out string? writes) || writes is null)
                {
                    continue;
                }

                bool isStruct = writes == VersionNotOnePointZeroAnalyzer.StructTarget;
                if (!isStruct && (writes.Length == 0 || writes.Length != diagnostic.AdditionalLocations.Count))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        isStruct ? "Declare MajorVersion and MinorVersion as ushort" : "Pass version 1.0",
                        ct => isStruct ? FixStructAsync(context.Document, diagnostic, ct) : FixValueAsync(context.Document, diagnostic, writes, ct),
                        nameof(VersionNotOnePointZeroCodeFix) + (isStruct ? "Struct" : "Value")),
                    diagnostic);
            }

            return Task.CompletedTask;
        }

        private static async Task<Document> FixValueAsync(Document document, Diagnostic diagnostic, string writes, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            var replacements = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
            for (int i = 0; i < writes.Length; i++)
            {
                if (root.FindNode(diagnostic.AdditionalLocations[i].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression)
                {
                    return document;
                }

                ExpressionSyntax? replacement = writes[i] switch
                {
                    'M' => Number(QwaveCatalog.VersionMajor),
                    'm' => Number(QwaveCatalog.VersionMinor),
                    _ => OnePointZero(model, expression, cancellationToken),
                };
                if (replacement is null)
                {
                    return document;
                }

                replacements[expression] = replacement.WithTriviaFrom(expression);
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }

        private static ExpressionSyntax? OnePointZero(SemanticModel model, ExpressionSyntax initializer, CancellationToken cancellationToken)
        {
            ITypeSymbol? type = model.GetTypeInfo(initializer, cancellationToken).ConvertedType;
            if (type is null || VersionNotOnePointZeroAnalyzer.VersionFields(type) is not (IFieldSymbol major, IFieldSymbol minor))
            {
                return null;
            }

            string typeName = initializer is ObjectCreationExpressionSyntax creation ? creation.Type.ToString() : type.ToMinimalDisplayString(model, initializer.SpanStart);
            return SyntaxFactory.ParseExpression(
                "new " + typeName + " { " + major.Name + " = " + QwaveCatalog.VersionMajor + ", " + minor.Name + " = " + QwaveCatalog.VersionMinor + " }");
        }

        private static async Task<Document> FixStructAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not TypeDeclarationSyntax declaration
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type
                || NativeStructCheck.Identify(type) is not QwaveStruct native
                || NativeStructRewriter.Rewrite(type, native, declaration) is not TypeDeclarationSyntax rewritten)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(declaration, rewritten));
        }

        private static ExpressionSyntax Number(int value) =>
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));
    }
}
