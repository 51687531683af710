using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS011;

public class Valid
{
    private static Task Verify(string source, string bindings) =>
        Run.Analyzer<SizeDoesNotMatchOperationAnalyzer>(new[] { source, bindings, NativeStructs.Source });

    [Fact]
    public Task Every_operation_with_its_size_and_buffer() => Verify("""
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id, NativeOverlapped* overlapped)
            {
                var type = QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, sizeof(QOS_TRAFFIC_TYPE), &type, 0, null);
                var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = 2_000_000 };
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, (uint)sizeof(QOS_FLOWRATE_OUTGOING), &rate, 0, null);
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, (uint)Marshal.SizeOf<QOS_FLOWRATE_OUTGOING>(), &rate, 0, null);
                uint dscp = 46;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &dscp, 0, null);

                QOS_FLOW_FUNDAMENTALS fundamentals;
                uint size = (uint)sizeof(QOS_FLOW_FUNDAMENTALS);
                // The call writes the bytes it returned back into size: not a reassignment.
                while (!Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &fundamentals, 0, null))
                {
                }

                QOS_PACKET_PRIORITY priority;
                uint prioritySize = 16;
                _ = Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryPacketPriority, &prioritySize, &priority, 0, null);
                ulong current;
                uint rateSize = sizeof(ulong);
                _ = Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &rateSize, &current, 0, null);

                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                uint zero = 0;
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyUncongested, &zero, null, 0, overlapped);
                ulong threshold = 10_000_000;
                uint thresholdSize = sizeof(ulong);
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, &thresholdSize, &threshold, 0, overlapped);
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task Sizes_and_buffers_that_are_not_evident() => Verify("""
        using System;
        using Interop;

        unsafe class C
        {
            private uint _size = 8;

            void M(IntPtr h, uint id, QOS_SET_FLOW operation, uint size, IntPtr buffer, bool fresh)
            {
                // The Operation is not known.
                _ = Qwave.QOSSetFlow(h, id, operation, 8, buffer, 0, IntPtr.Zero);
                // An undefined Operation is not this rule's.
                _ = Qwave.QOSSetFlow(h, id, (QOS_SET_FLOW)7, 8, buffer, 0, IntPtr.Zero);
                // Sizes from parameters, fields, or locals written more than once.
                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, size, buffer, 0, IntPtr.Zero);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref _size, buffer, 0, IntPtr.Zero);
                uint local = 8;
                if (fresh)
                {
                    local = 40;
                }

                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref local, buffer, 0, IntPtr.Zero);
                // Raw memory says nothing about its type.
                byte* raw = stackalloc byte[40];
                uint rawSize = 40;
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref rawSize, (IntPtr)raw, 0, IntPtr.Zero);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, IntPtr.Zero);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyUncongested, default, default, 0, IntPtr.Zero);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task QOSEnumerateFlows_in_bytes() => Run.Analyzer<SizeDoesNotMatchOperationAnalyzer>(new[]
    {
        """
        using Interop;

        unsafe class C
        {
            bool M(nint h)
            {
                uint size = 0;
                _ = Enumeration.QOSEnumerateFlows(h, ref size, null!);
                var ids = new uint[size / sizeof(uint)];
                uint bytes = (uint)(ids.Length * sizeof(uint));
                return Enumeration.QOSEnumerateFlows(h, ref bytes, ids) && Enumeration.QOSEnumerateFlowsRaw(h, &bytes, null);
            }
        }
        """,
        NativeStructs.Source,
    });
}
