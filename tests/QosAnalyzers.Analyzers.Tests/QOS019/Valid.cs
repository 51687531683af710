using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS019;

public class Valid
{
    [Fact]
    public Task Connected_or_addressed() => Run.Analyzer<DestAddrMisuseAnalyzer>("""
        using System;
        using System.Net;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void Connected(IntPtr h, IPEndPoint peer)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Connect(peer);
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }

            void HostAndPort(IntPtr h)
            {
                using var client = new UdpClient("media.example", 5004);
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, client.Client.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }

            void Addressed(IntPtr h, IntPtr destination)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, destination, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }

            void Stream(IntPtr h, IPEndPoint server)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(server);
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Incomplete_evidence_stays_silent() => Run.Analyzer<DestAddrMisuseAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void FromTheCaller(IntPtr h, Socket socket)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }

            void HandedOver(IntPtr h, Action<Socket> prepare)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                prepare(socket);
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }

            void Replaced(IntPtr h, Func<Socket> connected)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket = connected();
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }

            void TypeNotConstant(IntPtr h, SocketType type)
            {
                var socket = new Socket(AddressFamily.InterNetwork, type, ProtocolType.Udp);
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }
        }
        """, Bindings.DllImportBool);
}
