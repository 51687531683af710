using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS016;

public class Valid
{
    [Fact]
    public Task Overlapped_notifications_and_other_calls() => Run.Analyzer<SynchronousNotifyFlowAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id, NativeOverlapped* overlapped)
            {
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                NativeOverlapped* packed = new Overlapped().Pack(null, null);
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, packed);
                // Synchronous QOSSetFlow and QOSQueryFlow complete at once: not this rule's.
                uint dscp = 46;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &dscp, 0, null);
            }
        }
        """, Bindings.LibraryImportPointers);
}
