using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>
    /// Decides once per compilation whether any qWAVE binding can exist, so that projects without
    /// qWAVE register no actions at all. Cheapest checks first; every check reads indexes the
    /// compiler already has, except the last, a linear scan of source text for the module name.
    /// </summary>
    /// <remarks>
    /// Missed by design: a binding that lives only in a referenced assembly, whose name does not
    /// mention qWAVE, declared under an alias (EntryPoint) in a type other than Windows.Win32.PInvoke,
    /// and never marked with QwaveEntryPoint. Detecting it would mean walking every method of every
    /// reference on each compilation.
    /// </remarks>
    internal static class QwaveReachability
    {
        public static bool CanReachQwave(Compilation compilation, CancellationToken cancellationToken)
        {
            // This package's runtime (or a source copy of its marker): QwaveEntryPoint methods, QosHandle.
            if (!compilation.GetTypesByMetadataName(PackageApi.EntryPointAttribute.MetadataName).IsEmpty)
            {
                return true;
            }

            // Binding libraries that say what they bind (e.g. Vanara.PInvoke.Qwave).
            foreach (AssemblyIdentity identity in compilation.ReferencedAssemblyNames)
            {
                if (identity.Name.IndexOf(QwaveCatalog.ModuleBaseName, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            // CsWin32 output compiled into a referenced project and exposed publicly.
            foreach (INamedTypeSymbol pinvoke in compilation.GetTypesByMetadataName(QwaveRecognizer.CsWin32PInvokeMetadataName))
            {
                foreach (QwaveFunction function in QwaveCatalog.Functions)
                {
                    if (!pinvoke.GetMembers(function.Name).IsEmpty)
                    {
                        return true;
                    }
                }
            }

            // Source members named after an export: declaration-table lookup, no binding.
            if (compilation.ContainsSymbolsWithName(IsExportName, SymbolFilter.Member, cancellationToken))
            {
                return true;
            }

            // Aliased imports and module names behind constants still spell "qwave" somewhere in source.
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (ContainsIgnoringCase(tree.GetText(cancellationToken), QwaveCatalog.ModuleBaseName))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsExportName(string name) => QwaveCatalog.TryGetFunction(name, out _);

        /// <summary>Case-insensitive search for an ASCII pattern (the runtime's vectorized ordinal search).</summary>
        internal static bool ContainsIgnoringCase(SourceText text, string pattern) =>
            text.ToString().IndexOf(pattern, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
