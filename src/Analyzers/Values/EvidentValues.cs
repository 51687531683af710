using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Values
{
    /// <summary>
    /// What an argument evidently is, without data flow: the local it names (through <c>&amp;x</c>,
    /// <c>ref x</c> and conversions), the value a local holds when its initializer is its only write,
    /// and the type a <c>sizeof</c>, <c>Marshal.SizeOf</c> or <c>Unsafe.SizeOf</c> measures.
    /// </summary>
    internal static class EvidentValues
    {
        /// <summary>The root of the operation tree <paramref name="operation"/> belongs to (the body or initializer).</summary>
        public static IOperation RootOf(IOperation operation)
        {
            while (operation.Parent is not null)
            {
                operation = operation.Parent;
            }

            return operation;
        }

        /// <summary>Strips conversions and parentheses.</summary>
        public static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion when !conversion.Conversion.IsUserDefined || IsIntPtr(conversion.Type) || IsIntPtr(conversion.Operand.Type):
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The local an argument passes or points to: <c>x</c>, <c>ref x</c>, <c>&amp;x</c>, <c>(nint)(&amp;x)</c>.</summary>
        public static ILocalSymbol? PointedLocal(IOperation? value)
        {
            value = Unwrap(value);
            if (value is IAddressOfOperation address)
            {
                value = Unwrap(address.Reference);
            }

            return (value as ILocalReferenceOperation)?.Local;
        }

        /// <summary>
        /// The value <paramref name="local"/> holds wherever it is read, when its initializer is its only
        /// write (writes <paramref name="allowWrite"/> accepts aside); otherwise null.
        /// </summary>
        public static IOperation? SingleAssignedValue(ILocalSymbol local, IOperation use, Func<ILocalReferenceOperation, bool>? allowWrite = null)
        {
            if (local.IsRef || local.IsConst && local.HasConstantValue)
            {
                return null;
            }

            IOperation root = RootOf(use);
            IOperation? initializer = null;
            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                }
                else if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && IsWrite(reference)
                    && allowWrite?.Invoke(reference) != true)
                {
                    return null;
                }
            }

            return initializer;
        }

        /// <summary>True when the reference may change the local: assigned, incremented, passed by ref/out, its address taken, aliased by a ref local.</summary>
        public static bool IsWrite(ILocalReferenceOperation reference)
        {
            if (reference.IsDeclaration)
            {
                return true;
            }

            IOperation child = reference;
            IOperation? parent = reference.Parent;

            // Writes to a field of a struct local change the local too.
            while (parent is IFieldReferenceOperation field && field.Instance == child)
            {
                child = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IAssignmentOperation assignment when assignment.Target == child:
                case IIncrementOrDecrementOperation increment when increment.Target == child:
                case IAddressOfOperation:
                case IDeconstructionAssignmentOperation:
                    return true;
                case IArgumentOperation argument:
                    return argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out;
                case IVariableInitializerOperation initializer:
                    return initializer.Parent is IVariableDeclaratorOperation { Symbol.IsRef: true };
                case IInvocationOperation invocation when invocation.Instance == child:
                    // A method called on a struct local may mutate it.
                    return child.Type?.IsValueType == true && !child.Type.IsReadOnly;
                case ITupleOperation:
                    return parent.Parent is IDeconstructionAssignmentOperation;
                default:
                    return false;
            }
        }

        /// <summary>True when <paramref name="value"/> is null or zero, itself or as the only value of the local it reads.</summary>
        public static bool IsEvidentlyNullOrZero(IOperation? value, IOperation use)
        {
            if (Recognition.ConstantValues.IsNullOrZero(value))
            {
                return true;
            }

            return Unwrap(value) is ILocalReferenceOperation reference
                && SingleAssignedValue(reference.Local, use) is IOperation assigned
                && Recognition.ConstantValues.IsNullOrZero(assigned);
        }

        /// <summary>The type a size expression measures: <c>sizeof(T)</c>, <c>Marshal.SizeOf&lt;T&gt;()</c>, <c>Marshal.SizeOf(typeof(T))</c>, <c>Marshal.SizeOf(value)</c>, <c>Unsafe.SizeOf&lt;T&gt;()</c>.</summary>
        public static ITypeSymbol? MeasuredType(IOperation? operation)
        {
            operation = Unwrap(operation);
            switch (operation)
            {
                case ISizeOfOperation sizeOf:
                    return sizeOf.TypeOperand;
                case IInvocationOperation { TargetMethod: { Name: "SizeOf" } method } invocation
                    when method.ContainingType?.ToDisplayString() is "System.Runtime.InteropServices.Marshal" or "System.Runtime.CompilerServices.Unsafe":
                    if (method.TypeArguments.Length == 1)
                    {
                        return method.TypeArguments[0];
                    }

                    if (invocation.Arguments.Length == 1)
                    {
                        IOperation? argument = Unwrap(invocation.Arguments[0].Value);
                        return argument is ITypeOfOperation typeOf ? typeOf.TypeOperand : argument?.Type;
                    }

                    return null;
                default:
                    return null;
            }
        }

        private static bool IsIntPtr(ITypeSymbol? type) =>
            type?.SpecialType == SpecialType.System_IntPtr || type?.SpecialType == SpecialType.System_UIntPtr;
    }
}
