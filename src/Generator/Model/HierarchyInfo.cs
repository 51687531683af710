// Where a generated partial declaration goes: namespace, containing types (outermost first) and
// the type itself, as plain strings (after CommunityToolkit.Mvvm's HierarchyInfo).
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Generator.Model
{
    /// <summary>One type declaration in the partial shell, e.g. keyword "record struct", name "Outer&lt;T&gt;".</summary>
    internal sealed record TypeShell(string Keyword, string Name);

    internal sealed record HierarchyInfo(string Namespace, EquatableArray<TypeShell> ContainingTypes, TypeShell Type, string HintName)
    {
        private static readonly SymbolDisplayFormat s_namespaceFormat = new SymbolDisplayFormat(
            globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

        private static readonly SymbolDisplayFormat s_typeNameFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

        public static HierarchyInfo From(INamedTypeSymbol type, string hintSuffix)
        {
            var containing = new List<TypeShell>();
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                containing.Insert(0, Shell(outer));
            }

            string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(s_namespaceFormat) : string.Empty;
            return new HierarchyInfo(ns, new EquatableArray<TypeShell>(containing.ToArray()), Shell(type), HintNameOf(type) + hintSuffix);
        }

        private static TypeShell Shell(INamedTypeSymbol type)
        {
            string keyword = type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            return new TypeShell(keyword, type.ToDisplayString(s_typeNameFormat));
        }

        /// <summary>A file-name-safe, unique name: the metadata name with nesting and arity kept.</summary>
        private static string HintNameOf(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
            {
                parts.Insert(0, t.MetadataName);
            }

            string full = string.Join("+", parts);
            if (type.ContainingNamespace is { IsGlobalNamespace: false } n)
            {
                full = n.ToDisplayString() + "." + full;
            }

            var builder = new StringBuilder(full.Length);
            foreach (char c in full)
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : (c == '+' ? '-' : '_'));
            }

            return builder.ToString();
        }
    }
}
