using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.BoolComparedWithTrueAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS012;

public class Diagnostics
{
    [Fact]
    public Task Int_BOOL_compared_with_1_DllImport_alias() => Run.Analyzer<BoolComparedWithTrueAnalyzer>("""
        using Interop;

        class C
        {
            private const int TRUE = 1;

            bool M(nint h, nint s, uint id, nint overlapped)
            {
                if ({|#0:Native.CloseHandle(h) == 1|})
                {
                    return true;
                }

                bool failed = {|#1:Native.RemoveSocket(h, s, id, 0) != TRUE|};
                bool cancelled = {|#2:1 == Native.Cancel(h, overlapped)|};
                int ok = Native.StartTracking(h, 0, 0);
                return failed || cancelled || {|#3:ok == 1|};
            }
        }
        """,
        Bindings.DllImportIntAlias,
        Diagnostic().WithLocation(0).WithArguments("QOSCloseHandle", "!= 0"),
        Diagnostic().WithLocation(1).WithArguments("QOSRemoveSocketFromFlow", "== 0"),
        Diagnostic().WithLocation(2).WithArguments("QOSCancel", "!= 0"),
        Diagnostic().WithLocation(3).WithArguments("QOSStartTrackingClient", "!= 0"));

    [Fact]
    public Task Patterns_LibraryImport_int_and_QwaveEntryPoint_wrappers() => Run.Analyzer<BoolComparedWithTrueAnalyzer>(new[]
    {
        """
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        static partial class Raw
        {
            [LibraryImport("qwave", SetLastError = true)]
            internal static partial uint QOSCloseHandle(nint QOSHandle);
        }

        class C
        {
            bool M(QosFlowApi api, nint h, IntPtr address)
            {
                return {|#0:Raw.QOSCloseHandle(h) is 1|} && {|#1:api.StartTracking(address, 0) is not 1|};
            }
        }
        """,
        Bindings.EntryPointMarked,
    },
        Diagnostic().WithLocation(0).WithArguments("QOSCloseHandle", "is not 0"),
        Diagnostic().WithLocation(1).WithArguments("QOSStartTrackingClient", "is 0"));
}
