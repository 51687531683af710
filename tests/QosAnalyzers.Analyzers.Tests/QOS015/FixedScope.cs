using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.OverlappedNotStableAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS015;

/// <summary>A fixed statement pins only until it ends: the operation must be over by then, whatever happens after it.</summary>
public class FixedScope
{
    private const string Unpinned = "is pinned only until its fixed statement ends, and a path gets there before the operation is cancelled or waited for";

    private const string Holder = """
        namespace App
        {
            using System.Threading;

            public sealed class Holder
            {
                public NativeOverlapped Overlapped;
                public ulong Target;
                public ulong[] Targets = new ulong[1];
            }
        }
        """;

    [Fact]
    public Task Wait_after_the_fixed_block() => Run.Analyzer<OverlappedNotStableAnalyzer>(
        new[]
        {
            """
            using System.Threading;
            using App;
            using Interop;

            unsafe class C
            {
                void M(nint h, uint id, Holder holder, ManualResetEvent done)
                {
                    fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                    {
                        _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, {|#0:overlapped|});
                    }

                    done.WaitOne();
                }
            }
            """,
            Bindings.LibraryImportPointers,
            Holder,
        },
        Diagnostic().WithLocation(0).WithArguments("Overlapped", "overlapped", "QOSNotifyFlow", Unpinned));

    [Fact]
    public Task Pinned_buffer_of_a_pending_query_in_a_loop_and_in_try_finally() => Run.Analyzer<OverlappedNotStableAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Threading;
            using App;
            using Interop;

            unsafe class C
            {
                void Loop(nint h, uint[] ids, Holder holder, NativeOverlapped* overlapped, ManualResetEvent done)
                {
                    foreach (uint id in ids)
                    {
                        uint size = 8;
                        fixed (ulong* rate = holder.Targets)
                        {
                            if (Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &size, [|rate|], 0, overlapped))
                            {
                                continue;
                            }
                        }

                        done.WaitOne();
                    }
                }

                void Finally(nint h, uint id, Holder holder, ManualResetEvent done)
                {
                    fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                    {
                        try
                        {
                            _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, [|overlapped|]);
                        }
                        finally
                        {
                            Console.WriteLine("requested");
                        }
                    }

                    done.WaitOne();
                }

                bool EarlyReturn(nint h, uint id, Holder holder, ManualResetEvent done)
                {
                    fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                    {
                        if (!Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, [|overlapped|]))
                        {
                            return false;
                        }
                    }

                    return done.WaitOne();
                }
            }
            """,
            Bindings.LibraryImportPointers,
            Holder,
        });

    [Fact]
    public Task In_a_lambda_and_a_local_function() => Run.Analyzer<OverlappedNotStableAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Threading;
            using App;
            using Interop;

            unsafe class C
            {
                void M(nint h, uint id, Holder holder, ManualResetEvent done)
                {
                    Action watch = () =>
                    {
                        fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                        {
                            _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, [|overlapped|]);
                        }

                        done.WaitOne();
                    };
                    watch();
                    Set();

                    void Set()
                    {
                        uint type = 4;
                        fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                        {
                            _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, &type, 0, [|overlapped|]);
                        }

                        done.WaitOne();
                    }
                }
            }
            """,
            Bindings.LibraryImportPointers,
            Holder,
        });

    [Fact]
    public Task Completion_awaited_inside_the_fixed_block() => Run.Analyzer<OverlappedNotStableAnalyzer>(
        new[]
        {
            """
            using System.Runtime.InteropServices;
            using System.Threading;
            using App;
            using Interop;

            unsafe class C
            {
                [DllImport("kernel32.dll", SetLastError = true)]
                static extern bool GetOverlappedResult(nint file, NativeOverlapped* overlapped, out uint transferred, bool wait);

                [DllImport("kernel32.dll", SetLastError = true)]
                static extern uint WaitForSingleObject(nint handle, uint milliseconds);

                void OverlappedResult(nint h, uint id, Holder holder)
                {
                    fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                    {
                        if (!Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped)
                            && Marshal.GetLastPInvokeError() == 997)
                        {
                            _ = GetOverlappedResult(h, overlapped, out _, true);
                        }
                    }
                }

                void Event(nint h, uint id, Holder holder, nint signal)
                {
                    fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                    {
                        overlapped->EventHandle = signal;
                        if (!Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped))
                        {
                            _ = WaitForSingleObject(signal, uint.MaxValue);
                        }
                    }
                }

                void Synchronous(nint h, uint id, Holder holder)
                {
                    uint type = 4;
                    fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                    {
                        if (Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, &type, 0, overlapped))
                        {
                            return;
                        }

                        _ = Qos.QOSCancel(h, overlapped);
                    }
                }

                void NoOverlapped(nint h, uint id, Holder holder)
                {
                    uint size = 8;
                    fixed (ulong* rate = &holder.Target)
                    {
                        _ = Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &size, rate, 0, null);
                    }
                }
            }
            """,
            Bindings.LibraryImportPointers,
            Holder,
        });

    [Fact]
    public Task Incomplete_evidence_stays_silent() => Run.Analyzer<OverlappedNotStableAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Threading;
            using App;
            using Interop;

            unsafe class C
            {
                void HandedOver(nint h, uint id, Holder holder, Action<nint> register)
                {
                    fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                    {
                        _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                        register((nint)overlapped);
                    }
                }

                void PackedWithItsBuffer(nint h, uint id, Holder holder, IOCompletionCallback callback)
                {
                    NativeOverlapped* overlapped = new Overlapped().Pack(callback, holder.Targets);
                    uint* size = stackalloc uint[1];
                    *size = 8;
                    fixed (ulong* target = holder.Targets)
                    {
                        _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, (uint*)0, target, 0, overlapped);
                    }
                }

                void HandleFromElsewhere(Holder holder, uint id, ManualResetEvent done)
                {
                    fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                    {
                        _ = Qos.QOSNotifyFlow(Handle(), id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                    }

                    done.WaitOne();
                }

                static nint Handle() => 0;
            }
            """,
            Bindings.LibraryImportPointers,
            Holder,
        });
}
