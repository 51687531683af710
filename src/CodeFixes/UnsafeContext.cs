using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>Whether code a fix writes at a place may use pointers and <c>sizeof</c> of a struct.</summary>
    internal static class UnsafeContext
    {
        public static bool Contains(SyntaxNode node) => node.AncestorsAndSelf().Any(n => n switch
        {
            MemberDeclarationSyntax member => member.Modifiers.Any(SyntaxKind.UnsafeKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.UnsafeKeyword),
            UnsafeStatementSyntax => true,
            _ => false,
        });
    }
}
