using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS002;

public class Valid
{
    [Fact]
    public Task Remove_then_close_on_every_path() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, bool early)
            {
                uint id = 0;
                bool ok = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                if (!ok)
                {
                    _ = Qwave.QOSCloseHandle(h);
                    return;
                }

                try
                {
                    if (early)
                    {
                        return;
                    }

                    Console.WriteLine("streaming");
                }
                finally
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                }

                _ = Qwave.QOSCloseHandle(h);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Remove_in_try_close_in_finally() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                try
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    Console.WriteLine("streaming");
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                }
                finally
                {
                    _ = Qwave.QOSCloseHandle(h);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Add_and_remove_inside_a_loop() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr[] sockets)
            {
                foreach (IntPtr s in sockets)
                {
                    uint id = 0;
                    if (Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                    {
                        _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
                    }
                }

                _ = Qwave.QOSCloseHandle(h);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Handed_to_code_the_method_cannot_see() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private IntPtr _other;

            void HandleEscapes(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                Cleanup(h);
                _ = Qwave.QOSCloseHandle(h);
            }

            void FlowIdEscapes(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                Forget(id);
                _ = Qwave.QOSCloseHandle(h);
            }

            void CapturedByLambda(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                Action remove = () => Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                remove();
                _ = Qwave.QOSCloseHandle(h);
            }

            void HandleReplaced(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                h = _other;
                _ = Qwave.QOSCloseHandle(h);
            }

            static readonly Action<IntPtr> Cleanup = _ => { };

            static readonly Action<uint> Forget = _ => { };
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Operations_that_are_not_pending() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void Synchronous(nint h, uint id, uint dscp)
            {
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, &dscp, 0, null);
                _ = Qos.QOSCloseHandle(h);
            }

            void CompletedAtOnce(nint h, uint id, uint dscp, NativeOverlapped* overlapped)
            {
                if (Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, &dscp, 0, overlapped))
                {
                    _ = Qos.QOSCloseHandle(h);
                }
            }

            void Cancelled(nint h, uint id, NativeOverlapped* overlapped)
            {
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                _ = Qos.QOSCancel(h, overlapped);
                _ = Qos.QOSCloseHandle(h);
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task Other_modules_and_other_handles() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(
        new[]
        {
            """
            using System;
            using Elsewhere;
            using Interop;

            class C
            {
                void M(IntPtr h, IntPtr other, IntPtr s)
                {
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    _ = Lookalike.QOSCloseHandle(h);
                    _ = Qwave.QOSCloseHandle(other);
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                    _ = Qwave.QOSCloseHandle(h);
                }
            }
            """,
            Bindings.DllImportBool,
            Bindings.OtherModules,
        });

    [Fact]
    public Task Type_that_removes_its_flows_before_Dispose() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        sealed class Streamer : IDisposable
        {
            private readonly IntPtr _handle;
            private uint _flowId;

            public Streamer(IntPtr handle) => _handle = handle;

            public void Start(IntPtr socket) => _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);

            public void Stop() => _ = Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0);

            public void Dispose()
            {
                Stop();
                _ = Qwave.QOSCloseHandle(_handle);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Pending_operations_that_were_waited_for() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System.Threading;
        using System.Threading.Tasks;
        using Interop;

        class C
        {
            unsafe void Event(nint h, uint id, NativeOverlapped* overlapped, ManualResetEvent completed)
            {
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                completed.WaitOne();
                _ = Qos.QOSCloseHandle(h);
            }

            async Task Awaited(nint h, uint id, nint overlapped, Task completion)
            {
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, 0, 0, 0, overlapped);
                await completion;
                _ = Qwave.QOSCloseHandle(h);
            }
        }
        """, Bindings.LibraryImportPointers + "\n" + Bindings.DllImportBool.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal));
}
