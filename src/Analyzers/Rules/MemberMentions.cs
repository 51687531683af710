using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>Where a type's code mentions one of its own members by name, for the checks that span all of its declarations.</summary>
    internal static class MemberMentions
    {
        /// <summary>
        /// Every simple name spelled <paramref name="name"/> in the declarations of <paramref name="type"/> (nested types
        /// included), with the expression it stands for (<c>this.x</c> for the <c>x</c> in it) and the model of its file.
        /// The caller decides, through the model, whether the name means the member.
        /// </summary>
        public static IEnumerable<(SimpleNameSyntax Name, ExpressionSyntax Expression, SemanticModel Model)> InType(string name, INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference declaration in type.DeclaringSyntaxReferences)
            {
                SemanticModel? model = null;
                foreach (SyntaxNode node in declaration.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is not SimpleNameSyntax simple || simple.Identifier.ValueText != name)
                    {
                        continue;
                    }

#pragma warning disable RS1030 // The mentions are in other bodies than the one analyzed, which no single callback hands over; the driver hands out the same cached model.
                    model ??= compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
                    ExpressionSyntax expression = simple.Parent is MemberAccessExpressionSyntax access && access.Name == simple ? access : simple;
                    yield return (simple, expression, model);
                }
            }
        }
    }
}
