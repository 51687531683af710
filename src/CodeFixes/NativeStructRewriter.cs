using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// Gives a managed copy of a qos2.h struct the native layout: fields of the native widths in the native
    /// order, natural alignment (no Pack, no Size), sequential layout, explicit offsets as qos2.h has them.
    /// </summary>
    internal static class NativeStructRewriter
    {
        public static TypeDeclarationSyntax? Rewrite(INamedTypeSymbol type, QwaveStruct native, TypeDeclarationSyntax declaration)
        {
            if (!StructLayoutCalculator.TryCompute(type, out StructLayoutCalculator.Layout layout) || layout.Fields.Length != native.Fields.Count)
            {
                return null;
            }

            // Which native field each declared field stands for: by name when all names are native, else by position.
            var fields = layout.Fields.Select(f => f.Field).ToList();
            var byName = fields.Select(f => IndexOf(native, f.Name)).ToList();
            bool named = byName.All(i => i >= 0) && byName.Distinct().Count() == byName.Count;
            int NativeIndex(int declared) => named ? byName[declared] : declared;

            var declarators = new List<(VariableDeclaratorSyntax Declarator, FieldDeclarationSyntax Field)>();
            foreach (IFieldSymbol field in fields)
            {
                if (field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax declarator
                    || declarator.Parent?.Parent is not FieldDeclarationSyntax fieldDeclaration
                    || fieldDeclaration.Parent != declaration)
                {
                    return null;
                }

                declarators.Add((declarator, fieldDeclaration));
            }

            bool reorder = named && byName.Where((n, i) => n != i).Any();
            var newTypes = new string?[fields.Count];
            for (int i = 0; i < fields.Count; i++)
            {
                QwaveField expected = native.Fields[NativeIndex(i)];
                if (layout.Fields[i].Size != expected.Size)
                {
                    newTypes[i] = NativeStructCheck.CanonicalFieldType(expected);
                }
            }

            TypeDeclarationSyntax result = declaration;
            bool explicitLayout = IsExplicit(declaration);
            if (reorder || newTypes.Any(t => t is not null) || explicitLayout)
            {
                result = RebuildFields(declaration, declarators, newTypes, NativeIndex, native, explicitLayout);
            }

            return FixStructLayout(result, layout, native);
        }

        private static TypeDeclarationSyntax RebuildFields(
            TypeDeclarationSyntax declaration,
            List<(VariableDeclaratorSyntax Declarator, FieldDeclarationSyntax Field)> declarators,
            string?[] newTypes,
            Func<int, int> nativeIndex,
            QwaveStruct native,
            bool explicitLayout)
        {
            // One declaration per field, in the native order, at the places the field declarations held.
            var single = new FieldDeclarationSyntax[declarators.Count];
            for (int i = 0; i < declarators.Count; i++)
            {
                (VariableDeclaratorSyntax declarator, FieldDeclarationSyntax field) = declarators[i];
                TypeSyntax type = newTypes[i] is string t ? SyntaxFactory.ParseTypeName(t).WithTriviaFrom(field.Declaration.Type) : field.Declaration.Type;
                FieldDeclarationSyntax one = field.WithDeclaration(SyntaxFactory.VariableDeclaration(type, SyntaxFactory.SingletonSeparatedList(declarator.WithoutTrivia())));
                if (explicitLayout)
                {
                    one = WithFieldOffset(one, native.Fields[nativeIndex(i)].Offset);
                }

                single[nativeIndex(i)] = one;
            }

            var slots = declaration.Members.Select((m, index) => (m, index)).Where(x => declarators.Any(d => d.Field == x.m)).Select(x => x.index).ToList();
            var members = new List<MemberDeclarationSyntax>();
            int next = 0;
            for (int index = 0; index < declaration.Members.Count; index++)
            {
                MemberDeclarationSyntax member = declaration.Members[index];
                if (!slots.Contains(index))
                {
                    members.Add(member);
                    continue;
                }

                bool lastSlot = index == slots[slots.Count - 1];
                int take = lastSlot ? single.Length - next : Math.Min(1, single.Length - next);
                for (int k = 0; k < take; k++)
                {
                    members.Add(single[next++].WithTriviaFrom(member));
                }
            }

            return declaration.WithMembers(SyntaxFactory.List(members));
        }

        private static FieldDeclarationSyntax WithFieldOffset(FieldDeclarationSyntax field, int offset)
        {
            foreach (AttributeListSyntax list in field.AttributeLists)
            {
                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    if (AbiDeclarationRewriter.IsNamed(attribute, "FieldOffset") && attribute.ArgumentList?.Arguments.Count == 1)
                    {
                        AttributeArgumentSyntax argument = attribute.ArgumentList.Arguments[0];
                        ExpressionSyntax value = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(offset)).WithTriviaFrom(argument.Expression);
                        return field.ReplaceNode(argument.Expression, value);
                    }
                }
            }

            return field;
        }

        private static TypeDeclarationSyntax FixStructLayout(TypeDeclarationSyntax declaration, StructLayoutCalculator.Layout layout, QwaveStruct native)
        {
            AttributeSyntax? structLayout = declaration.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => AbiDeclarationRewriter.IsNamed(a, "StructLayout"));
            if (structLayout?.ArgumentList is null)
            {
                return declaration;
            }

            var arguments = structLayout.ArgumentList.Arguments;
            foreach (AttributeArgumentSyntax argument in arguments.ToList())
            {
                string? name = argument.NameEquals?.Name.Identifier.ValueText;
                if ((name == "Pack" && layout.Pack > 0 && layout.Pack < native.Alignment) || (name == "Size" && layout.Size != native.Size))
                {
                    arguments = arguments.Remove(arguments.First(a => a.NameEquals?.Name.Identifier.ValueText == name));
                }
            }

            if (layout.IsAuto && arguments.FirstOrDefault(a => a.NameEquals is null) is AttributeArgumentSyntax kind && kind.Expression is MemberAccessExpressionSyntax access)
            {
                arguments = arguments.Replace(kind, kind.WithExpression(access.WithName(SyntaxFactory.IdentifierName("Sequential").WithTriviaFrom(access.Name))));
            }

            return declaration.ReplaceNode(structLayout, structLayout.WithArgumentList(structLayout.ArgumentList.WithArguments(arguments)));
        }

        private static bool IsExplicit(TypeDeclarationSyntax declaration) =>
            declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => AbiDeclarationRewriter.IsNamed(a, "StructLayout")
                && a.ArgumentList?.Arguments.FirstOrDefault()?.Expression.ToString().EndsWith("Explicit", StringComparison.Ordinal) == true);

        private static int IndexOf(QwaveStruct native, string name)
        {
            for (int i = 0; i < native.Fields.Count; i++)
            {
                if (string.Equals(native.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
