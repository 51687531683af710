using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS004;

public class Valid
{
    [Fact]
    public Task Every_binding_style_with_SetLastError() => Run.Analyzer<MissingSetLastErrorAnalyzer>(new[]
    {
        Bindings.DllImportBool,
        Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.CsWin32.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
    });

    [Fact]
    public Task Other_modules_wrappers_and_unknown_exports() => Run.Analyzer<MissingSetLastErrorAnalyzer>(new[]
    {
        Bindings.Types,
        Bindings.OtherModules,
        """
        using System;
        using System.Runtime.InteropServices;
        using QosAnalyzers;

        static class Misc
        {
            // Not a documented export: nothing in the catalog says how it reports errors.
            [DllImport("qwave.dll")]
            public static extern int QDLHPathDiagnostics(IntPtr a);

            // A wrapper, not an import: it decides itself how errors surface.
            [QwaveEntryPoint("QOSCloseHandle")]
            public static bool Close(IntPtr qosHandle) => qosHandle != IntPtr.Zero;

            [DllImport("kernel32.dll")]
            public static extern uint GetTickCount();
        }
        """,
    });
}
