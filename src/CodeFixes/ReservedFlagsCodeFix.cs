using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>QOS001: passes 0 for the reserved Flags argument.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReservedFlagsCodeFix)), Shared]
    public sealed class ReservedFlagsCodeFix : CodeFixProvider
    {
        private const string Title = "Pass 0 for the reserved Flags";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ReservedFlagsMustBeZero);

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
                context.RegisterCodeFix(
                    CodeAction.Create(
                        Title,
                        _ =>
                        {
                            ExpressionSyntax zero = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))
                                .WithTriviaFrom(argument.Expression);
                            return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, zero)));
                        },
                        equivalenceKey: nameof(ReservedFlagsCodeFix)),
                    diagnostic);
            }
        }
    }
}
