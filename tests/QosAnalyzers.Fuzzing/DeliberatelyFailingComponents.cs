using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QosAnalyzers.Fuzzing;

// Deliberately failing components for FuzzerDetectionTests; kept apart from the workspace-using
// test code because analyzers must not reach Workspaces types (RS1022).
internal static class HalfTyped
{
    /// <summary>A call with its argument list cut short: code being typed, only found in mutants.</summary>
    public static bool Call(InvocationExpressionSyntax call) => call.ArgumentList.CloseParenToken.IsMissing;
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_rule = new("FUZZ01", "t", "t", "t", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(
            c =>
            {
                if (HalfTyped.Call((InvocationExpressionSyntax)c.Node))
                {
                    throw new InvalidOperationException("unclosed argument list");
                }
            },
            SyntaxKind.InvocationExpression);
    }
}

internal sealed class ThrowingGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var calls = context.SyntaxProvider.CreateSyntaxProvider(
            static (node, _) => node is InvocationExpressionSyntax call && HalfTyped.Call(call),
            static (_, _) => 1);
        context.RegisterSourceOutput(calls, static (_, _) => throw new InvalidOperationException("unclosed argument list"));
    }
}

/// <summary>Reports every invocation, so the code fix under test always has work.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EveryCallAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new("FUZZ02", "call", "call", "t", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(c => c.ReportDiagnostic(Diagnostic.Create(Rule, c.Node.GetLocation())), SyntaxKind.InvocationExpression);
    }
}

public enum FixFailure
{
    None,
    Register,
    Compute,
    FixAll,
}

internal sealed class ThrowingCodeFix : CodeFixProvider
{
    private readonly FixFailure _failure;

    public ThrowingCodeFix(FixFailure failure) => _failure = failure;

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(EveryCallAnalyzer.Rule.Id);

    public override FixAllProvider GetFixAllProvider() => _failure == FixFailure.FixAll
        ? FixAllProvider.Create((_, _, _) => throw new InvalidOperationException("Fix All failed"))
        : WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken))!;
        if (root.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
        {
            return;
        }

        if (_failure == FixFailure.Register && HalfTyped.Call(call))
        {
            throw new InvalidOperationException("register failed");
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Wrap in parentheses",
                _ => _failure == FixFailure.Compute && HalfTyped.Call(call)
                    ? throw new InvalidOperationException("compute failed")
                    : Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(call, SyntaxFactory.ParenthesizedExpression(call)))),
                "wrap"),
            context.Diagnostics);
    }
}
