using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS016;

public class Diagnostics
{
    [Fact]
    public Task Null_OVERLAPPED_in_every_binding_style() => Run.Analyzer<SynchronousNotifyFlowAnalyzer>(new[]
    {
        """
        using System;
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(IntPtr handle, nint h, uint id)
            {
                _ = Qwave.QOSNotifyFlow(handle, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, [|IntPtr.Zero|]);
                _ = Native.NotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyUncongested, 0, 0, 0, [|overlapped: 0|]);
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, [|null|]);
                NativeOverlapped* none = null;
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, [|none|]);
                _ = Qwave.QOSNotifyFlow(handle, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, [|default|]);
            }
        }
        """,
        Bindings.DllImportBool,
        Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
    });
}
