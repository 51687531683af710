using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.QOS002;

public class CodeFix
{
    [Fact]
    public Task Inserts_the_removal_before_the_close() => Run.CodeFix<HandleClosedWithActiveFlowAnalyzer, RemoveFlowBeforeCloseCodeFix>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                // Done streaming.
                _ = [|Qwave.QOSCloseHandle(h)|];
            }

            void Aliased(nint h, nint s)
            {
                uint flow = 0;
                if (Native.AddSocket(h, s, 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref flow) == 0)
                {
                    return;
                }

                _ = [|Native.CloseHandle(h)|];
            }
        }
        """,
        Bindings.DllImportBool + "\n" + Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        """
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                // Done streaming.
                _ = Qwave.QOSRemoveSocketFromFlow(h, default, id, 0);
                _ = Qwave.QOSCloseHandle(h);
            }

            void Aliased(nint h, nint s)
            {
                uint flow = 0;
                if (Native.AddSocket(h, s, 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref flow) == 0)
                {
                    return;
                }

                _ = Native.RemoveSocket(h, default, flow, 0);
                _ = Native.CloseHandle(h);
            }
        }
        """);

    [Fact]
    public Task Moves_the_teardown_removal_before_the_closes() => Run.CodeFix<HandleClosedWithActiveFlowAnalyzer, RemoveFlowBeforeCloseCodeFix>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        sealed class Channel : IDisposable
        {
            private readonly IntPtr _handle;
            private readonly Socket _socket;
            private uint _flow;

            public Channel(IntPtr handle, Socket socket)
            {
                _handle = handle;
                _socket = socket;
            }

            public bool Start() => Qwave.QOSAddSocketToFlow(_handle, _socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flow);

            public void Dispose()
            {
                [|Qwave.QOSCloseHandle(_handle)|];
                _socket.Dispose();
                if (_flow != 0)
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(_handle, _socket.Handle, _flow, 0);
                }
            }
        }
        """,
        Bindings.DllImportBool,
        """
        using System;
        using System.Net.Sockets;
        using Interop;

        sealed class Channel : IDisposable
        {
            private readonly IntPtr _handle;
            private readonly Socket _socket;
            private uint _flow;

            public Channel(IntPtr handle, Socket socket)
            {
                _handle = handle;
                _socket = socket;
            }

            public bool Start() => Qwave.QOSAddSocketToFlow(_handle, _socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flow);

            public void Dispose()
            {
                if (_flow != 0)
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(_handle, _socket.Handle, _flow, 0);
                }
                Qwave.QOSCloseHandle(_handle);
                _socket.Dispose();
            }
        }
        """);

    [Fact]
    public Task Pointer_flow_id_and_SafeHandle_socket() => Run.CodeFix<HandleClosedWithActiveFlowAnalyzer, RemoveFlowBeforeCloseCodeFix>("""
        using Interop;

        unsafe class C
        {
            void M(nint h, nint s)
            {
                uint id = 0;
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                _ = [|Qos.QOSCloseHandle(h)|];
            }
        }
        """,
        Bindings.LibraryImportPointers,
        """
        using Interop;

        unsafe class C
        {
            void M(nint h, nint s)
            {
                uint id = 0;
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                _ = Qos.QOSRemoveSocketFromFlow(h, default, id, 0);
                _ = Qos.QOSCloseHandle(h);
            }
        }
        """);

    [Fact]
    public Task No_fix_without_a_flow_id_in_scope_or_for_pending_operations()
    {
        const string Source = """
            using System;
            using System.Threading;
            using Interop;

            unsafe class C
            {
                void OutOfScope(IntPtr h, IntPtr s)
                {
                    {
                        uint id = 0;
                        _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    }

                    _ = [|Qwave.QOSCloseHandle(h)|];
                }

                void Pending(IntPtr h, uint id, NativeOverlapped* overlapped)
                {
                    _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, (IntPtr)overlapped);
                    _ = [|Qwave.QOSCloseHandle(h)|];
                }

                void Embedded(IntPtr h, IntPtr s, bool done)
                {
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    if (done) _ = [|Qwave.QOSCloseHandle(h)|];
                }
            }
            """;
        var test = new QosCodeFixTest(new RemoveFlowBeforeCloseCodeFix(), new HandleClosedWithActiveFlowAnalyzer());
        test.TestState.Sources.Add(Source);
        test.TestState.Sources.Add(Bindings.DllImportBool);
        test.FixedState.Sources.AddRange(test.TestState.Sources);
        return test.RunAsync();
    }
}
