using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Analyzers.Abi
{
    /// <summary>
    /// The native layout of a struct as the marshaller lays it out (sequential or explicit, Pack, Size),
    /// for structs of fixed-size fields. Pointer-sized fields make the layout differ by platform, and
    /// fixed buffers hide their length: for those the layout is unknown.
    /// </summary>
    internal static class StructLayoutCalculator
    {
        private const short LayoutSequential = 0;
        private const short LayoutExplicit = 2;
        private const short LayoutAuto = 3;

        internal readonly struct FieldLayout
        {
            public FieldLayout(IFieldSymbol field, int offset, int size)
            {
                Field = field;
                Offset = offset;
                Size = size;
            }

            public IFieldSymbol Field { get; }

            public int Offset { get; }

            public int Size { get; }
        }

        internal sealed class Layout
        {
            public Layout(int size, int alignment, ImmutableArray<FieldLayout> fields, int pack, bool isAuto, AttributeData? structLayout)
            {
                Size = size;
                Alignment = alignment;
                Fields = fields;
                Pack = pack;
                IsAuto = isAuto;
                StructLayout = structLayout;
            }

            public int Size { get; }

            public int Alignment { get; }

            public ImmutableArray<FieldLayout> Fields { get; }

            /// <summary>The declared Pack, or 0 for the default.</summary>
            public int Pack { get; }

            /// <summary>LayoutKind.Auto: the runtime picks the order, so the struct cannot be marshalled as the native one.</summary>
            public bool IsAuto { get; }

            public AttributeData? StructLayout { get; }
        }

        public static bool TryCompute(ITypeSymbol type, out Layout layout) => TryCompute(type, 0, out layout);

        private static bool TryCompute(ITypeSymbol type, int depth, out Layout layout)
        {
            layout = null!;
            if (depth > 8 || type is not INamedTypeSymbol named || (named.TypeKind != TypeKind.Struct && named.TypeKind != TypeKind.Class) || named.SpecialType != SpecialType.None)
            {
                return false;
            }

            AttributeData? structLayout = ImportDeclaration.Find(named.GetAttributes(), "StructLayoutAttribute");
            short kind = named.TypeKind == TypeKind.Struct ? LayoutSequential : LayoutAuto;
            int pack = 0;
            int declaredSize = 0;
            if (structLayout is not null)
            {
                if (structLayout.ConstructorArguments.Length == 1 && structLayout.ConstructorArguments[0].Value is object value)
                {
                    kind = Convert.ToInt16(value, System.Globalization.CultureInfo.InvariantCulture);
                }

                foreach (var pair in structLayout.NamedArguments)
                {
                    if (pair.Key == "Pack" && pair.Value.Value is int p)
                    {
                        pack = p;
                    }
                    else if (pair.Key == "Size" && pair.Value.Value is int s)
                    {
                        declaredSize = s;
                    }
                }
            }

            if (named.TypeKind == TypeKind.Class && structLayout is null)
            {
                return false;
            }

            var fields = ImmutableArray.CreateBuilder<FieldLayout>();
            int offset = 0;
            int end = 0;
            int alignment = 1;
            foreach (ISymbol member in named.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }

                if (field.IsFixedSizeBuffer || !TryMeasure(field.Type, depth, out int size, out int fieldAlignment))
                {
                    return false;
                }

                if (pack > 0)
                {
                    fieldAlignment = Math.Min(fieldAlignment, pack);
                }

                alignment = Math.Max(alignment, fieldAlignment);
                int at;
                if (kind == LayoutExplicit)
                {
                    AttributeData? fieldOffset = ImportDeclaration.Find(field.GetAttributes(), "FieldOffsetAttribute");
                    if (fieldOffset is null || fieldOffset.ConstructorArguments.Length != 1 || fieldOffset.ConstructorArguments[0].Value is not int explicitOffset)
                    {
                        return false;
                    }

                    at = explicitOffset;
                }
                else
                {
                    at = (offset + fieldAlignment - 1) / fieldAlignment * fieldAlignment;
                    offset = at + size;
                }

                end = Math.Max(end, at + size);
                fields.Add(new FieldLayout(field, at, size));
            }

            int total = (end + alignment - 1) / alignment * alignment;
            layout = new Layout(Math.Max(total, declaredSize), alignment, fields.ToImmutable(), pack, kind == LayoutAuto, structLayout);
            return true;
        }

        private static bool TryMeasure(ITypeSymbol type, int depth, out int size, out int alignment)
        {
            // bool is marshalled as the 4-byte Win32 BOOL inside structs.
            int? primitive = type.SpecialType == SpecialType.System_Boolean ? 4 : PrimitiveSize(type);
            if (primitive is int n)
            {
                size = alignment = n;
                return true;
            }

            if (type.TypeKind == TypeKind.Struct && TryCompute(type, depth + 1, out Layout nested) && !nested.IsAuto)
            {
                size = nested.Size;
                alignment = nested.Alignment;
                return true;
            }

            size = alignment = 0;
            return false;
        }

        private static int? PrimitiveSize(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                type = underlying;
            }

            return type.SpecialType switch
            {
                SpecialType.System_Byte or SpecialType.System_SByte => 1,
                SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char => 2,
                SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single => 4,
                SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double => 8,
                _ => null,
            };
        }
    }
}
