using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS018;

public class Valid
{
    [Fact]
    public Task The_OVERLAPPED_of_a_pending_operation() => Run.Analyzer<CancelWithNullOverlappedAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id, NativeOverlapped* overlapped, bool cancel)
            {
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                _ = Qos.QOSCancel(h, overlapped);
                NativeOverlapped* later = null;
                if (cancel)
                {
                    later = overlapped;
                }

                _ = Qos.QOSCancel(h, later);
            }
        }
        """, Bindings.LibraryImportPointers);
}
