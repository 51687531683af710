using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS020;

public class Valid
{
    [Fact]
    public Task Remove_or_close_the_handle_before_the_socket() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>("""
        using System;
        using System.Net;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void Removed(IntPtr h, IPEndPoint peer, byte[] data)
            {
                using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
                {
                    socket.Connect(peer);
                    uint id = 0;
                    if (!Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                    {
                        return;
                    }

                    try
                    {
                        socket.Send(data);
                    }
                    finally
                    {
                        _ = Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
                    }
                }
            }

            void HandleClosed(IntPtr h, Socket socket)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                _ = Qwave.QOSCloseHandle(h);
                socket.Dispose();
            }

            void FailedAdd(IntPtr h, Socket socket)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    socket.Dispose();
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Incomplete_evidence_stays_silent() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            private uint _flowId;

            void HandedOver(IntPtr h, Socket socket)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                Forget(h, id);
                socket.Dispose();
            }

            void OtherSocket(IntPtr h, Socket socket, Socket other)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                other.Dispose();
                _ = Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
            }

            void Reassigned(IntPtr h, Socket socket, Func<Socket> open)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                socket = open();
                socket.Dispose();
                _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
            }

            void Member(IntPtr h, Socket socket)
            {
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);
                Stop();
                socket.Dispose();
            }

            // Overridable: may remove the flow.
            protected virtual void Stop() { }

            static void Forget(IntPtr h, uint id) => _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
        }
        """, Bindings.DllImportBool);
}
