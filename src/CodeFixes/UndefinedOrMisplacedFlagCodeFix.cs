using System;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS013: keeps only the flags the function (and its Operation) defines: the named constant the
    /// argument already uses for them when there is one, else the number (0 when nothing is left).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UndefinedOrMisplacedFlagCodeFix)), Shared]
    public sealed class UndefinedOrMisplacedFlagCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UndefinedOrMisplacedFlag);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not SyntaxNode node)
            {
                return;
            }

            // Reported on the argument; an omitted (defaulted) argument is reported on the call and has nothing to replace.
            ArgumentSyntax? argument = node as ArgumentSyntax ?? node.Parent as ArgumentSyntax;
            if (argument is null || argument.Span != context.Span)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(UndefinedOrMisplacedFlagAnalyzer.LegalValueProperty, out string? text)
                    || !uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint legal))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        legal == 0 ? "Pass 0 for Flags" : "Pass only the documented flags",
                        ct => FixAsync(context.Document, argument, legal, ct),
                        nameof(UndefinedOrMisplacedFlagCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, ArgumentSyntax argument, uint legal, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            ExpressionSyntax replacement = legal == 0 ? Number(0) : Reuse(model, argument.Expression, legal, cancellationToken) ?? Number(legal);
            return document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, replacement.WithTriviaFrom(argument.Expression)));
        }

        /// <summary>The part of the argument that already names the legal value (a constant, an enum member under a cast).</summary>
        private static ExpressionSyntax? Reuse(SemanticModel model, ExpressionSyntax expression, uint legal, CancellationToken cancellationToken)
        {
            foreach (ExpressionSyntax candidate in expression.DescendantNodesAndSelf().OfType<ExpressionSyntax>())
            {
                Optional<object?> constant = model.GetConstantValue(candidate, cancellationToken);
                if (!constant.HasValue || constant.Value is null || candidate is LiteralExpressionSyntax)
                {
                    continue;
                }

                ulong value;
                try
                {
                    value = Convert.ToUInt64(constant.Value, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    continue;
                }

                if (value != legal || candidate is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or CastExpressionSyntax))
                {
                    continue;
                }

                ITypeSymbol? type = model.GetTypeInfo(candidate, cancellationToken).Type;
                return type?.TypeKind == TypeKind.Enum
                    ? SyntaxFactory.CastExpression(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.UIntKeyword)), candidate.WithoutTrivia())
                    : candidate.WithoutTrivia();
            }

            return null;
        }

        private static ExpressionSyntax Number(uint value) =>
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal((int)value));
    }
}
