using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.OverlappedNotStableAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS015;

public class Diagnostics
{
    /// <summary>A Vanara-style binding: the OVERLAPPED and the buffer by reference.</summary>
    internal const string ByRefBinding = """
        namespace Interop
        {
            using System.Runtime.InteropServices;
            using System.Threading;

            public static class QwaveByRef
            {
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSNotifyFlow(nint QOSHandle, uint FlowId, QOS_NOTIFY_FLOW Operation, ref uint Size, ref ulong Buffer, uint Flags, ref NativeOverlapped Overlapped);
            }
        }
        """;

    private const string Stack = "lives on the stack, and a path returns before the operation is cancelled or waited for";

    [Fact]
    public Task Address_of_a_local_OVERLAPPED() => Run.Analyzer<OverlappedNotStableAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            bool M(nint h, uint id)
            {
                NativeOverlapped overlapped = default;
                return Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, {|#0:&overlapped|});
            }
        }
        """,
        Bindings.LibraryImportPointers,
        Diagnostic().WithLocation(0).WithArguments("Overlapped", "overlapped", "QOSNotifyFlow", Stack));

    [Fact]
    public Task By_ref_locals_and_a_field_of_a_movable_object() => Run.Analyzer<OverlappedNotStableAnalyzer>(
        new[]
        {
            """
            using System.Threading;
            using Interop;

            class C
            {
                private NativeOverlapped _overlapped;

                void Locals(nint h, uint id)
                {
                    NativeOverlapped overlapped = default;
                    uint size = 8;
                    ulong target = 10_000_000;
                    if (!QwaveByRef.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, ref size, ref target, 0, {|#0:ref overlapped|}))
                    {
                        return;
                    }
                }

                void Field(nint h, uint id, ManualResetEvent done)
                {
                    uint size = 8;
                    ulong target = 10_000_000;
                    _ = QwaveByRef.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, ref size, ref target, 0, {|#1:ref _overlapped|});
                    done.WaitOne();
                }
            }
            """,
            Bindings.Types + "\n" + ByRefBinding,
        },
        Diagnostic().WithLocation(0).WithArguments("Overlapped", "overlapped", "QOSNotifyFlow", Stack),
        Diagnostic().WithLocation(1).WithArguments("Overlapped", "_overlapped", "QOSNotifyFlow", "is a field of a movable object, which the garbage collector may move before the operation completes"));

    [Fact]
    public Task Stackalloc_fixed_and_a_stack_buffer() => Run.Analyzer<OverlappedNotStableAnalyzer>("""
        using System.Threading;
        using Interop;

        sealed class Holder
        {
            public NativeOverlapped Overlapped;
        }

        unsafe class C
        {
            void Stackalloc(nint h, uint id, void* buffer)
            {
                NativeOverlapped* overlapped = stackalloc NativeOverlapped[1];
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, buffer, 0, [|overlapped|]);
            }

            void Fixed(nint h, uint id, Holder holder)
            {
                fixed (NativeOverlapped* overlapped = &holder.Overlapped)
                {
                    _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, [|overlapped|]);
                }
            }

            void Buffer(nint h, uint id, NativeOverlapped* overlapped, bool wait, ManualResetEvent done)
            {
                ulong target = 10_000_000;
                uint size = 8;
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, &size, [|&target|], 0, overlapped);
                if (wait)
                {
                    done.WaitOne();
                }
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task In_a_local_function() => Run.Analyzer<OverlappedNotStableAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id)
            {
                Watch();

                void Watch()
                {
                    NativeOverlapped overlapped = default;
                    _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, [|&overlapped|]);
                }
            }
        }
        """, Bindings.LibraryImportPointers);
}
