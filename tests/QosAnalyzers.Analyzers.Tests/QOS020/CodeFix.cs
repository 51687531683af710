using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS020;

public class CodeFix
{
    [Fact]
    public Task Inserts_the_removal_before_the_socket_close() => Run.CodeFix<SocketClosedBeforeFlowRemovedAnalyzer, RemoveFlowBeforeCloseCodeFix>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h, Socket socket)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    return;
                }

                // Done streaming.
                [|socket.Dispose()|];
            }

            void Udp(IntPtr h, UdpClient client)
            {
                uint flow = 0;
                _ = Qwave.QOSAddSocketToFlow(h, client.Client.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref flow);
                [|client.Close()|];
            }
        }
        """,
        Bindings.DllImportBool,
        """
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h, Socket socket)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    return;
                }

                // Done streaming.
                _ = Qwave.QOSRemoveSocketFromFlow(h, default, id, 0);
                socket.Dispose();
            }

            void Udp(IntPtr h, UdpClient client)
            {
                uint flow = 0;
                _ = Qwave.QOSAddSocketToFlow(h, client.Client.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref flow);
                _ = Qwave.QOSRemoveSocketFromFlow(h, default, flow, 0);
                client.Close();
            }
        }
        """);

    [Fact]
    public Task Moves_a_removal_written_after_the_close_before_it() => Run.CodeFix<SocketClosedBeforeFlowRemovedAnalyzer, RemoveFlowBeforeCloseCodeFix>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h, Socket socket)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    return;
                }

                socket.Send(new byte[1]);
                [|socket.Close()|];
                if (!Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0))
                {
                    throw new InvalidOperationException();
                }
            }

            // Something other than a close stands between: the removal is inserted, the later one left alone.
            void Between(IntPtr h, Socket socket, Action log)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    return;
                }

                [|socket.Close()|];
                log();
                _ = Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
            }
        }
        """,
        Bindings.DllImportBool,
        """
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h, Socket socket)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    return;
                }

                socket.Send(new byte[1]);
                if (!Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0))
                {
                    throw new InvalidOperationException();
                }
                socket.Close();
            }

            // Something other than a close stands between: the removal is inserted, the later one left alone.
            void Between(IntPtr h, Socket socket, Action log)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    return;
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, default, id, 0);
                socket.Close();
                log();
                _ = Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
            }
        }
        """);
}
