using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>QOS004: sets <c>SetLastError = true</c> on the DllImport/LibraryImport attribute.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingSetLastErrorCodeFix)), Shared]
    public sealed class MissingSetLastErrorCodeFix : CodeFixProvider
    {
        private const string Title = "Set SetLastError = true";
        private const string SetLastError = "SetLastError";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.MissingSetLastError);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span) is not AttributeSyntax attribute || attribute.ArgumentList is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, Fix(attribute)))), nameof(MissingSetLastErrorCodeFix)),
                    diagnostic);
            }
        }

        private static AttributeSyntax Fix(AttributeSyntax attribute)
        {
            AttributeArgumentListSyntax list = attribute.ArgumentList!;
            LiteralExpressionSyntax trueLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
            AttributeArgumentSyntax? existing = list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == SetLastError);
            if (existing is not null)
            {
                return attribute.ReplaceNode(existing.Expression, trueLiteral.WithTriviaFrom(existing.Expression));
            }

            AttributeArgumentSyntax added = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(
                    SyntaxFactory.IdentifierName(SetLastError),
                    SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
                nameColon: null,
                trueLiteral);
            SyntaxToken comma = SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments.Count == 0
                ? SyntaxFactory.SingletonSeparatedList(added)
                : SyntaxFactory.SeparatedList<AttributeArgumentSyntax>(list.Arguments.GetWithSeparators().Add(comma).Add(added));
            return attribute.WithArgumentList(list.WithArguments(arguments));
        }
    }
}
