using System;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>A method recognized as a binding of one qWAVE entry point, with its parameters mapped to the catalog's.</summary>
    internal sealed class QwaveMethod
    {
        private readonly int[] _catalogIndexByOrdinal;

        public QwaveMethod(IMethodSymbol method, QwaveFunction function, QwaveBindingKind kind, bool? setLastError, AttributeData? importAttribute)
        {
            Method = method;
            Function = function;
            Kind = kind;
            SetLastError = setLastError;
            ImportAttribute = importAttribute;
            _catalogIndexByOrdinal = MapParameters(method, function, byNameWhenComplete: kind != QwaveBindingKind.DllImport && kind != QwaveBindingKind.LibraryImport);
        }

        public IMethodSymbol Method { get; }

        public QwaveFunction Function { get; }

        public QwaveBindingKind Kind { get; }

        /// <summary>For DllImport/LibraryImport: whether the last error is captured; null for other bindings.</summary>
        public bool? SetLastError { get; }

        /// <summary>The LibraryImport or DllImport attribute when it is visible as an attribute (source declarations).</summary>
        public AttributeData? ImportAttribute { get; }

        public bool IsImport => Kind == QwaveBindingKind.DllImport || Kind == QwaveBindingKind.LibraryImport;

        /// <summary>True when the method returns the native BOOL in some spelling: bool, int, uint or a BOOL struct.</summary>
        public bool ReturnsBool => IsBoolLike(Method.ReturnType);

        /// <summary>The catalog parameter a declared parameter binds to, or null when it maps to none.</summary>
        public QwaveParameter? CatalogParameter(IParameterSymbol? parameter)
        {
            // Only ever asked about parameters of this method (or its constructed/partial forms): ordinals agree.
            if (parameter is null)
            {
                return null;
            }

            int ordinal = parameter.Ordinal;
            if (ordinal < 0 || ordinal >= _catalogIndexByOrdinal.Length)
            {
                return null;
            }

            int index = _catalogIndexByOrdinal[ordinal];
            return index < 0 ? null : Function.Parameters[index];
        }

        /// <summary>The declared parameter ordinal bound to <paramref name="role"/>, or -1.</summary>
        public int OrdinalOf(ParameterRole role)
        {
            for (int i = 0; i < _catalogIndexByOrdinal.Length; i++)
            {
                int index = _catalogIndexByOrdinal[i];
                if (index >= 0 && Function.Parameters[index].Role == role)
                {
                    return i;
                }
            }

            return -1;
        }

        public static bool IsBoolLike(ITypeSymbol? type)
        {
            switch (type?.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                    return true;
                case null:
                    return false;
            }

            // CsWin32 and similar generators wrap the native BOOL in a struct named BOOL.
            return type is INamedTypeSymbol { TypeKind: TypeKind.Struct, Name: "BOOL" };
        }

        private static int[] MapParameters(IMethodSymbol method, QwaveFunction function, bool byNameWhenComplete)
        {
            var declared = method.Parameters;
            var map = new int[declared.Length];

            // An import's ABI is positional: a full parameter list binds by position whatever its names.
            // Wrappers bind by name when every name is a native one, so a reordered wrapper maps right;
            // shorter lists (friendly overloads, instance wrappers) always bind by name.
            if (declared.Length == function.Parameters.Count && !(byNameWhenComplete && AllNamesNative(declared, function)))
            {
                for (int i = 0; i < map.Length; i++)
                {
                    map[i] = i;
                }

                return map;
            }

            for (int i = 0; i < map.Length; i++)
            {
                map[i] = -1;
                for (int j = 0; j < function.Parameters.Count; j++)
                {
                    if (string.Equals(declared[i].Name, function.Parameters[j].Name, StringComparison.OrdinalIgnoreCase))
                    {
                        map[i] = j;
                        break;
                    }
                }
            }

            return map;
        }

        private static bool AllNamesNative(System.Collections.Immutable.ImmutableArray<IParameterSymbol> declared, QwaveFunction function)
        {
            foreach (IParameterSymbol parameter in declared)
            {
                if (!ContainsIgnoringCase(function, parameter.Name))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool ContainsIgnoringCase(QwaveFunction function, string name)
        {
            foreach (QwaveParameter p in function.Parameters)
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        public override string ToString() => Method.Name + " -> " + Function.Name;
    }
}
