using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.SizeDoesNotMatchOperationAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS011;

public class Diagnostics
{
    private static Task Verify(string source, string bindings, params DiagnosticResult[] expected) =>
        Run.Analyzer<SizeDoesNotMatchOperationAnalyzer>(new[] { source, bindings, NativeStructs.Source }, expected);

    [Fact]
    public Task Constant_and_sizeof_sizes_LibraryImport_pointers() => Verify("""
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id)
            {
                var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = 2_000_000 };
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, {|#0:8|}, &rate, 0, null);

                ulong dscp = 46;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, {|#1:sizeof(ulong)|}, {|#2:&dscp|}, 0, null);

                var type = QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, {|#3:(uint)sizeof(QOS_FLOWRATE_OUTGOING)|}, &type, 0, null);
            }
        }
        """,
        Bindings.LibraryImportPointers,
        Diagnostic().WithLocation(0).WithArguments("QOSSetFlow with QOSSetOutgoingRate", "Size is 8 bytes, but the buffer must be a QOS_FLOWRATE_OUTGOING of 16 bytes"),
        Diagnostic().WithLocation(1).WithArguments("QOSSetFlow with QOSSetOutgoingDSCPValue", "Size is 8 bytes (sizeof(ulong)), but the buffer must be a DWORD of 4 bytes"),
        Diagnostic().WithLocation(2).WithArguments("QOSSetFlow with QOSSetOutgoingDSCPValue", "Buffer points to ulong (8 bytes), but it must be a DWORD of 4 bytes"),
        Diagnostic().WithLocation(3).WithArguments("QOSSetFlow with QOSSetTrafficType", "Size is 16 bytes ((uint)sizeof(QOS_FLOWRATE_OUTGOING)), but the buffer must be a QOS_TRAFFIC_TYPE of 4 bytes"));

    [Fact]
    public Task A_number_pointer_is_judged_where_it_evidently_points_at_one_variable() => Verify("""
        using Interop;

        unsafe class C
        {
            bool M(nint h, uint id, ulong bps)
            {
                ulong rate = bps;
                ulong* buffer = &rate;
                return Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, {|#0:buffer|}, 0, null);
            }

            // Several numbers: a pointer from stackalloc or a pinned array may address all of them.
            bool Several(nint h, uint id, ulong bps, ulong[] pinned)
            {
                ulong* rate = stackalloc ulong[2];
                rate[0] = bps;
                rate[1] = 1;
                bool set = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, rate, 0, null);
                fixed (ulong* p = pinned)
                {
                    return set && Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, p, 0, null);
                }
            }
        }
        """,
        Bindings.LibraryImportPointers,
        Diagnostic().WithLocation(0).WithArguments("QOSSetFlow with QOSSetOutgoingRate", "Buffer points to ulong (8 bytes), but it must be a QOS_FLOWRATE_OUTGOING of 16 bytes"));

    [Fact]
    public Task Size_locals_and_buffer_types_of_QOSQueryFlow_DllImport_bool() => Verify("""
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        unsafe class C
        {
            void M(IntPtr h, uint id)
            {
                QOS_FLOW_FUNDAMENTALS fundamentals;
                uint size = sizeof(ulong);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, {|#0:ref size|}, (IntPtr)(&fundamentals), 0, IntPtr.Zero);

                uint prioritySize = (uint)Marshal.SizeOf<QOS_PACKET_PRIORITY>();
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryPacketPriority, ref prioritySize, {|#1:(IntPtr)(&fundamentals)|}, 0, IntPtr.Zero);

                uint rateSize = (uint)Marshal.SizeOf(typeof(QOS_FLOWRATE_OUTGOING));
                ulong rate;
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, {|#2:ref rateSize|}, (IntPtr)(&rate), 0, IntPtr.Zero);
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("QOSQueryFlow with QOSQueryFlowFundamentals", "Size is 8 bytes (sizeof(ulong)), but the buffer must be a QOS_FLOW_FUNDAMENTALS of 40 bytes"),
        Diagnostic().WithLocation(1).WithArguments("QOSQueryFlow with QOSQueryPacketPriority", "Buffer points to QOS_FLOW_FUNDAMENTALS (40 bytes), but it must be a QOS_PACKET_PRIORITY of 16 bytes"),
        Diagnostic().WithLocation(2).WithArguments("QOSQueryFlow with QOSQueryOutgoingRate", "Size is 16 bytes ((uint)Marshal.SizeOf(typeof(QOS_FLOWRATE_OUTGOING))), but the buffer must be a UINT64 of 8 bytes"));

    [Fact]
    public Task Notifications_that_take_no_buffer_and_one_that_takes_8_bytes_DllImport_int_alias() => Verify("""
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id, nint overlapped)
            {
                ulong bandwidth = 5_000_000;
                uint size = 8;
                _ = Native.NotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, {|#0:(nint)(&size)|}, {|#1:(nint)(&bandwidth)|}, 0, overlapped);

                uint small = 4;
                _ = Native.NotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, {|#2:(nint)(&small)|}, (nint)(&bandwidth), 0, overlapped);
            }
        }
        """,
        Bindings.DllImportIntAlias,
        Diagnostic().WithLocation(0).WithArguments("QOSNotifyFlow with QOSNotifyCongested", "Size gives 8 bytes, but QOSNotifyCongested takes no buffer: pass NULL (or 0)"),
        Diagnostic().WithLocation(1).WithArguments("QOSNotifyFlow with QOSNotifyCongested", "Buffer must be NULL, because QOSNotifyCongested takes no buffer"),
        Diagnostic().WithLocation(2).WithArguments("QOSNotifyFlow with QOSNotifyAvailable", "Size is 4 bytes, but the buffer must be a UINT64 of 8 bytes"));

    [Fact]
    public Task CsWin32_raw_extern_and_friendly_overload() => Verify("""
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        unsafe class C
        {
            void M(HANDLE raw, SafeHandle safe, uint id)
            {
                var fundamentals = new QOS_FLOW_FUNDAMENTALS();
                BOOL a = PInvoke.QOSSetFlow(raw, id, QOS_SET_FLOW.QOSSetOutgoingRate, {|#0:(uint)Unsafe.SizeOf<QOS_FLOW_FUNDAMENTALS>()|}, {|#1:&fundamentals|}, 0, null);
                BOOL b = PInvoke.QOSSetFlow(safe, {|#2:Size: 4|}, Buffer: null, Flags: 0, Overlapped: null, Operation: QOS_SET_FLOW.QOSSetOutgoingRate, FlowId: id);
            }
        }
        """,
        Bindings.CsWin32,
        Diagnostic().WithLocation(0),
        Diagnostic().WithLocation(1).WithArguments("QOSSetFlow with QOSSetOutgoingRate", "Buffer points to QOS_FLOW_FUNDAMENTALS (40 bytes), but it must be a QOS_FLOWRATE_OUTGOING of 16 bytes"),
        Diagnostic().WithLocation(2));

    [Fact]
    public Task QwaveEntryPoint_wrapper() => Run.Analyzer<SizeDoesNotMatchOperationAnalyzer>(new[]
    {
        """
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, uint id, IntPtr buffer) => _ = QosFlowApi.SetFlowRaw(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, [|1|], buffer, 0, IntPtr.Zero);
        }
        """,
        Bindings.EntryPointMarked,
    });

    [Fact]
    public Task QOSEnumerateFlows_given_a_count_of_flow_ids() => Run.Analyzer<SizeDoesNotMatchOperationAnalyzer>(new[]
    {
        """
        using Interop;

        class C
        {
            bool M(nint h, uint[] ids)
            {
                uint count = (uint)ids.Length;
                bool a = Enumeration.QOSEnumerateFlows(h, {|#0:ref count|}, ids);

                uint n = 16;
                var buffer = new uint[n];
                return a && Enumeration.QOSEnumerateFlows(h, {|#1:ref n|}, buffer);
            }
        }
        """,
        NativeStructs.Source,
    },
        Diagnostic().WithLocation(0).WithArguments("QOSEnumerateFlows", "Size holds ids.Length, a number of flow ids, but it is the buffer's size in bytes: 4 per QOS_FLOWID"),
        Diagnostic().WithLocation(1).WithArguments("QOSEnumerateFlows", "Size holds 16, a number of flow ids, but it is the buffer's size in bytes: 4 per QOS_FLOWID"));
}
