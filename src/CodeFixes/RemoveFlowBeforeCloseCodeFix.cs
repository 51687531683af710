using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS002 and QOS020: when the same block removes the flow right after the close (only other closes in
    /// between), moves that removal before the close; otherwise inserts
    /// <c>_ = QOSRemoveSocketFromFlow(handle, default, flowId, 0);</c> before the close, through the binding the
    /// flow was added with, when the handle and the flow id are in scope there.
    /// </summary>
    /// <remarks>
    /// The result is discarded on purpose: the handle is closed next, which removes the flow anyway if
    /// the removal failed, so there is nothing to recover. The socket argument is 0 (the whole flow)
    /// when the binding takes a value; otherwise the socket the flow was added with.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveFlowBeforeCloseCodeFix)), Shared]
    public sealed class RemoveFlowBeforeCloseCodeFix : CodeFixProvider
    {
        private const string Title = "Remove the flow before closing the handle";

        private const string SocketTitle = "Remove the flow before closing the socket";

        // QOS020 (socket closed before its flow was removed) takes the same fix, before the socket's close.
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.HandleClosedWithActiveFlowOrPendingOperation, RuleIdentifiers.SocketClosedBeforeFlowRemoved);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (await BuildAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is (StatementSyntax close, StatementSyntax removal, bool moves))
                {
                    context.RegisterCodeFix(
                        diagnostic.Id == RuleIdentifiers.SocketClosedBeforeFlowRemoved
                            ? CodeAction.Create(SocketTitle, ct => ApplyAsync(context.Document, close, removal, moves, ct), nameof(RemoveFlowBeforeCloseCodeFix) + diagnostic.Id)
                            : CodeAction.Create(Title, ct => ApplyAsync(context.Document, close, removal, moves, ct), nameof(RemoveFlowBeforeCloseCodeFix)),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> ApplyAsync(Document document, StatementSyntax close, StatementSyntax removal, bool moves, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            if (moves)
            {
                // The removal already written after the close moves before it: the documented order, and no second removal.
                SyntaxNode container = close.Parent!;
                SyntaxList<StatementSyntax> statements = container is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)container).Statements;
                int at = statements.IndexOf(close);
                SyntaxList<StatementSyntax> reordered = statements.Remove(removal).Insert(at, removal);
                SyntaxNode updated = container is BlockSyntax b ? b.WithStatements(reordered) : ((SwitchSectionSyntax)container).WithStatements(reordered);
                return document.WithSyntaxRoot(root.ReplaceNode(container, updated));
            }

            SyntaxTriviaList leading = close.GetLeadingTrivia();
            SyntaxTrivia indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            StatementSyntax inserted = removal
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(UsingDirectives.DetectEndOfLine(root));
            StatementSyntax closeAfter = close.WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxTriviaList.Empty);
            return document.WithSyntaxRoot(root.ReplaceNode(close, new SyntaxNode[] { inserted, closeAfter }));
        }

        private static async Task<(StatementSyntax Close, StatementSyntax Removal, bool Moves)?> BuildAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Properties.ContainsKey(SocketClosedBeforeFlowRemovedAnalyzer.MovesRemovalProperty))
            {
                return await MovedRemovalAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
            }

            if (!diagnostic.Properties.TryGetValue(HandleClosedWithActiveFlowAnalyzer.KindProperty, out string? kind) || kind != "Flow"
                || !diagnostic.Properties.TryGetValue(HandleClosedWithActiveFlowAnalyzer.FlowIdProperty, out string? flowIdName) || flowIdName is null
                || diagnostic.AdditionalLocations.Count == 0)
            {
                return null;
            }

            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax closeCall
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax addCall)
            {
                return null;
            }

            if (CloseStatement(closeCall) is not ExpressionStatementSyntax closeStatement)
            {
                return null;
            }

            var recognizer = QwaveRecognizer.Create(model.Compilation);
            if (model.GetOperation(addCall, cancellationToken) is not IInvocationOperation addOperation
                || !recognizer.TryGetCall(addOperation, out QwaveCall add)
                || add.FunctionName != QwaveCatalog.QOSAddSocketToFlow)
            {
                return null;
            }

            if (FlowIdSymbol(add.ArgumentValue(ParameterRole.FlowId)) is ISymbol flowSymbol
                && LaterRemoval(closeStatement, flowSymbol, model, recognizer, cancellationToken) is StatementSyntax later)
            {
                return (closeStatement, later, true);
            }

            int position = closeStatement.SpanStart;
            IMethodSymbol? remove = add.Method.Method.ContainingType.GetMembers()
                .OfType<IMethodSymbol>()
                .Where(m => m.IsStatic && model.IsAccessible(position, m))
                .Select(m => recognizer.Recognize(m))
                .Where(r => r is not null && r.Function.Name == QwaveCatalog.QOSRemoveSocketFromFlow)
                .OrderBy(r => r!.Kind == add.Method.Kind ? 0 : 1)
                .Select(r => r!.Method)
                .FirstOrDefault();
            if (remove is null)
            {
                return null;
            }

            QwaveMethod removeBinding = recognizer.Recognize(remove)!;
            var arguments = new List<ArgumentSyntax>();
            foreach (IParameterSymbol parameter in remove.Parameters)
            {
                ExpressionSyntax? argument = removeBinding.CatalogParameter(parameter)?.Role switch
                {
                    ParameterRole.QosHandle => InScope(add.Argument(ParameterRole.QosHandle), model, position, cancellationToken),
                    ParameterRole.Socket => parameter.Type.IsValueType
                        ? SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)
                        : InScope(add.Argument(ParameterRole.Socket), model, position, cancellationToken),
                    ParameterRole.FlowId => FlowIdInScope(add, flowIdName, model, position),
                    ParameterRole.Flags => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)),
                    _ => null,
                };
                if (argument is null || parameter.RefKind != RefKind.None)
                {
                    return null;
                }

                arguments.Add(SyntaxFactory.Argument(argument.WithoutTrivia()));
            }

            string receiver = remove.ContainingType.ToMinimalDisplayString(model, position);
            ExpressionSyntax call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression(receiver + "." + remove.Name),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments, Enumerable.Repeat(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)), arguments.Count - 1))));
            StatementSyntax removal = SyntaxFactory.ParseStatement("_ = " + call.ToFullString() + ";");
            return (closeStatement, removal, false);
        }

        /// <summary>The close as a statement of its own in a block: "Close(h);" or "_ = Close(h);".</summary>
        private static ExpressionStatementSyntax? CloseStatement(InvocationExpressionSyntax closeCall)
        {
            SyntaxNode statementExpression = closeCall.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard ? discard : closeCall;
            return statementExpression.Parent is ExpressionStatementSyntax closeStatement && (closeStatement.Parent is BlockSyntax || closeStatement.Parent is SwitchSectionSyntax)
                ? closeStatement
                : null;
        }

        /// <summary>
        /// A removal through this package's API written after the socket's close (the diagnostic's additional location): moved
        /// before the close when it is a later statement of the same block with only closes and disposals between.
        /// </summary>
        private static async Task<(StatementSyntax Close, StatementSyntax Removal, bool Moves)?> MovedRemovalAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || diagnostic.AdditionalLocations.Count == 0
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax closeCall
                || CloseStatement(closeCall) is not ExpressionStatementSyntax closeStatement)
            {
                return null;
            }

            SyntaxNode container = closeStatement.Parent!;
            SyntaxNode? removal = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            while (removal is not null && removal.Parent != container)
            {
                removal = removal.Parent;
            }

            if (removal is not StatementSyntax removalStatement)
            {
                return null;
            }

            SyntaxList<StatementSyntax> statements = container is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)container).Statements;
            int close = statements.IndexOf(closeStatement);
            int at = statements.IndexOf(removalStatement);
            if (at <= close)
            {
                return null;
            }

            for (int i = close + 1; i < at; i++)
            {
                if (!IsCloseOrDispose(statements[i]))
                {
                    // Moving the removal past anything else could change what that code sees.
                    return null;
                }
            }

            return (closeStatement, removalStatement, true);
        }

        /// <summary>
        /// A statement of the close's block, after it, that removes the flow (a QOSRemoveSocketFromFlow of the same
        /// flow id, possibly inside an <c>if</c> or a loop), when only other closes and disposals stand between them.
        /// </summary>
        private static StatementSyntax? LaterRemoval(ExpressionStatementSyntax close, ISymbol flowId, SemanticModel model, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            SyntaxList<StatementSyntax> statements = close.Parent is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)close.Parent!).Statements;
            for (int i = statements.IndexOf(close) + 1; i < statements.Count; i++)
            {
                StatementSyntax statement = statements[i];
                foreach (InvocationExpressionSyntax invocation in statement.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
                {
                    if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
                        && recognizer.TryGetCall(operation, out QwaveCall call)
                        && call.FunctionName == QwaveCatalog.QOSRemoveSocketFromFlow
                        && SymbolEqualityComparer.Default.Equals(FlowIdSymbol(call.ArgumentValue(ParameterRole.FlowId)), flowId))
                    {
                        return statement;
                    }
                }

                if (!IsCloseOrDispose(statement))
                {
                    // Moving the removal past anything else could change what that code sees.
                    return null;
                }
            }

            return null;
        }

        /// <summary><c>x.Dispose();</c>, <c>x.Close();</c>, <c>_ = Close(h);</c>, <c>closesocket(s);</c>: a statement that only releases something.</summary>
        private static bool IsCloseOrDispose(StatementSyntax statement)
        {
            ExpressionSyntax? expression = (statement as ExpressionStatementSyntax)?.Expression;
            if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard)
            {
                expression = discard.Right;
            }

            string? name = (expression as InvocationExpressionSyntax)?.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
            return name is "Dispose" or "Close" or "closesocket" or QwaveCatalog.QOSCloseHandle;
        }

        private static ISymbol? FlowIdSymbol(IOperation? value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value is IAddressOfOperation addressOf)
            {
                value = addressOf.Reference;
            }

            return value switch
            {
                ILocalReferenceOperation l => l.Local,
                IParameterReferenceOperation p => p.Parameter,
                IFieldReferenceOperation f => f.Field,
                IPropertyReferenceOperation p => p.Property,
                _ => null,
            };
        }

        /// <summary>The add's argument expression, if every name in it means the same thing at the close.</summary>
        private static ExpressionSyntax? InScope(IArgumentOperation? argument, SemanticModel model, int position, CancellationToken cancellationToken)
        {
            if (argument?.Syntax is not ArgumentSyntax { RefKindKeyword.RawKind: 0 } syntax)
            {
                return null;
            }

            foreach (IdentifierNameSyntax name in syntax.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                ISymbol? original = model.GetSymbolInfo(name, cancellationToken).Symbol;
                if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
                {
                    continue;
                }

                if (original is null || !model.LookupSymbols(position, name: name.Identifier.ValueText).Contains(original, SymbolEqualityComparer.Default))
                {
                    return null;
                }
            }

            return syntax.Expression;
        }

        private static ExpressionSyntax? FlowIdInScope(QwaveCall add, string flowIdName, SemanticModel model, int position)
        {
            ISymbol? flowId = FlowIdSymbol(add.ArgumentValue(ParameterRole.FlowId));
            return flowId is not null && flowId.Name == flowIdName
                && model.LookupSymbols(position, name: flowIdName).Contains(flowId, SymbolEqualityComparer.Default)
                ? SyntaxFactory.IdentifierName(flowIdName)
                : null;
        }
    }
}
