using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.IgnoredResultAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS003;

public class Diagnostics
{
    [Fact]
    public Task DllImport_bool_in_statements_lambdas_and_local_functions() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id)
            {
                {|#0:Qwave.QOSRemoveSocketFromFlow(h, s, id, 0)|};
                Action close = () => [|Qwave.QOSCloseHandle(h)|];
                Action block = () => { [|Qwave.QOSCancel(h, IntPtr.Zero)|]; };
                void Local() => [|Qwave.QOSStopTrackingClient(h, IntPtr.Zero, 0)|];
                Local();
                close();
                block();
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("QOSRemoveSocketFromFlow"));

    [Fact]
    public Task DllImport_int_with_alias() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using Interop;

        class C
        {
            void M(nint h, nint s, uint id)
            {
                {|#0:Native.RemoveSocket(h, s, id, 0)|};
                [|Native.CloseHandle(h)|];
            }
        }
        """,
        Bindings.DllImportIntAlias,
        Diagnostic().WithLocation(0).WithArguments("QOSRemoveSocketFromFlow"));

    [Fact]
    public Task LibraryImport_with_pointers() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using Interop;

        unsafe class C
        {
            void M(nint h, nint s)
            {
                uint id = 0;
                [|Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, &id)|];
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task CsWin32_BOOL_struct_raw_and_friendly() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System.Runtime.InteropServices;
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        unsafe class C
        {
            void M(HANDLE raw, SafeHandle safe, uint id)
            {
                [|PInvoke.QOSCloseHandle(raw)|];
                [|PInvoke.QOSRemoveSocketFromFlow(safe, 0, id, 0)|];
            }
        }
        """, Bindings.CsWin32);

    [Fact]
    public Task QwaveEntryPoint_marked_methods_and_null_conditional_calls() => Run.Analyzer<IgnoredResultAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;

            class C
            {
                void M(QosFlowApi? api, IntPtr h, IntPtr s, uint id)
                {
                    [|QosFlowApi.Close(h)|];
                    api?[|.Remove(s, id)|];
                    [|api!.StartTracking(IntPtr.Zero, 0)|];
                }
            }
            """,
            Bindings.EntryPointMarked,
        });

    [Fact]
    public Task Named_and_reordered_arguments() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id) => [|Qwave.QOSRemoveSocketFromFlow(Flags: 0, FlowId: id, Socket: s, QOSHandle: h)|];
        }
        """, Bindings.DllImportBool);
}
