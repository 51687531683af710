// The generated wrappers on plain QosSession.Open() off Windows: the DSCP each datagram arrives with over
// loopback, read by the receiver, is the one the [QosFlow] attribute asks for.
using System;
using System.Net.Sockets;
using QosDemo;

namespace QosAnalyzers.Generator.Tests.EndToEnd;

public class WireMarkingTests
{
    [Fact]
    public void Each_generated_wrapper_marks_its_packets_and_disposing_it_restores_them()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using QosSession session = QosSession.Open();

        Assert.Equal(46, Observe(receiver, socket => VoiceFlow.Add(session, socket)));      // Dscp = 46 on the attribute
        Assert.Equal(40, Observe(receiver, socket => VideoFlow.Add(session, socket)));      // AudioVideo
        Assert.Equal(8, Observe(receiver, socket => BulkFlow.Add(session, socket)));        // Background
        Assert.Equal(56, Observe(receiver, socket => Transport.ControlFlow.Add(session, socket))); // Control
    }

    [Fact]
    public void TryAdd_marks_too()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(receiver.EndPoint);
        using QosSession session = QosSession.Open();

        Assert.True(BulkFlow.TryAdd(session, socket, null, out BulkFlow? flow, out QosException? error), error?.Message);
        using (flow)
        {
            Assert.Equal(8, receiver.SendAndReadDscp(socket));
        }

        Assert.Equal(0, receiver.SendAndReadDscp(socket));
    }

    [Fact]
    public void TryAdd_returns_false_for_an_unconnected_socket_without_a_destination()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using QosSession session = QosSession.Open(new QwaveSimulator());

        Assert.False(VideoFlow.TryAdd(session, socket, null, out VideoFlow? flow, out QosException? error));
        Assert.Null(flow);
        Assert.Equal(87, error.NativeErrorCode);
        Assert.Contains("not connected", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => VideoFlow.TryAdd(session, null!, null, out _, out _));
    }

    private static int Observe<TFlow>(TrafficClassReceiver receiver, Func<Socket, TFlow> add)
        where TFlow : IDisposable
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(receiver.EndPoint);
        int marked;
        using (TFlow flow = add(socket))
        {
            marked = receiver.SendAndReadDscp(socket);
        }

        Assert.Equal(0, receiver.SendAndReadDscp(socket));
        return marked;
    }
}
