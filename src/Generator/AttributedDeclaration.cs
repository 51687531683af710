// ForAttributeWithMetadataName matches an attribute to a declaration by syntax tree, not by node: when
// a partial type carries the attribute on one declaration and a look-alike ([Other.QosFlow], or a
// half-typed one) on another in the same file, both declarations come through for the same type.
// Generating for each would add the same hint name twice, and AddSource throws on that.
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Generator
{
    internal static class AttributedDeclaration
    {
        /// <summary>Whether <paramref name="attribute"/> is written on <paramref name="declaration"/> itself.</summary>
        public static bool IsOn(AttributeData attribute, SyntaxNode declaration) =>
            attribute.ApplicationSyntaxReference is { } reference
            && reference.SyntaxTree == declaration.SyntaxTree
            && declaration.Span.Contains(reference.Span);
    }
}
