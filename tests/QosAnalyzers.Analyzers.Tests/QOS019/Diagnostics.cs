using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.DestAddrMisuseAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS019;

public class Diagnostics
{
    internal static string Unconnected(string socket) =>
        "is null, but socket '" + socket + "' is a datagram socket created here that is not connected on some path; pass the destination address with its port, or connect first";

    [Fact]
    public Task Unconnected_datagram_socket_without_DestAddr() => Run.Analyzer<DestAddrMisuseAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void M(IntPtr h)
            {
                var socket = {|#1:new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)|};
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, {|#0:IntPtr.Zero|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("QOSAddSocketToFlow", Unconnected("socket")));

    [Fact]
    public Task UdpClient_on_a_port_and_a_connect_on_one_branch_only() => Run.Analyzer<DestAddrMisuseAnalyzer>("""
        using System.Net;
        using System.Net.Sockets;
        using Interop;

        unsafe class C
        {
            void Port(nint h)
            {
                using var client = new UdpClient(5004);
                uint id = 0;
                _ = Qos.QOSAddSocketToFlow(h, client.Client.Handle, [|null|], QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
            }

            void Branch(nint h, IPEndPoint? peer)
            {
                var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
                if (peer is not null)
                {
                    socket.Connect(peer);
                }

                uint id = 0;
                _ = Native.AddSocket(h, socket.Handle, [|0|], QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }
        }
        """, Bindings.LibraryImportPointers + "\n" + Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal));

    [Fact]
    public Task In_a_lambda() => Run.Analyzer<DestAddrMisuseAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            Func<IntPtr, bool> Start = h =>
            {
                var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
                uint id = 0;
                return Qwave.QOSAddSocketToFlow(h, socket.Handle, [|IntPtr.Zero|], QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            };
        }
        """, Bindings.DllImportBool);
}

/// <summary>QOS019 on this package's QosSession API.</summary>
public class SessionApi
{

    [Fact]
    public Task Unconnected_UdpClient_added_without_destination() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System.Net;
            using System.Net.Sockets;
            using QosAnalyzers;

            class C
            {
                QosFlowId Missing(QosSession session)
                {
                    var client = {|#1:new UdpClient(5004)|};
                    return session.AddSocketToFlow(client.Client, {|#0:null|}, QosTrafficType.Voice, adaptive: false);
                }

                QosFlowId Given(QosSession session, IPEndPoint peer)
                {
                    var client = new UdpClient(5004);
                    return session.AddSocketToFlow(client.Client, peer, QosTrafficType.Voice, adaptive: false);
                }

                QosFlowId Connected(QosSession session, IPEndPoint peer)
                {
                    var client = new UdpClient(5004);
                    client.Connect(peer);
                    return session.AddSocketToFlow(client.Client, null, QosTrafficType.Voice, adaptive: false);
                }
            }
            """,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("QosSession.AddSocketToFlow", Diagnostics.Unconnected("client")));
}
