using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using QosAnalyzers.Interop;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>QOSAddSocketToFlow and QOSRemoveSocketFromFlow rules, through the raw ABI with real loopback sockets.</summary>
public class SimulatorFlowTests
{
    private const QOS_TRAFFIC_TYPE Voice = QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice;

    [Fact]
    public unsafe void FlowId_0_on_input_creates_a_flow_and_receives_its_id()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(1, raw.Add(udp, Sockets.V4Peer, Voice, 0, ref id));
        Assert.NotEqual(0u, id);
        QwaveSimulatedFlow flow = Assert.Single(raw.Simulator.FlowsOf(raw.Handle));
        Assert.Equal(new QosFlowId(id), flow.FlowId);
        Assert.True(flow.IsAdaptive);
        Assert.Equal(QosTrafficType.Voice, flow.TrafficType);
        Assert.Equal(new[] { udp.Handle }, flow.Sockets);
    }

    [Fact]
    public unsafe void Non_adaptive_flag_creates_a_non_adaptive_flow()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(1, raw.Add(udp, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.False(raw.Simulator.Flows.Single().IsAdaptive);
    }

    [Theory]
    [InlineData(QOS_QUERYFLOW_FRESH)]
    [InlineData(4u)]
    [InlineData(QOS_NON_ADAPTIVE_FLOW | 8u)]
    public unsafe void Flags_other_than_0_or_non_adaptive_are_invalid(uint flags)
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(0, raw.Add(udp, Sockets.V4Peer, Voice, flags, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Empty(raw.Simulator.Flows);
    }

    [Fact]
    public unsafe void An_undefined_traffic_type_is_invalid()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(0, raw.Add(udp, Sockets.V4Peer, (QOS_TRAFFIC_TYPE)6, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void A_null_FlowId_pointer_is_invalid()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        fixed (byte* dest = RawQwave.SockAddr(Sockets.V4Peer))
        {
            Assert.Equal(0, raw.Simulator.QOSAddSocketToFlow(raw.Handle, udp.Handle, dest, Voice, 0, null));
        }

        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void An_invalid_handle_is_reported_before_anything_else()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(0, raw.Add(0x7777, udp.Handle, null, Voice, 99, ref id));
        Assert.Equal(ERROR_INVALID_HANDLE, RawQwave.LastError);
    }

    [Fact]
    public unsafe void An_unconnected_socket_needs_a_destination()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(0, raw.Add(udp, null, Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void A_destination_without_a_port_is_invalid()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(0, raw.Add(udp, new IPEndPoint(IPAddress.Loopback, 0), Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void A_connected_socket_needs_no_destination()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.ConnectedUdp4();
        uint id = 0;
        Assert.Equal(1, raw.Add(udp, null, Voice, 0, ref id));
    }

    [Fact]
    public unsafe void A_destination_given_for_a_connected_socket_must_be_its_peer()
    {
        using var raw = new RawQwave();
        using Socket matching = Sockets.ConnectedUdp4();
        using Socket other = Sockets.ConnectedUdp4();
        uint id = 0;
        Assert.Equal(1, raw.Add(matching, Sockets.V4Peer, Voice, 0, ref id));
        id = 0;
        Assert.Equal(0, raw.Add(other, new IPEndPoint(IPAddress.Loopback, 5005), Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void The_destination_port_is_read_big_endian()
    {
        // Peer 127.0.0.1:5004 = 0x138C. Written little-endian it reads as port 0x8C13 and no longer matches.
        using var raw = new RawQwave();
        using Socket udp = Sockets.ConnectedUdp4();
        byte[] littleEndian = RawQwave.SockAddr(Sockets.V4Peer);
        (littleEndian[2], littleEndian[3]) = (littleEndian[3], littleEndian[2]);
        uint id = 0;
        Assert.Equal(0, raw.Add(raw.Handle, udp.Handle, littleEndian, Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(1, raw.Add(raw.Handle, udp.Handle, RawQwave.SockAddr(Sockets.V4Peer), Voice, 0, ref id));
    }

    [Fact]
    public unsafe void The_sockaddr_family_is_the_Windows_value()
    {
        // Linux's AF_INET6 is 10; qWAVE's ABI is Windows' (23).
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp6(dualMode: false);
        byte[] linuxLayout = RawQwave.SockAddr(Sockets.V6Peer);
        linuxLayout[0] = 10;
        uint id = 0;
        Assert.Equal(0, raw.Add(raw.Handle, udp.Handle, linuxLayout, Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(1, raw.Add(raw.Handle, udp.Handle, RawQwave.SockAddr(Sockets.V6Peer), Voice, 0, ref id));
    }

    [Fact]
    public unsafe void An_IPv4_destination_on_a_dual_mode_IPv6_socket_is_invalid()
    {
        using var raw = new RawQwave();
        using Socket dual = Sockets.Udp6(dualMode: true);
        uint id = 0;
        Assert.Equal(0, raw.Add(dual, Sockets.V4Peer, Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void An_IPv4_mapped_destination_on_a_dual_mode_IPv6_socket_is_invalid()
    {
        using var raw = new RawQwave();
        using Socket dual = Sockets.Udp6(dualMode: true);
        uint id = 0;
        Assert.Equal(0, raw.Add(dual, new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 5004), Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void An_IPv6_destination_on_an_IPv4_socket_is_invalid()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(0, raw.Add(udp, Sockets.V6Peer, Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void An_IPv6_destination_on_an_IPv6_socket_is_accepted()
    {
        using var raw = new RawQwave();
        using Socket dual = Sockets.Udp6(dualMode: true);
        uint id = 0;
        Assert.Equal(1, raw.Add(dual, Sockets.V6Peer, Voice, 0, ref id));
    }

    [Fact]
    public unsafe void A_value_that_is_no_OS_socket_is_invalid()
    {
        // Values no descriptor or SOCKET can have here; a closed socket's value could be reused by a parallel test.
        using var raw = new RawQwave();
        uint id = 0;
        foreach (nint bogus in new nint[] { 0, -1, 0x7FFF_FFF0 })
        {
            Assert.Equal(0, raw.Add(raw.Handle, bogus, RawQwave.SockAddr(Sockets.V4Peer), Voice, 0, ref id));
            Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        }

        Assert.Empty(raw.Simulator.Flows);
    }

    [Fact]
    public unsafe void A_socket_that_is_not_UDP_or_TCP_over_IP_is_invalid()
    {
        using var raw = new RawQwave();
        using var unix = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        uint id = 0;
        Assert.Equal(0, raw.Add(raw.Handle, unix.Handle, RawQwave.SockAddr(Sockets.V4Peer), Voice, 0, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Inspecting_the_socket_leaves_it_open_and_usable()
    {
        using var raw = new RawQwave();
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using Socket sender = Sockets.ConnectedUdp4((IPEndPoint)receiver.LocalEndPoint!);
        uint id = 0;
        Assert.Equal(1, raw.Add(sender, null, Voice, 0, ref id));
        sender.Send(new byte[] { 1, 2, 3 });
        var buffer = new byte[8];
        receiver.ReceiveTimeout = 5000;
        Assert.Equal(3, receiver.Receive(buffer));
    }

    [Fact]
    public unsafe void A_nonzero_FlowId_naming_no_flow_is_invalid()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint id = 12345;
        Assert.Equal(0, raw.Add(udp, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void A_nonzero_FlowId_joins_a_non_adaptive_flow()
    {
        using var raw = new RawQwave();
        using Socket first = Sockets.Udp4();
        using Socket second = Sockets.Udp4();
        uint flow = raw.NewFlow(first, adaptive: false);
        uint id = flow;
        Assert.Equal(1, raw.Add(second, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.Equal(flow, id);
        Assert.Equal(new[] { first.Handle, second.Handle }, raw.Simulator.Flows.Single().Sockets);
    }

    [Fact]
    public unsafe void An_adaptive_flow_takes_only_one_socket()
    {
        using var raw = new RawQwave();
        using Socket first = Sockets.Udp4();
        using Socket second = Sockets.Udp4();
        uint flow = raw.NewFlow(first, adaptive: true);
        uint id = flow;
        Assert.Equal(0, raw.Add(second, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.Equal(ERROR_NOT_SUPPORTED, RawQwave.LastError);
        id = flow;
        Assert.Equal(0, raw.Add(second, Sockets.V4Peer, Voice, 0, ref id));
        Assert.Equal(ERROR_NOT_SUPPORTED, RawQwave.LastError);
        Assert.Single(raw.Simulator.Flows.Single().Sockets);
    }

    [Fact]
    public unsafe void A_flow_of_another_handle_cannot_be_joined()
    {
        using var raw = new RawQwave();
        using var other = new RawQwave(raw.Simulator);
        using Socket first = Sockets.Udp4();
        using Socket second = Sockets.Udp4();
        uint flow = other.NewFlow(first, adaptive: false);
        uint id = flow;
        Assert.Equal(0, raw.Add(second, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void A_peer_without_adaptive_support_refuses_adaptive_flows_only()
    {
        using var raw = new RawQwave(new QwaveSimulator { PeerSupportsAdaptiveFlows = false });
        using Socket udp = Sockets.Udp4();
        uint id = 0;
        Assert.Equal(0, raw.Add(udp, Sockets.V4Peer, Voice, 0, ref id));
        Assert.Equal(ERROR_NOT_SUPPORTED, RawQwave.LastError);
        Assert.Equal(1, raw.Add(udp, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
    }

    [Fact]
    public unsafe void Remove_with_socket_0_ends_the_whole_flow()
    {
        using var raw = new RawQwave();
        using Socket first = Sockets.Udp4();
        using Socket second = Sockets.Udp4();
        uint flow = raw.NewFlow(first, adaptive: false);
        uint id = flow;
        Assert.Equal(1, raw.Add(second, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.Equal(1, raw.Simulator.QOSRemoveSocketFromFlow(raw.Handle, 0, flow, 0));
        Assert.Empty(raw.Simulator.Flows);
    }

    [Fact]
    public unsafe void Removing_one_socket_keeps_the_flow_until_its_last_socket_goes()
    {
        using var raw = new RawQwave();
        using Socket first = Sockets.Udp4();
        using Socket second = Sockets.Udp4();
        uint flow = raw.NewFlow(first, adaptive: false);
        uint id = flow;
        Assert.Equal(1, raw.Add(second, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.Equal(1, raw.Simulator.QOSRemoveSocketFromFlow(raw.Handle, first.Handle, flow, 0));
        Assert.Equal(new[] { second.Handle }, raw.Simulator.Flows.Single().Sockets);
        Assert.Equal(1, raw.Simulator.QOSRemoveSocketFromFlow(raw.Handle, second.Handle, flow, 0));
        Assert.Empty(raw.Simulator.Flows);
    }

    [Fact]
    public unsafe void Removing_from_an_unknown_flow_or_a_socket_not_in_it_is_not_found()
    {
        using var raw = new RawQwave();
        using Socket member = Sockets.Udp4();
        using Socket stranger = Sockets.Udp4();
        uint flow = raw.NewFlow(member);
        Assert.Equal(0, raw.Simulator.QOSRemoveSocketFromFlow(raw.Handle, 0, flow + 100, 0));
        Assert.Equal(ERROR_NOT_FOUND, RawQwave.LastError);
        Assert.Equal(0, raw.Simulator.QOSRemoveSocketFromFlow(raw.Handle, stranger.Handle, flow, 0));
        Assert.Equal(ERROR_NOT_FOUND, RawQwave.LastError);
        Assert.Single(raw.Simulator.Flows);
    }

    [Fact]
    public unsafe void Remove_with_reserved_flags_set_is_invalid()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint flow = raw.NewFlow(udp);
        Assert.Equal(0, raw.Simulator.QOSRemoveSocketFromFlow(raw.Handle, 0, flow, 1));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Single(raw.Simulator.Flows);
    }

    [Fact]
    public async Task Removing_a_flow_aborts_its_pending_notifications()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        uint flow = raw.NewFlow(udp);
        using PendingOverlapped congested = raw.Overlapped();
        Assert.Equal(0, raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, congested));
        Assert.Equal(1, raw.Simulator.QOSRemoveSocketFromFlow(raw.Handle, 0, flow, 0));
        Assert.Equal(ERROR_OPERATION_ABORTED, await congested.ErrorAsync());
    }

    [Fact]
    public unsafe void A_socket_joins_at_most_one_flow_of_a_handle()
    {
        using var raw = new RawQwave();
        using Socket udp = Sockets.Udp4();
        raw.NewFlow(udp, adaptive: false);
        uint id = 0;
        Assert.Equal(0, raw.Add(udp, Sockets.V4Peer, Voice, QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }
}
