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
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS021: writes QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH (the constant when one of that name is in scope,
    /// else 0xFFFFFFFF) for the wrong sentinel, and multiplies a byte count by 8.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BandwidthMisuseCodeFix)), Shared]
    public sealed class BandwidthMisuseCodeFix : CodeFixProvider
    {
        private const string SentinelName = "QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.BandwidthMisuse);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not SyntaxNode node)
            {
                return;
            }

            ExpressionSyntax? value = node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression;
            if (value is null || value.Span != context.Span)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(BandwidthMisuseAnalyzer.FixProperty, out string? fix))
                {
                    continue;
                }

                bool sentinel = fix == BandwidthMisuseAnalyzer.FixSentinel;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        sentinel ? "Use QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH (0xFFFFFFFF)" : "Multiply the byte count by 8",
                        ct => FixAsync(context.Document, value, sentinel, ct),
                        nameof(BandwidthMisuseCodeFix) + fix),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, ExpressionSyntax value, bool sentinel, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            ExpressionSyntax replacement;
            if (sentinel)
            {
                SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
                bool named = model.LookupSymbols(value.SpanStart, name: SentinelName).OfType<IFieldSymbol>().Any(f => f.IsConst);
                replacement = named ? SyntaxFactory.IdentifierName(SentinelName) : SyntaxFactory.ParseExpression("0xFFFFFFFF");
            }
            else
            {
                ExpressionSyntax operand = value is BinaryExpressionSyntax or ConditionalExpressionSyntax or AssignmentExpressionSyntax
                    ? SyntaxFactory.ParenthesizedExpression(value.WithoutTrivia())
                    : value.WithoutTrivia();
                replacement = SyntaxFactory.BinaryExpression(SyntaxKind.MultiplyExpression, operand, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(8)));
            }

            return document.WithSyntaxRoot(root.ReplaceNode(value, replacement.WithTriviaFrom(value)));
        }
    }
}
