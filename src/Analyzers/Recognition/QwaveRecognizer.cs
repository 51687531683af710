using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>
    /// Recognizes qWAVE calls by what they bind to. One instance per compilation (created in
    /// CompilationStart), caching the verdict per method.
    /// </summary>
    internal sealed class QwaveRecognizer
    {
        public const string LibraryImportAttributeMetadataName = "System.Runtime.InteropServices.LibraryImportAttribute";
        public const string CsWin32PInvokeMetadataName = "Windows.Win32.PInvoke";

        private readonly ConcurrentDictionary<IMethodSymbol, QwaveMethod?> _cache = new ConcurrentDictionary<IMethodSymbol, QwaveMethod?>(SymbolEqualityComparer.Default);

        private readonly Lazy<CallSiteFilter> _filter;

        private QwaveRecognizer(Compilation compilation, bool filterCallSites)
        {
            Compilation = compilation;
            _filter = filterCallSites
                ? new Lazy<CallSiteFilter>(() => CallSiteFilter.Create(compilation, this, System.Threading.CancellationToken.None), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication)
                : new Lazy<CallSiteFilter>(() => CallSiteFilter.Everything);
        }

        public Compilation Compilation { get; }

        /// <summary>Which trees can hold a call the rules inspect (computed on first use).</summary>
        public CallSiteFilter CallSites => _filter.Value;

        /// <summary>False when <paramref name="tree"/> cannot hold a qWAVE call or a call of the package API: the rules skip it.</summary>
        public bool MayContainCall(SyntaxTree? tree) => _filter.Value.MayContainCall(tree);

        /// <summary>False when the text of <paramref name="node"/> cannot hold a qWAVE call or a call of the package API.</summary>
        public bool MayContainCall(SyntaxNode node) => _filter.Value.MayContainCall(node);

        /// <summary>False when no file declaring <paramref name="type"/> can hold a qWAVE call (on text alone).</summary>
        public bool MayContainCall(ISymbol type)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (MayContainCall(reference.SyntaxTree))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A recognizer for <paramref name="compilation"/>, or null when nothing in it can reach qWAVE.</summary>
        public static QwaveRecognizer? TryCreate(Compilation compilation, System.Threading.CancellationToken cancellationToken) =>
            QwaveReachability.CanReachQwave(compilation, cancellationToken) ? new QwaveRecognizer(compilation, filterCallSites: true) : null;

        /// <summary>A recognizer without the reachability check, for code fixes that already hold a diagnostic.</summary>
        public static QwaveRecognizer Create(Compilation compilation) => new QwaveRecognizer(compilation, filterCallSites: false);

        public bool TryGetCall(IInvocationOperation invocation, out QwaveCall call)
        {
            QwaveMethod? method = MayContainCall(invocation.Syntax.SyntaxTree) ? Recognize(invocation.TargetMethod) : null;
            call = method is null ? default : new QwaveCall(invocation, method);
            return method is not null;
        }

        /// <summary>The qWAVE binding <paramref name="method"/> is, or null.</summary>
        public QwaveMethod? Recognize(IMethodSymbol? method)
        {
            if (method is null)
            {
                return null;
            }

            // Attributes of a partial method live on its definition part.
            IMethodSymbol key = (method.PartialDefinitionPart ?? method).OriginalDefinition;
            return _cache.GetOrAdd(key, static m => Classify(m));
        }

        private static QwaveMethod? Classify(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction)
            {
                return null;
            }

            // DllImport: from source or metadata alike (metadata keeps it as P/Invoke flags, not an attribute).
            // A [LibraryImport] partial may carry DllImport data too: where no marshalling is needed, the SDK's
            // generator implements it as an extern DllImport forwarder. What the user declared is the LibraryImport.
            DllImportData? dllImport = Abi.ImportDeclaration.HasLibraryImport(method) ? null : method.GetDllImportData();
            if (dllImport is not null)
            {
                if (!IsQwaveModule(dllImport.ModuleName))
                {
                    return null;
                }

                string entryPoint = dllImport.EntryPointName ?? method.Name;
                return QwaveCatalog.TryGetFunction(entryPoint, out QwaveFunction f)
                    ? new QwaveMethod(method, f, QwaveBindingKind.DllImport, dllImport.SetLastError, FindAttribute(method, "System.Runtime.InteropServices.DllImportAttribute"))
                    : null;
            }

            foreach (AttributeData attribute in method.GetAttributes())
            {
                INamedTypeSymbol? type = attribute.AttributeClass;
                if (type is null)
                {
                    continue;
                }

                if (IsNamed(type, "System.Runtime.InteropServices", "LibraryImportAttribute"))
                {
                    if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string module || !IsQwaveModule(module))
                    {
                        return null;
                    }

                    string entryPoint = NamedString(attribute, "EntryPoint") ?? method.Name;
                    bool setLastError = NamedBool(attribute, "SetLastError") ?? false;
                    return QwaveCatalog.TryGetFunction(entryPoint, out QwaveFunction f)
                        ? new QwaveMethod(method, f, QwaveBindingKind.LibraryImport, setLastError, attribute)
                        : null;
                }

                if (IsNamed(type, PackageApi.Namespace, PackageApi.EntryPointAttribute.Name))
                {
                    return attribute.ConstructorArguments.Length == 1
                        && attribute.ConstructorArguments[0].Value is string name
                        && QwaveCatalog.TryGetFunction(name, out QwaveFunction f)
                        ? new QwaveMethod(method, f, QwaveBindingKind.EntryPointAttribute, null, null)
                        : null;
                }
            }

            // CsWin32's friendly overloads: same name as the export, in Windows.Win32.PInvoke, calling the raw extern.
            if (!method.IsExtern
                && method.ContainingType is { Name: "PInvoke" } containing
                && containing.ContainingType is null
                && containing.ContainingNamespace?.ToDisplayString() == "Windows.Win32"
                && QwaveCatalog.TryGetFunction(method.Name, out QwaveFunction overloadOf))
            {
                return new QwaveMethod(method, overloadOf, QwaveBindingKind.CsWin32Overload, null, null);
            }

            return null;
        }

        /// <summary>"qwave" or "qwave.dll" in any case, optionally with a directory.</summary>
        public static bool IsQwaveModule(string? moduleName)
        {
            if (moduleName is null)
            {
                return false;
            }

            string name = moduleName.Trim();
            int slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
            if (slash >= 0)
            {
                name = name.Substring(slash + 1);
            }

            return string.Equals(name, QwaveCatalog.ModuleBaseName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, QwaveCatalog.ModuleName, StringComparison.OrdinalIgnoreCase);
        }

        public static bool IsNamed(INamedTypeSymbol type, string containingNamespace, string name) =>
            type.Name == name && type.ContainingType is null && type.ContainingNamespace?.ToDisplayString() == containingNamespace;

        private static AttributeData? FindAttribute(IMethodSymbol method, string metadataName)
        {
            foreach (AttributeData a in method.GetAttributes())
            {
                if (a.AttributeClass?.ToDisplayString() == metadataName)
                {
                    return a;
                }
            }

            return null;
        }

        private static string? NamedString(AttributeData attribute, string name)
        {
            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Key == name && pair.Value.Value is string s)
                {
                    return s;
                }
            }

            return null;
        }

        private static bool? NamedBool(AttributeData attribute, string name)
        {
            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Key == name && pair.Value.Value is bool b)
                {
                    return b;
                }
            }

            return null;
        }
    }
}
