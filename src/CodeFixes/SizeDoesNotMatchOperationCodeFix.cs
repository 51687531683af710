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
using QosAnalyzers.Catalog;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS011: writes the size the Operation needs (<c>sizeof(QOS_FLOWRATE_OUTGOING)</c> where that struct is
    /// in scope in unsafe code, <c>sizeof(uint)</c>/<c>sizeof(ulong)</c> for scalars, else the constant),
    /// passes NULL for a notification's buffer, and turns a flow-id count into bytes.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SizeDoesNotMatchOperationCodeFix)), Shared]
    public sealed class SizeDoesNotMatchOperationCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SizeDoesNotMatchOperation);

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
                if (!diagnostic.Properties.TryGetValue(SizeDoesNotMatchOperationAnalyzer.FixProperty, out string? fix) || fix is null)
                {
                    continue;
                }

                string title = fix switch
                {
                    SizeDoesNotMatchOperationAnalyzer.FixNullBuffer => "Pass NULL for the buffer",
                    SizeDoesNotMatchOperationAnalyzer.FixBytes => "Give the size in bytes",
                    _ => "Pass the size the Operation needs",
                };
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixAsync(context.Document, diagnostic, fix, ct), nameof(SizeDoesNotMatchOperationCodeFix) + fix),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string fix, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            if (fix == SizeDoesNotMatchOperationAnalyzer.FixNullBuffer)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not SyntaxNode node
                    || node.AncestorsAndSelf().OfType<ArgumentSyntax>().FirstOrDefault() is not ArgumentSyntax argument)
                {
                    return document;
                }

                bool pointer = model.GetTypeInfo(argument.Expression, cancellationToken).ConvertedType?.TypeKind == TypeKind.Pointer;
                ExpressionSyntax nothing = pointer
                    ? SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression)
                    : SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression, SyntaxFactory.Token(SyntaxKind.DefaultKeyword));
                return document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, nothing.WithTriviaFrom(argument.Expression)));
            }

            if (diagnostic.AdditionalLocations.Count == 0
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression)
            {
                return document;
            }

            if (fix == SizeDoesNotMatchOperationAnalyzer.FixBytes)
            {
                ExpressionSyntax bytes = SyntaxFactory.BinaryExpression(
                    SyntaxKind.MultiplyExpression,
                    expression.WithoutTrivia(),
                    SyntaxFactory.ParseExpression("sizeof(uint)"));
                ExpressionSyntax replacement = expression.Parent is CastExpressionSyntax ? SyntaxFactory.ParenthesizedExpression(bytes) : bytes;
                return document.WithSyntaxRoot(root.ReplaceNode(expression, replacement.WithTriviaFrom(expression)));
            }

            diagnostic.Properties.TryGetValue(SizeDoesNotMatchOperationAnalyzer.BufferTypeProperty, out string? bufferType);
            diagnostic.Properties.TryGetValue(SizeDoesNotMatchOperationAnalyzer.ExpectedSizeProperty, out string? expectedSize);
            ExpressionSyntax size = SizeExpression(model, expression, bufferType, expectedSize ?? "0", cancellationToken);
            return document.WithSyntaxRoot(root.ReplaceNode(expression, size.WithTriviaFrom(expression)));
        }

        private static ExpressionSyntax SizeExpression(SemanticModel model, ExpressionSyntax replaced, string? bufferType, string expectedSize, CancellationToken cancellationToken)
        {
            switch (bufferType)
            {
                case "DWORD":
                case "QOS_TRAFFIC_TYPE":
                    return SyntaxFactory.ParseExpression("sizeof(uint)");
                case "UINT64":
                    return SyntaxFactory.ParseExpression("sizeof(ulong)");
            }

            // sizeof(QOS_FLOWRATE_OUTGOING) is not a constant: unsafe code only, and cast where the target is not int.
            if (bufferType is not null
                && QwaveCatalog.Struct(bufferType) is not null
                && UnsafeContext.Contains(replaced)
                && model.LookupNamespacesAndTypes(replaced.SpanStart, name: bufferType).OfType<INamedTypeSymbol>().Any(t => t.TypeKind == TypeKind.Struct))
            {
                ExpressionSyntax sizeOf = SyntaxFactory.ParseExpression("sizeof(" + bufferType + ")");
                ITypeSymbol? target = model.GetTypeInfo(replaced, cancellationToken).ConvertedType;
                if (replaced.Parent is CastExpressionSyntax || target is null || target.SpecialType == SpecialType.System_Int32)
                {
                    return sizeOf;
                }

                return SyntaxFactory.CastExpression(SyntaxFactory.ParseTypeName(target.ToMinimalDisplayString(model, replaced.SpanStart)), sizeOf);
            }

            return SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(int.Parse(expectedSize, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
