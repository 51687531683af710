using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.SocketClosedBeforeFlowRemovedAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS020;

public class Diagnostics
{
    [Fact]
    public Task Dispose_before_remove() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h, Socket socket)
            {
                uint id = 0;
                if (!{|#1:Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|})
                {
                    return;
                }

                {|#0:socket.Dispose()|};
                _ = Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("socket", "QOSAddSocketToFlow"));

    [Fact]
    public Task End_of_using_with_the_flow_still_in_place() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>("""
        using System;
        using System.Net;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h, IPEndPoint peer, byte[] data)
            {
                using (var [|socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)|])
                {
                    socket.Connect(peer);
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                    socket.Send(data);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task UdpClient_closed_on_an_early_return() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h, UdpClient client, bool cancelled)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, client.Client.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                if (cancelled)
                {
                    [|client.Close()|];
                    return;
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
                client.Close();
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Closesocket_with_raw_socket_values_and_pointer_bindings() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>("""
        using System.Runtime.InteropServices;
        using Interop;

        unsafe class C
        {
            [DllImport("ws2_32.dll", SetLastError = true)]
            static extern int closesocket(nint s);

            void M(nint h, nint s)
            {
                uint id = 0;
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                try
                {
                    System.Console.WriteLine("streaming");
                }
                finally
                {
                    _ = [|closesocket(s)|];
                }
            }

            void Aliased(nint h, System.Net.Sockets.Socket socket)
            {
                uint flow = 0;
                _ = Native.AddSocket(h, socket.SafeHandle.DangerousGetHandle(), 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref flow);
                [|socket.Close()|];
            }
        }
        """, Bindings.DllImportIntAlias + "\n" + Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal));

    [Fact]
    public Task In_a_local_function_in_a_loop() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h, Socket[] sockets)
            {
                foreach (Socket socket in sockets)
                {
                    Stream(socket);
                }

                void Stream(Socket socket)
                {
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    [|socket.Dispose()|];
                }
            }
        }
        """, Bindings.DllImportBool);
}
