using System.Globalization;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Analyzers.Abi
{
    /// <summary>How managed types cross the native boundary: widths and pointer-sizedness, as the marshaller sees them.</summary>
    internal static class ManagedAbi
    {
        public static bool IsIntPtr(ITypeSymbol? type) =>
            type?.SpecialType == SpecialType.System_IntPtr || type?.SpecialType == SpecialType.System_UIntPtr;

        public static bool IsSafeHandle(ITypeSymbol? type)
        {
            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                if (t.Name == "SafeHandle" && t.ContainingType is null && t.ContainingNamespace?.ToDisplayString() == "System.Runtime.InteropServices")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>nint, nuint, pointers, function pointers, SafeHandles and structs that wrap one of them (CsWin32's HANDLE).</summary>
        public static bool IsPointerSizedValue(ITypeSymbol? type) => IsPointerSizedValue(type, depth: 0);

        private static bool IsPointerSizedValue(ITypeSymbol? type, int depth)
        {
            if (type is null || depth > 4)
            {
                return false;
            }

            if (IsIntPtr(type) || type.TypeKind == TypeKind.Pointer || type.TypeKind == TypeKind.FunctionPointer || IsSafeHandle(type))
            {
                return true;
            }

            return SingleField(type) is ITypeSymbol field && IsPointerSizedValue(field, depth + 1);
        }

        /// <summary>int, uint, enums over them, and structs that wrap one of them (CsWin32's BOOL).</summary>
        public static bool Is32BitValue(ITypeSymbol? type) => Is32BitValue(type, depth: 0);

        private static bool Is32BitValue(ITypeSymbol? type, int depth)
        {
            if (type is null || depth > 4)
            {
                return false;
            }

            if (type.SpecialType == SpecialType.System_Int32 || type.SpecialType == SpecialType.System_UInt32)
            {
                return true;
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                return underlying.SpecialType == SpecialType.System_Int32 || underlying.SpecialType == SpecialType.System_UInt32;
            }

            return SingleField(type) is ITypeSymbol field && Is32BitValue(field, depth + 1);
        }

        /// <summary>The size in bytes of a fixed-size value type (not pointer-sized), or null.</summary>
        public static int? FixedSize(ITypeSymbol? type)
        {
            switch (type?.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                    return 1;
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Char:
                    return 2;
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Single:
                    return 4;
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Double:
                    return 8;
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                return FixedSize(underlying);
            }

            return type is not null && StructLayoutCalculator.TryCompute(type, out StructLayoutCalculator.Layout layout) ? layout.Size : null;
        }

        /// <summary>"4 bytes", "pointer-sized" or null when unknown.</summary>
        public static string? DescribeWidth(ITypeSymbol? type)
        {
            if (IsPointerSizedValue(type))
            {
                return "pointer-sized";
            }

            int? size = FixedSize(type);
            return size is int n ? n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " byte" : " bytes") : null;
        }

        /// <summary>The declared parameter as written: "out int", "ref QOS_VERSION", "uint*".</summary>
        public static string Display(IParameterSymbol parameter)
        {
            string type = parameter.Type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            return parameter.RefKind switch
            {
                RefKind.Ref => "ref " + type,
                RefKind.Out => "out " + type,
                RefKind.In => "in " + type,
                _ => type,
            };
        }

        /// <summary>The type of the only instance field of a struct, or null.</summary>
        private static ITypeSymbol? SingleField(ITypeSymbol type)
        {
            if (type.TypeKind != TypeKind.Struct || type.SpecialType != SpecialType.None)
            {
                return null;
            }

            ITypeSymbol? found = null;
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = field.Type;
                }
            }

            return found;
        }
    }
}
