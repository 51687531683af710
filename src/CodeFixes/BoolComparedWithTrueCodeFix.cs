using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>QOS012: <c>== 1</c> becomes <c>!= 0</c>, <c>!= 1</c> <c>== 0</c>, <c>is 1</c> <c>is not 0</c>, <c>is not 1</c> <c>is 0</c>.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoolComparedWithTrueCodeFix)), Shared]
    public sealed class BoolComparedWithTrueCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.BoolComparedWithTrue);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not SyntaxNode node)
            {
                return;
            }

            SyntaxNode? target = node switch
            {
                BinaryExpressionSyntax b when b.Span == context.Span => b,
                IsPatternExpressionSyntax p when p.Span == context.Span => p,
                _ => null,
            };
            if (target is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Test the BOOL against 0", ct => FixAsync(context.Document, target, ct), nameof(BoolComparedWithTrueCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            LiteralExpressionSyntax zero = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0));
            SyntaxNode replacement;
            if (target is BinaryExpressionSyntax binary)
            {
                bool oneOnRight = model.GetConstantValue(binary.Right, cancellationToken) is { HasValue: true };
                SyntaxKind kind = binary.IsKind(SyntaxKind.EqualsExpression) ? SyntaxKind.NotEqualsExpression : SyntaxKind.EqualsExpression;
                SyntaxToken op = SyntaxFactory.Token(kind == SyntaxKind.EqualsExpression ? SyntaxKind.EqualsEqualsToken : SyntaxKind.ExclamationEqualsToken).WithTriviaFrom(binary.OperatorToken);
                replacement = oneOnRight
                    ? SyntaxFactory.BinaryExpression(kind, binary.Left, op, zero.WithTriviaFrom(binary.Right))
                    : SyntaxFactory.BinaryExpression(kind, zero.WithTriviaFrom(binary.Left), op, binary.Right);
            }
            else
            {
                var isPattern = (IsPatternExpressionSyntax)target;
                PatternSyntax pattern = isPattern.Pattern is UnaryPatternSyntax
                    ? SyntaxFactory.ConstantPattern(zero)
                    : SyntaxFactory.UnaryPattern(
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.NotKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                        SyntaxFactory.ConstantPattern(zero));
                replacement = isPattern.WithPattern(pattern.WithTriviaFrom(isPattern.Pattern));
            }

            return document.WithSyntaxRoot(root.ReplaceNode(target, replacement.WithTriviaFrom(target)));
        }
    }
}
