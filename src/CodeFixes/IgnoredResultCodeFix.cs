using System;
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
using QosAnalyzers.Analyzers;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// QOS003: checks the result and throws <see cref="System.ComponentModel.Win32Exception"/> with the
    /// last P/Invoke error. For calls given an OVERLAPPED, ERROR_IO_PENDING is not treated as failure.
    /// </summary>
    /// <remarks>
    /// The runtime (QosAnalyzers) exposes no public throw helper for raw calls, so the fix always
    /// writes the Win32Exception form.
    /// </remarks>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IgnoredResultCodeFix)), Shared]
    public sealed class IgnoredResultCodeFix : CodeFixProvider
    {
        private const string Title = "Throw Win32Exception when the call fails";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.BoolResultIgnored);

        // One pass per document: every statement is rewritten and the using directives are added once.
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root is not null && FindStatement(root, diagnostic) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), nameof(IgnoredResultCodeFix)),
                        diagnostic);
                }
            }
        }

        private static ExpressionStatementSyntax? FindStatement(SyntaxNode root, Diagnostic diagnostic)
        {
            // Only a whole statement in a block can become an if statement without changing what else binds to.
            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax invocation
                && invocation.Parent is ExpressionStatementSyntax statement
                && statement.Expression == invocation
                && (statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax || statement.Parent is GlobalStatementSyntax)
                ? statement
                : null;
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not SemanticModel model)
            {
                return document;
            }

            var statements = new Dictionary<ExpressionStatementSyntax, Diagnostic>();
            foreach (Diagnostic d in diagnostics)
            {
                if (FindStatement(root, d) is ExpressionStatementSyntax s && !statements.ContainsKey(s))
                {
                    statements.Add(s, d);
                }
            }

            if (statements.Count == 0)
            {
                return document;
            }

            int position = statements.Keys.Min(s => s.SpanStart);
            CompilationUnitSyntax updatedUsings = root;
            string exception = UsingDirectives.NameFor(model, position, "System.ComponentModel.Win32Exception", ref updatedUsings);
            string marshal = UsingDirectives.NameFor(model, position, "System.Runtime.InteropServices.Marshal", ref updatedUsings);
            INamedTypeSymbol? marshalType = model.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal");
            string lastError = marshalType is not null && !marshalType.GetMembers("GetLastPInvokeError").IsEmpty
                ? "GetLastPInvokeError"
                : "GetLastWin32Error";
            string eol = UsingDirectives.DetectEndOfLine(root).ToFullString();

            CompilationUnitSyntax rewritten = root.ReplaceNodes(
                statements.Keys,
                (original, _) => Rewrite(original, statements[original], exception, marshal + "." + lastError + "()", eol));

            // Re-apply the using directives added above to the rewritten tree.
            foreach (UsingDirectiveSyntax u in updatedUsings.Usings)
            {
                if (!root.Usings.Any(existing => existing.IsEquivalentTo(u)))
                {
                    rewritten = UsingDirectives.AddUsing(rewritten, u.Name.ToString());
                }
            }

            return document.WithSyntaxRoot(rewritten);
        }

        private static StatementSyntax Rewrite(ExpressionStatementSyntax statement, Diagnostic diagnostic, string exception, string lastErrorCall, string eol)
        {
            var invocation = (InvocationExpressionSyntax)statement.Expression;
            string indent = IndentationOf(statement);
            string unit = IndentationUnit(statement, indent);
            string call = invocation.WithoutTrivia().ToFullString();
            bool zeroTest = diagnostic.Properties.TryGetValue(IgnoredResultAnalyzer.FailureTestProperty, out string? test) && test == IgnoredResultAnalyzer.FailureTestZero;
            string condition = zeroTest ? call + " == 0" : "!" + call;
            string inner = indent + unit;

            string body;
            if (diagnostic.Properties.ContainsKey(IgnoredResultAnalyzer.MayCompleteLaterProperty))
            {
                string error = UniqueName(statement, "error");
                body =
                    inner + "int " + error + " = " + lastErrorCall + ";" + eol +
                    inner + "if (" + error + " != " + QwaveCatalog.ERROR_IO_PENDING.ToString(System.Globalization.CultureInfo.InvariantCulture) + ") // " + QwaveCatalog.ErrorName(QwaveCatalog.ERROR_IO_PENDING) + ": the operation completes through the OVERLAPPED" + eol +
                    inner + "{" + eol +
                    inner + unit + "throw new " + exception + "(" + error + ");" + eol +
                    inner + "}" + eol;
            }
            else
            {
                body = inner + "throw new " + exception + "(" + lastErrorCall + ");" + eol;
            }

            string text = "if (" + condition + ")" + eol + indent + "{" + eol + body + indent + "}";
            StatementSyntax replacement = SyntaxFactory.ParseStatement(text);
            return replacement
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(statement.GetTrailingTrivia());
        }

        private static string IndentationOf(SyntaxNode node)
        {
            SyntaxTriviaList leading = node.GetLeadingTrivia();
            for (int i = leading.Count - 1; i >= 0; i--)
            {
                if (leading[i].IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    return leading[i].ToString();
                }

                if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    break;
                }
            }

            return string.Empty;
        }

        private static string IndentationUnit(StatementSyntax statement, string indent)
        {
            // The step between the enclosing block's brace and the statement; four spaces when unknown.
            if (statement.Parent is BlockSyntax block)
            {
                string outer = IndentationOfToken(block.OpenBraceToken);
                if (indent.Length > outer.Length && indent.StartsWith(outer, StringComparison.Ordinal))
                {
                    return indent.Substring(outer.Length);
                }
            }

            return indent.StartsWith("\t", StringComparison.Ordinal) ? "\t" : "    ";
        }

        private static string IndentationOfToken(SyntaxToken token)
        {
            SyntaxTriviaList leading = token.LeadingTrivia;
            return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? leading[leading.Count - 1].ToString() : string.Empty;
        }

        private static string UniqueName(SyntaxNode node, string baseName)
        {
            // Any identifier in the enclosing member may be a local whose scope would clash (CS0136).
            SyntaxNode scope = node.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? node.SyntaxTree.GetRoot();
            var used = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText), StringComparer.Ordinal);
            string name = baseName;
            for (int i = 1; used.Contains(name); i++)
            {
                name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }
    }
}
