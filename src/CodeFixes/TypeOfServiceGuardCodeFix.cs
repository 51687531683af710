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
using Microsoft.CodeAnalysis.Formatting;
using QosAnalyzers.Analyzers;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS023: wraps the statement that sets IP_TOS/IPV6_TCLASS in <c>if (!OperatingSystem.IsWindows())</c>,
    /// where the option works. Offered for a call that is a whole statement, on .NET 5 and later (where
    /// OperatingSystem.IsWindows exists).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TypeOfServiceGuardCodeFix)), Shared]
    public sealed class TypeOfServiceGuardCodeFix : CodeFixProvider
    {
        private const string Title = "Guard with !OperatingSystem.IsWindows()";
        private const string OperatingSystem = "System.OperatingSystem";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.TypeOfServiceIgnoredOnWindows);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not SyntaxNode node
                || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not InvocationExpressionSyntax invocation
                || invocation.Span != context.Span
                || StatementOf(invocation) is not ExpressionStatementSyntax statement)
            {
                return;
            }

            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model?.Compilation.GetTypeByMetadataName(OperatingSystem) is not INamedTypeSymbol type
                || !type.GetMembers("IsWindows").OfType<IMethodSymbol>().Any(m => m.IsStatic && m.Parameters.IsEmpty))
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => GuardAsync(context.Document, statement, ct), equivalenceKey: nameof(TypeOfServiceGuardCodeFix)),
                    diagnostic);
            }
        }

        /// <summary>The statement the call is, when it is one on its own (<c>s.Set(…);</c> or <c>s?.Set(…);</c>) in a block, a switch section or top-level code.</summary>
        private static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax invocation)
        {
            SyntaxNode expression = invocation;
            if (invocation.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == invocation)
            {
                expression = conditional;
            }

            return expression.Parent is ExpressionStatementSyntax statement
                && statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax
                    ? statement
                    : null;
        }

        private static async Task<Document> GuardAsync(Document document, ExpressionStatementSyntax statement, CancellationToken cancellationToken)
        {
            var root = (CompilationUnitSyntax)(await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            CompilationUnitSyntax probe = root;
            string name = UsingDirectives.NameFor(model, statement.SpanStart, OperatingSystem, ref probe);
            bool addUsing = probe != root;

            SyntaxTrivia eol = UsingDirectives.DetectEndOfLine(root);
            ExpressionSyntax isWindows = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParseExpression(name), SyntaxFactory.IdentifierName("IsWindows")));
            IfStatementSyntax guard = SyntaxFactory.IfStatement(
                    SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, isWindows),
                    SyntaxFactory.Block(statement.WithLeadingTrivia(SyntaxFactory.ElasticMarker)))
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(NeedsBlankLineAfter(statement) ? SyntaxFactory.TriviaList(eol, eol) : SyntaxFactory.TriviaList(eol))
                .WithAdditionalAnnotations(Formatter.Annotation);

            var fixedRoot = root.ReplaceNode(statement, guard);
            if (addUsing)
            {
                fixedRoot = UsingDirectives.AddUsing(fixedRoot, "System");
            }

            return document.WithSyntaxRoot(fixedRoot);
        }

        /// <summary>A statement follows on the next line: a blank line separates it from the new block's closing brace.</summary>
        private static bool NeedsBlankLineAfter(StatementSyntax statement)
        {
            SyntaxNode? next = statement.Parent switch
            {
                BlockSyntax block => Next(block.Statements, statement),
                SwitchSectionSyntax section => Next(section.Statements, statement),
                GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit => Next(unit.Members, global),
                _ => null,
            };
            if (next is null)
            {
                return false;
            }

            foreach (SyntaxTrivia trivia in next.GetLeadingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return false;
                }

                if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    break;
                }
            }

            return true;
        }

        private static TNode? Next<TNode>(SyntaxList<TNode> list, TNode node)
            where TNode : SyntaxNode
        {
            int index = list.IndexOf(node);
            return index >= 0 && index + 1 < list.Count ? list[index + 1] : null;
        }
    }
}
