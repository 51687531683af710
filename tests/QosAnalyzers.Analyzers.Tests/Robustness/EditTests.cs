using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.Robustness;

/// <summary>Truncated and half-typed versions of the positive cases: no analyzer may throw (AD0001).</summary>
public class EditTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> s_all = ImmutableArray.Create<DiagnosticAnalyzer>(
        new ReservedFlagsAnalyzer(),
        new HandleClosedWithActiveFlowAnalyzer(),
        new IgnoredResultAnalyzer(),
        new MissingSetLastErrorAnalyzer());

    private static Task Verify(params string[] sources) => EditRobustness.VerifyNoAnalyzerFailuresAsync(s_all, sources);

    [Fact]
    public Task DllImport_bool_calls() => Verify("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr buffer)
            {
                uint id = 0;
                [|Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);|]
                [|_ = Qwave.QOSSetFlow(Flags: 2, Size: 4, FlowId: id, QOSHandle: h, Operation: QOS_SET_FLOW.QOSSetTrafficType, Buffer: buffer, Overlapped: IntPtr.Zero);|]
                [|Qwave.QOSCloseHandle(h);|]
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task DllImport_int_alias_calls() => Verify("""
        using Interop;

        class C
        {
            void M(nint h, nint s, uint id)
            {
                [|Native.RemoveSocket(h, s, id, (uint)QosFlags.Fresh);|]
                [|if (Native.CloseHandle(h) == 0) { }|]
            }
        }
        """, Bindings.DllImportIntAlias);

    [Fact]
    public Task LibraryImport_pointer_calls() => Verify("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(nint h, nint s, NativeOverlapped* overlapped)
            {
                uint id = 0;
                [|Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);|]
                [|Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 1, overlapped);|]
                [|Qos.QOSCloseHandle(h);|]
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task CsWin32_calls() => Verify("""
        using System.Runtime.InteropServices;
        using Interop;
        using Windows.Win32;

        unsafe class C
        {
            void M(SafeHandle h, uint id, uint dscp)
            {
                [|PInvoke.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, &dscp, 1, null);|]
                [|h.Dispose();|]
            }
        }
        """, Bindings.CsWin32);

    [Fact]
    public Task QwaveEntryPoint_calls() => Verify(
        """
        using System;
        using Interop;

        class C
        {
            void M(QosFlowApi? api, IntPtr s, uint id)
            {
                [|api?.Remove(s, id, 2);|]
                [|api!.StartTracking(IntPtr.Zero, flags: 1);|]
            }
        }
        """,
        Bindings.EntryPointMarked);

    [Fact]
    public Task Import_declarations_being_typed() => Verify(
        """
        using System;
        using System.Runtime.InteropServices;

        static partial class Qwave
        {
            private const string Library = "qwave";

            [|[DllImport(Library, EntryPoint = "QOSCloseHandle", SetLastError = false)]
            public static extern bool Close(IntPtr QOSHandle);|]

            [|[LibraryImport("qwave.dll", SetLastError = false)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSCancel(nint QOSHandle, nint Overlapped);|]
        }
        """,
        Bindings.Types);

    [Fact]
    public Task QwaveEntryPoint_declarations_being_typed() => Verify(
        """
        using System;
        using QosAnalyzers;

        static class Wrappers
        {
            [|[QwaveEntryPoint("QOSRemoveSocketFromFlow")]
            public static bool Remove(IntPtr qosHandle, IntPtr socket, uint flowId, uint flags) => true;|]

            static void Use(IntPtr h) => Remove(h, IntPtr.Zero, 1, 1);
        }
        """);
}
