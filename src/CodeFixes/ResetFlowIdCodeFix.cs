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
    /// <summary>QOS006: assigns 0 to the FlowId right before the QOSAddSocketToFlow statement, so every path passes 0.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResetFlowIdCodeFix)), Shared]
    public sealed class ResetFlowIdCodeFix : CodeFixProvider
    {
        private const string Title = "Reset the FlowId to 0 before the call";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.FlowIdNotZeroOnInput);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(FlowIdNotZeroAnalyzer.ResetProperty, out string? target) || target is null
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
                    || EnclosingStatement(call) is not StatementSyntax statement)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => InsertAsync(context.Document, statement, target, ct), equivalenceKey: nameof(ResetFlowIdCodeFix)),
                    diagnostic);
            }
        }

        /// <summary>The statement the call runs in, when a reset placed before it runs every time the call does.</summary>
        private static StatementSyntax? EnclosingStatement(InvocationExpressionSyntax call)
        {
            for (SyntaxNode? node = call.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return null;

                    // Reached from the loop's header (a body statement would have matched first): the call
                    // runs again on every iteration without passing the statement's start.
                    case WhileStatementSyntax:
                    case DoStatementSyntax:
                    case ForStatementSyntax:
                        return null;

                    case StatementSyntax statement when statement is not BlockSyntax:
                        return statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax || IsEmbedded(statement) ? statement : null;
                }
            }

            return null;
        }

        private static bool IsEmbedded(StatementSyntax statement) => statement.Parent switch
        {
            IfStatementSyntax i => i.Statement == statement,
            ElseClauseSyntax => true,
            WhileStatementSyntax w => w.Statement == statement,
            DoStatementSyntax d => d.Statement == statement,
            ForStatementSyntax f => f.Statement == statement,
            CommonForEachStatementSyntax f => f.Statement == statement,
            UsingStatementSyntax u => u.Statement == statement,
            LockStatementSyntax l => l.Statement == statement,
            FixedStatementSyntax f => f.Statement == statement,
            _ => false,
        };

        private static async Task<Document> InsertAsync(Document document, StatementSyntax statement, string target, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SyntaxTrivia endOfLine = UsingDirectives.DetectEndOfLine(root);
            StatementSyntax reset = SyntaxFactory.ParseStatement(target + " = 0;");

            if (statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax)
            {
                SyntaxTriviaList leading = statement.GetLeadingTrivia();
                SyntaxTrivia indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
                StatementSyntax inserted = reset.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
                StatementSyntax after = statement.WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxTriviaList.Empty);
                return document.WithSyntaxRoot(root.ReplaceNode(statement, new SyntaxNode[] { inserted, after }));
            }

            // An embedded statement (if/else/loop body without braces) becomes a block: { reset; statement }.
            string outer = IndentationOf(statement.Parent!);
            string inner = outer + "    ";
            BlockSyntax block = SyntaxFactory.Block(
                    reset.WithLeadingTrivia(SyntaxFactory.Whitespace(inner)).WithTrailingTrivia(endOfLine),
                    statement.WithLeadingTrivia(SyntaxFactory.Whitespace(inner)).WithTrailingTrivia(endOfLine))
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(SyntaxFactory.Whitespace(outer)).WithTrailingTrivia(endOfLine))
                .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Whitespace(outer)).WithTrailingTrivia(statement.GetTrailingTrivia()));
            return document.WithSyntaxRoot(root.ReplaceNode(statement, block));
        }

        private static string IndentationOf(SyntaxNode node)
        {
            SyntaxTrivia whitespace = node.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            return whitespace.IsKind(SyntaxKind.WhitespaceTrivia) ? whitespace.ToString() : string.Empty;
        }
    }
}
