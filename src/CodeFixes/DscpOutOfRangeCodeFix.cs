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
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>QOS017: a TOS byte becomes its DSCP, <c>value &gt;&gt; 2</c>, where the value is written.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DscpOutOfRangeCodeFix)), Shared]
    public sealed class DscpOutOfRangeCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DscpOutOfRange);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root is null || !diagnostic.Properties.ContainsKey(DscpOutOfRangeAnalyzer.TosProperty) || diagnostic.AdditionalLocations.Count == 0
                    || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create("Use the DSCP of the TOS byte (>> 2)", ct => FixAsync(context.Document, value, ct), nameof(DscpOutOfRangeCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, ExpressionSyntax value, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            ExpressionSyntax operand = value.WithoutTrivia();
            if (operand is not (LiteralExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax or CastExpressionSyntax or ParenthesizedExpressionSyntax))
            {
                operand = SyntaxFactory.ParenthesizedExpression(operand);
            }

            ExpressionSyntax shifted = SyntaxFactory.BinaryExpression(
                SyntaxKind.RightShiftExpression,
                operand,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(2)));
            return document.WithSyntaxRoot(root.ReplaceNode(value, shifted.WithTriviaFrom(value)));
        }
    }
}
