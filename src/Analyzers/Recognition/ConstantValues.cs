using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>Integer values an argument provably has: constants through conversions, consts, enum members and IntPtr forms.</summary>
    internal static class ConstantValues
    {
        public static bool TryGetInteger(IOperation? operation, out ulong value)
        {
            value = 0;
            if (operation is null)
            {
                return false;
            }

            Optional<object?> constant = operation.ConstantValue;
            if (constant.HasValue)
            {
                return TryConvert(constant.Value, out value);
            }

            switch (operation)
            {
                case IConversionOperation conversion when !conversion.Conversion.IsUserDefined || IsPointerSized(conversion.Type):
                    return TryGetInteger(conversion.Operand, out value);
                case IDefaultValueOperation:
                    return operation.Type is { IsValueType: true };
                case IObjectCreationOperation creation when IsPointerSized(creation.Type) && creation.Arguments.Length == 1:
                    return TryGetInteger(creation.Arguments[0].Value, out value);
                case IObjectCreationOperation creation when creation.Arguments.Length == 0 && creation.Initializer is null && creation.Type is { IsValueType: true }:
                    return true;
                case IFieldReferenceOperation field when field.Field.Name == "Zero" && IsPointerSized(field.Field.ContainingType):
                    return true;
                case IParenthesizedOperation parenthesized:
                    return TryGetInteger(parenthesized.Operand, out value);
                default:
                    return false;
            }
        }

        /// <summary>True when <paramref name="operation"/> is provably null or zero (a null pointer, IntPtr.Zero, default).</summary>
        public static bool IsNullOrZero(IOperation? operation)
        {
            if (operation is null)
            {
                return false;
            }

            if (operation.ConstantValue.HasValue && operation.ConstantValue.Value is null)
            {
                return true;
            }

            if (operation is IConversionOperation conversion)
            {
                return IsNullOrZero(conversion.Operand);
            }

            if (operation is IDefaultValueOperation)
            {
                return true;
            }

            return TryGetInteger(operation, out ulong v) && v == 0;
        }

        /// <summary>The constant <c>false</c> or an integer 0: what a failed BOOL result is compared with.</summary>
        public static bool IsFalseOrZero(IOperation operation) =>
            operation.ConstantValue.HasValue && (operation.ConstantValue.Value is false || (TryGetInteger(operation, out ulong value) && value == 0));

        private static bool IsPointerSized(ITypeSymbol? type) =>
            type?.SpecialType == SpecialType.System_IntPtr || type?.SpecialType == SpecialType.System_UIntPtr;

        private static bool TryConvert(object? constant, out ulong value)
        {
            switch (constant)
            {
                case int i: value = unchecked((ulong)(long)i); return true;
                case uint u: value = u; return true;
                case long l: value = unchecked((ulong)l); return true;
                case ulong ul: value = ul; return true;
                case short s: value = unchecked((ulong)(long)s); return true;
                case ushort us: value = us; return true;
                case byte b: value = b; return true;
                case sbyte sb: value = unchecked((ulong)(long)sb); return true;
                case char c: value = c; return true;
                default: value = 0; return false;
            }
        }
    }
}
