using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS015;

public class Valid
{
    [Fact]
    public Task Stable_memory_or_completion_awaited() => Run.Analyzer<OverlappedNotStableAnalyzer>("""
        using System;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void Waited(nint h, uint id, ManualResetEvent done)
            {
                NativeOverlapped overlapped = default;
                overlapped.EventHandle = done.SafeWaitHandle.DangerousGetHandle();
                if (!Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, &overlapped))
                {
                    done.WaitOne();
                }
            }

            void Cancelled(nint h, uint id)
            {
                NativeOverlapped overlapped = default;
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, &overlapped);
                _ = Qos.QOSCancel(h, &overlapped);
            }

            void Packed(nint h, uint id, IOCompletionCallback callback)
            {
                NativeOverlapped* overlapped = new Overlapped().Pack(callback, null);
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
            }

            void NativeBuffers(nint h, uint id, NativeOverlapped* overlapped)
            {
                ulong* target = (ulong*)NativeMemory.Alloc(8);
                uint* size = (uint*)Marshal.AllocHGlobal(4);
                *target = 10_000_000;
                *size = 8;
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, size, target, 0, overlapped);
            }

            void Pinned(nint h, uint id, NativeOverlapped* overlapped, ulong[] target)
            {
                GCHandle pin = GCHandle.Alloc(target, GCHandleType.Pinned);
                uint* size = (uint*)NativeMemory.Alloc(4);
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, size, (void*)pin.AddrOfPinnedObject(), 0, overlapped);
            }

            void Synchronous(nint h, uint id)
            {
                uint type = 4;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, &type, 0, null);
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, &type, 0, Overlapped: default);
            }

            void FromTheCaller(nint h, uint id, NativeOverlapped* overlapped, ulong* target, uint* size) =>
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, size, target, 0, overlapped);
        }
        """, Bindings.LibraryImportPointers);
}
