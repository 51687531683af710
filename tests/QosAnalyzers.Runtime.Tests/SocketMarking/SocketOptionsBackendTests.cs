using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using QosDemo;

namespace QosAnalyzers.Runtime.Tests.SocketMarking;

/// <summary>
/// QosSession.Open() off Windows: packets really leave marked. Each test sends over loopback and reads
/// the TOS / traffic-class byte the datagram arrived with (Linux ancillary data), not a mock.
/// </summary>
public class SocketOptionsBackendTests
{
    public static TheoryData<QosTrafficType, int> TrafficTypes => new()
    {
        { QosTrafficType.BestEffort, 0 },
        { QosTrafficType.Background, 8 },
        { QosTrafficType.ExcellentEffort, 40 },
        { QosTrafficType.AudioVideo, 40 },
        { QosTrafficType.Voice, 56 },
        { QosTrafficType.Control, 56 },
    };

    [Theory]
    [MemberData(nameof(TrafficTypes))]
    public void Every_traffic_type_marks_IPv4_packets_with_its_DSCP(QosTrafficType trafficType, int dscp)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using Socket sender = Connected(AddressFamily.InterNetwork, receiver.EndPoint);
        using QosSession session = QosSession.Open();
        Assert.Equal(0, receiver.SendAndReadDscp(sender));

        QosFlowId flow = session.AddSocketToFlow(sender, null, trafficType, adaptive: false);

        Assert.Equal(dscp, receiver.SendAndReadDscp(sender));
        Assert.Equal(dscp, ((SocketOptionsBackend)session.Backend).MarkingOf(flow));
        Assert.Equal((uint)dscp, session.QueryPacketPriority(flow).ConformantDscp);
    }

    [Fact]
    public void An_explicit_DSCP_replaces_the_traffic_types_and_removal_restores_the_sockets_own()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using Socket sender = Connected(AddressFamily.InterNetwork, receiver.EndPoint);
        sender.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 10 << 2);
        using QosSession session = QosSession.Open();

        QosFlowId flow = session.AddSocketToFlow(sender, null, QosTrafficType.Voice, adaptive: false);
        Assert.Equal(56, receiver.SendAndReadDscp(sender));
        session.SetOutgoingDscp(flow, 46);
        Assert.Equal(46, receiver.SendAndReadDscp(sender));
        session.RemoveFlow(flow);

        Assert.Equal(10, receiver.SendAndReadDscp(sender));
        Assert.Null(((SocketOptionsBackend)session.Backend).MarkingOf(flow));
    }

    [Fact]
    public void Disposing_the_session_restores_every_socket()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using Socket first = Connected(AddressFamily.InterNetwork, receiver.EndPoint);
        using Socket second = Connected(AddressFamily.InterNetwork, receiver.EndPoint);
        QosSession session = QosSession.Open();
        QosFlowId flow = session.AddSocketToFlow(first, null, QosTrafficType.Voice, adaptive: false);
        session.AddSocketToExistingFlow(flow, second, null, QosTrafficType.Voice);
        Assert.Equal(56, receiver.SendAndReadDscp(second));

        session.Dispose();

        Assert.Equal(0, receiver.SendAndReadDscp(first));
        Assert.Equal(0, receiver.SendAndReadDscp(second));
    }

    [Fact]
    public void IPv6_sockets_are_marked_through_the_traffic_class()
    {
        if (!OperatingSystem.IsLinux() || !Socket.OSSupportsIPv6)
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetworkV6);
        using Socket sender = Connected(AddressFamily.InterNetworkV6, receiver.EndPoint);
        using QosSession session = QosSession.Open();

        QosFlowId flow = session.AddSocketToFlow(sender, null, QosTrafficType.AudioVideo, adaptive: true);

        Assert.Equal(40, receiver.SendAndReadDscp(sender));
        session.RemoveFlow(flow);
        Assert.Equal(0, receiver.SendAndReadDscp(sender));
    }

    [Fact]
    public void A_dual_mode_socket_marks_its_IPv4_mapped_traffic_too()
    {
        if (!OperatingSystem.IsLinux() || !Socket.OSSupportsIPv6)
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using var sender = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
        sender.Connect(new IPEndPoint(receiver.EndPoint.Address.MapToIPv6(), receiver.EndPoint.Port));
        using QosSession session = QosSession.Open();

        _ = session.AddSocketToFlow(sender, null, QosTrafficType.Voice, adaptive: false);

        Assert.Equal(56, receiver.SendAndReadDscp(sender));
    }

    [Fact]
    public async Task What_the_OS_cannot_answer_fails_as_qWAVE_does_on_a_path_without_estimates()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using Socket sender = Connected(AddressFamily.InterNetwork, receiver.EndPoint);
        using QosSession session = QosSession.Open();
        QosFlowId flow = session.AddSocketToFlow(sender, null, QosTrafficType.AudioVideo, adaptive: true);

        QosException fundamentals = Assert.Throws<QosException>(() => session.QueryFundamentals(flow));
        Assert.Equal(50, fundamentals.NativeErrorCode);
        QosException notify = await Assert.ThrowsAsync<QosException>(() => session.WhenCongestedAsync(flow));
        Assert.Equal(50, notify.NativeErrorCode);
    }

    [Fact]
    public void The_outgoing_rate_becomes_the_sockets_pacing_rate_on_Linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using Socket sender = Connected(AddressFamily.InterNetwork, receiver.EndPoint);
        using QosSession session = QosSession.Open();
        QosFlowId flow = session.AddSocketToFlow(sender, null, QosTrafficType.AudioVideo, adaptive: false);

        session.SetOutgoingRate(flow, 8_000_000);

        Span<byte> value = stackalloc byte[sizeof(uint)];
        Assert.Equal(sizeof(uint), sender.GetRawSocketOption(1, 47, value));
        Assert.Equal(1_000_000u, MemoryMarshal.Read<uint>(value));
        Assert.Equal(8_000_000ul, session.QueryOutgoingRate(flow));
    }

    [Fact]
    public void The_contract_is_the_simulators_bad_arguments_fail_the_same_way()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using Socket unconnected = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        unconnected.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using QosSession session = QosSession.Open();
        Assert.Throws<ArgumentException>(() => session.AddSocketToFlow(unconnected, null, QosTrafficType.Voice, adaptive: false));

        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using Socket sender = Connected(AddressFamily.InterNetwork, receiver.EndPoint);
        QosFlowId adaptive = session.AddSocketToFlow(sender, null, QosTrafficType.Voice, adaptive: true);
        using Socket second = Connected(AddressFamily.InterNetwork, receiver.EndPoint);
        QosException join = Assert.Throws<QosException>(() => session.AddSocketToExistingFlow(adaptive, second, null, QosTrafficType.Voice));
        Assert.Equal(50, join.NativeErrorCode);

        // The refused socket was never marked.
        Assert.Equal(0, receiver.SendAndReadDscp(second));
    }

    private static Socket Connected(AddressFamily family, IPEndPoint destination)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(destination);
        return socket;
    }
}
