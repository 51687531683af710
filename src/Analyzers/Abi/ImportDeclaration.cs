using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Analyzers.Abi
{
    /// <summary>How a method imports a native function.</summary>
    internal enum ImportStyle
    {
        DllImport,
        LibraryImport,
    }

    /// <summary>
    /// What a DllImport or LibraryImport declaration says about the native side: module, entry point,
    /// calling convention, last-error and HRESULT handling. Read from the declaration whatever the module,
    /// so a wrong module or a misspelled entry point can be judged too.
    /// </summary>
    internal sealed class ImportDeclaration
    {
        private const string InteropNamespace = "System.Runtime.InteropServices";

        private ImportDeclaration(IMethodSymbol method, ImportStyle style, string? module, string entryPoint, bool hasExplicitEntryPoint, AttributeData? attribute, string? badCallingConvention, bool preserveSig, bool disablesRuntimeMarshalling)
        {
            Method = method;
            Style = style;
            Module = module;
            EntryPoint = entryPoint;
            HasExplicitEntryPoint = hasExplicitEntryPoint;
            Attribute = attribute;
            BadCallingConvention = badCallingConvention;
            PreserveSig = preserveSig;
            RuntimeMarshallingDisabled = disablesRuntimeMarshalling;
        }

        /// <summary>The declaring method (the definition part of a partial LibraryImport method).</summary>
        public IMethodSymbol Method { get; }

        public ImportStyle Style { get; }

        /// <summary>The module name as the attribute gives it, or null when it is not a constant.</summary>
        public string? Module { get; }

        /// <summary>EntryPoint when given, else the method name.</summary>
        public string EntryPoint { get; }

        public bool HasExplicitEntryPoint { get; }

        /// <summary>The DllImport or LibraryImport attribute, when visible (source declarations).</summary>
        public AttributeData? Attribute { get; }

        /// <summary>A calling convention that is not the platform's WINAPI (e.g. "Cdecl"), or null.</summary>
        public string? BadCallingConvention { get; }

        /// <summary>False for a DllImport with PreserveSig = false, which turns the return value into an HRESULT check.</summary>
        public bool PreserveSig { get; }

        /// <summary>The assembly has [DisableRuntimeMarshalling]: DllImport passes bool as one byte.</summary>
        public bool RuntimeMarshallingDisabled { get; }

        public bool IsQwaveModule => Recognition.QwaveRecognizer.IsQwaveModule(Module);

        /// <summary>Only an extern (DllImport) or a partial definition (LibraryImport) can be an import: the attributes of every other method need no look.</summary>
        public static bool CanBeImport(IMethodSymbol method) => method.IsExtern || method.IsPartialDefinition;

        /// <summary>The import <paramref name="method"/> declares, or null when it is no DllImport/LibraryImport.</summary>
        public static ImportDeclaration? TryRead(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction)
            {
                return null;
            }

            method = method.PartialDefinitionPart ?? method;

            if (!CanBeImport(method))
            {
                return null;
            }

            bool disabled = DisablesRuntimeMarshalling(method.ContainingAssembly);

            // The SDK's generator may implement a LibraryImport as an extern DllImport forwarder; the declaration is the LibraryImport.
            DllImportData? dllImport = HasLibraryImport(method) ? null : method.GetDllImportData();
            if (dllImport is not null)
            {
                AttributeData? attribute = Find(method.GetAttributes(), "DllImportAttribute");
                string? convention = dllImport.CallingConvention switch
                {
                    System.Runtime.InteropServices.CallingConvention.Cdecl => "Cdecl",
                    System.Runtime.InteropServices.CallingConvention.ThisCall => "ThisCall",
                    System.Runtime.InteropServices.CallingConvention.FastCall => "FastCall",
                    _ => null,
                };
                return new ImportDeclaration(
                    method,
                    ImportStyle.DllImport,
                    dllImport.ModuleName,
                    dllImport.EntryPointName ?? method.Name,
                    dllImport.EntryPointName is not null,
                    attribute,
                    convention ?? UnmanagedCallConvention(method),
                    PreserveSigOf(attribute),
                    disabled);
            }

            AttributeData? libraryImport = Find(method.GetAttributes(), "LibraryImportAttribute");
            if (libraryImport is null)
            {
                return null;
            }

            string? module = libraryImport.ConstructorArguments.Length == 1 ? libraryImport.ConstructorArguments[0].Value as string : null;
            string? entryPoint = null;
            foreach (var pair in libraryImport.NamedArguments)
            {
                if (pair.Key == "EntryPoint" && pair.Value.Value is string s)
                {
                    entryPoint = s;
                }
            }

            return new ImportDeclaration(method, ImportStyle.LibraryImport, module, entryPoint ?? method.Name, entryPoint is not null, libraryImport, UnmanagedCallConvention(method), preserveSig: true, disabled);
        }

        /// <summary>True when <paramref name="method"/> carries [LibraryImport] (on its definition part, or merged from it).</summary>
        public static bool HasLibraryImport(IMethodSymbol method) =>
            (method.IsPartialDefinition || method.PartialDefinitionPart is not null || method.IsExtern)
            && Find(method.GetAttributes(), "LibraryImportAttribute") is not null;

        /// <summary>[UnmanagedCallConv(CallConvs = ...)] naming a convention other than stdcall/WINAPI.</summary>
        private static string? UnmanagedCallConvention(IMethodSymbol method)
        {
            AttributeData? attribute = Find(method.GetAttributes(), "UnmanagedCallConvAttribute");
            if (attribute is null)
            {
                return null;
            }

            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Key != "CallConvs" || pair.Value.Kind != TypedConstantKind.Array || pair.Value.Values.IsDefault)
                {
                    continue;
                }

                foreach (TypedConstant value in pair.Value.Values)
                {
                    if (value.Value is ITypeSymbol type && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices")
                    {
                        switch (type.Name)
                        {
                            case "CallConvCdecl":
                                return "Cdecl";
                            case "CallConvThiscall":
                                return "ThisCall";
                            case "CallConvFastcall":
                                return "FastCall";
                            case "CallConvMemberFunction":
                                return "MemberFunction";
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>DllImport's PreserveSig (default true); from metadata the flag is not an attribute and is taken as the default.</summary>
        private static bool PreserveSigOf(AttributeData? attribute)
        {
            foreach (var pair in attribute?.NamedArguments ?? ImmutableArray<System.Collections.Generic.KeyValuePair<string, TypedConstant>>.Empty)
            {
                if (pair.Key == "PreserveSig" && pair.Value.Value is bool b)
                {
                    return b;
                }
            }

            return true;
        }

        private static bool DisablesRuntimeMarshalling(IAssemblySymbol? assembly)
        {
            if (assembly is null)
            {
                return false;
            }

            foreach (AttributeData a in assembly.GetAttributes())
            {
                if (a.AttributeClass is { Name: "DisableRuntimeMarshallingAttribute" } type
                    && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices")
                {
                    return true;
                }
            }

            return false;
        }

        internal static AttributeData? Find(ImmutableArray<AttributeData> attributes, string name)
        {
            foreach (AttributeData a in attributes)
            {
                if (a.AttributeClass is { } type && type.Name == name && type.ContainingType is null
                    && string.Equals(type.ContainingNamespace?.ToDisplayString(), InteropNamespace, StringComparison.Ordinal))
                {
                    return a;
                }
            }

            return null;
        }
    }
}
