using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using QosAnalyzers.Catalog;
using QosAnalyzers.Interop;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>
/// The addressing rules of QOSAddSocketToFlow, stated once in DestinationRules (src/Catalog): the rules
/// over plain facts, then every outcome through the session (the message and parameter it names, before
/// qWAVE is called) and through the simulator (ERROR_INVALID_PARAMETER at the raw ABI).
/// </summary>
public sealed class DestinationRulesTests
{
    private const AddressKind V4 = AddressKind.IPv4;
    private const AddressKind V6 = AddressKind.IPv6;
    private const AddressKind Mapped = AddressKind.IPv4MappedIPv6;
    private const SocketKind Dgram = SocketKind.Datagram;

    /// <summary>One judgement: the facts and the rule they break. Null facts are not known (or, for the destination, not given).</summary>
    internal sealed record Row(string Name, AddressKind Socket, SocketKind Type, bool? Connected, AddressKind? Destination, int? Port, bool Unspecified, bool? IsThePeer, DestinationOutcome Outcome)
    {
        public override string ToString() => Name;
    }

    internal static readonly Row[] Table =
    {
        new("UDP socket with its destination", V4, Dgram, false, V4, 5004, false, null, DestinationOutcome.None),
        new("IPv6 socket, IPv6 destination", V6, Dgram, false, V6, 5004, false, null, DestinationOutcome.None),
        new("connected socket, no destination", V6, Dgram, true, null, null, false, null, DestinationOutcome.None),
        new("connected socket, its peer given", V4, SocketKind.Stream, true, V4, 5004, false, true, DestinationOutcome.None),
        new("Unix domain socket", AddressKind.Other, Dgram, false, V4, 5004, false, null, DestinationOutcome.SocketFamilyUnsupported),
        new("socket family before socket type", AddressKind.Other, SocketKind.Other, false, null, null, false, null, DestinationOutcome.SocketFamilyUnsupported),
        new("raw IPv4 socket", V4, SocketKind.Other, false, V4, 5004, false, null, DestinationOutcome.SocketTypeUnsupported),
        new("socket type before the destination", V4, SocketKind.Other, false, null, null, false, null, DestinationOutcome.SocketTypeUnsupported),
        new("unconnected UDP socket, no destination", V4, Dgram, false, null, null, false, null, DestinationOutcome.Required),
        new("TCP socket not connected yet, no destination", V6, SocketKind.Stream, false, null, null, false, null, DestinationOutcome.Required),
        new("port 0", V4, Dgram, false, V4, 0, false, null, DestinationOutcome.PortMissing),
        new("port before address and family", V4, Dgram, false, V6, 0, true, null, DestinationOutcome.PortMissing),
        new("0.0.0.0", V4, Dgram, false, V4, 5004, true, null, DestinationOutcome.AddressUnspecified),
        new("unspecified address before family", V4, Dgram, false, V6, 5004, true, null, DestinationOutcome.AddressUnspecified),
        new("IPv4 socket, IPv6 destination", V4, Dgram, false, V6, 5004, false, null, DestinationOutcome.FamilyMismatch),
        new("IPv4 socket, IPv4-mapped destination", V4, Dgram, false, Mapped, 5004, false, null, DestinationOutcome.FamilyMismatch),
        new("IPv6 (dual-mode) socket, IPv4 destination", V6, Dgram, false, V4, 5004, false, null, DestinationOutcome.FamilyMismatch),
        new("IPv6 (dual-mode) socket, IPv4-mapped destination", V6, Dgram, false, Mapped, 5004, false, null, DestinationOutcome.FamilyMismatch),
        new("destination of another family", V4, Dgram, false, AddressKind.Other, null, false, null, DestinationOutcome.FamilyMismatch),
        new("family before the peer", V4, Dgram, true, V6, 5004, false, false, DestinationOutcome.FamilyMismatch),
        new("connected socket, another destination", V4, Dgram, true, V4, 6000, false, false, DestinationOutcome.NotThePeer),

        // What an analyzer cannot see is not judged.
        new("socket family not known", AddressKind.Unknown, SocketKind.Unknown, null, V4, 5004, false, null, DestinationOutcome.None),
        new("destination family not known", V6, Dgram, false, AddressKind.Unknown, 5004, false, null, DestinationOutcome.None),
        new("connected or not unknown, no destination", V4, Dgram, null, null, null, false, null, DestinationOutcome.None),
        new("port not known", V4, Dgram, false, V4, null, false, null, DestinationOutcome.None),
        new("only the port is known", AddressKind.Unknown, SocketKind.Unknown, null, AddressKind.Unknown, 0, false, null, DestinationOutcome.PortMissing),
    };

    public static TheoryData<string> Rows() => new(Table.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Rules_judge_the_facts_in_order(string name)
    {
        Row row = Table.Single(r => r.Name == name);
        Assert.Equal(row.Outcome, DestinationRules.Judge(row.Socket, row.Type, row.Connected, row.Destination, row.Port, row.Unspecified, row.IsThePeer));
    }

    [Fact]
    public void Every_outcome_has_a_row_here_and_a_case_through_the_session_and_the_simulator()
    {
        DestinationOutcome[] all = Enum.GetValues<DestinationOutcome>();
        Assert.Equal(all, Table.Select(r => r.Outcome).Distinct().Order());
        Assert.Equal(all, SessionCases.Select(c => c.Outcome).Distinct().Order());
        Assert.Equal(all, SimulatorCases.Select(c => c.Outcome).Distinct().Order());
    }

    /// <summary>A socket and destination through the session: the rule broken, the parameter named and a phrase of the message.</summary>
    internal sealed record SessionCase(string Name, Func<Fixture, Socket?> Socket, IPEndPoint? Destination, DestinationOutcome Outcome, string? Parameter, string? Phrase)
    {
        public override string ToString() => Name;
    }

    internal static readonly SessionCase[] SessionCases =
    {
        new("unconnected UDP socket with its destination", f => f.Udp4, Sockets.V4Peer, DestinationOutcome.None, null, null),
        new("unconnected TCP socket with its destination", f => f.Tcp4, Sockets.V4Peer, DestinationOutcome.None, null, null),
        new("dual-mode socket connected to an IPv4 peer, no destination", f => f.DualConnectedToV4, null, DestinationOutcome.None, null, null),
        new("connected socket, its peer given", f => f.Connected4, Sockets.V4Peer, DestinationOutcome.None, null, null),
        new("Unix domain socket", f => f.Unix, Sockets.V4Peer, DestinationOutcome.SocketFamilyUnsupported, "socket", "IPv4 or IPv6 sockets only; this socket is Unix."),
        new("raw IPv4 socket", f => f.Raw4, Sockets.V4Peer, DestinationOutcome.SocketTypeUnsupported, "socket", "UDP or TCP sockets only; this socket is Raw."),
        new("unconnected socket, no destination", f => f.Udp4, null, DestinationOutcome.Required, "destination", "not connected, so qWAVE needs the destination"),
        new("port 0", f => f.Udp4, new IPEndPoint(IPAddress.Loopback, 0), DestinationOutcome.PortMissing, "destination", "nonzero port"),
        new("0.0.0.0", f => f.Udp4, new IPEndPoint(IPAddress.Any, 5004), DestinationOutcome.AddressUnspecified, "destination", "0.0.0.0 is the unspecified address"),
        new("::", f => f.Udp6, new IPEndPoint(IPAddress.IPv6Any, 5004), DestinationOutcome.AddressUnspecified, "destination", ":: is the unspecified address"),
        new("IPv4 socket, IPv6 destination", f => f.Udp4, Sockets.V6Peer, DestinationOutcome.FamilyMismatch, "destination", "the socket is InterNetwork but the destination is InterNetworkV6."),
        new("IPv4 socket, IPv4-mapped destination", f => f.Udp4, new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 5004), DestinationOutcome.FamilyMismatch, "destination", "the socket is InterNetwork but the destination is an IPv4-mapped IPv6 address."),
        new("dual-mode socket, IPv4 destination", f => f.Dual, Sockets.V4Peer, DestinationOutcome.FamilyMismatch, "destination", "the destination is InterNetwork. For an IPv4 peer on a dual-mode socket, connect the socket"),
        new("dual-mode socket, IPv4-mapped destination", f => f.Dual, new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 5004), DestinationOutcome.FamilyMismatch, "destination", "an IPv4-mapped IPv6 address. For an IPv4 peer"),
        new("connected socket, another destination", f => f.Connected4, new IPEndPoint(IPAddress.Loopback, 6000), DestinationOutcome.NotThePeer, "destination", "connected to 127.0.0.1:5004; a destination given for a connected socket must be that peer, not 127.0.0.1:6000."),
    };

    public static TheoryData<string> Session() => new(SessionCases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Session))]
    public void Session_refuses_each_rule_before_qWAVE_with_its_message(string name)
    {
        SessionCase c = SessionCases.Single(x => x.Name == name);
        using var f = new Fixture();
        Socket? socket = c.Socket(f);
        if (socket is null)
        {
            // No raw socket without the privilege: the same facts, as the session reads them from a socket.
            string? problem = QosSession.DestinationProblem(AddressFamily.InterNetwork, SocketType.Raw, connected: false, peer: null, c.Destination, out string parameter);
            Assert.Equal(c.Parameter, parameter);
            Assert.Contains(c.Phrase!, problem, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(c.Outcome, SocketDestination.Judge(socket.AddressFamily, socket.SocketType, socket.Connected, socket.Connected ? socket.RemoteEndPoint as IPEndPoint : null, c.Destination));
        if (c.Outcome == DestinationOutcome.None)
        {
            Assert.True(f.Session.TryAddSocketToFlow(socket, c.Destination, QosTrafficType.Voice, adaptive: false, out QosFlowId flow, out _));
            f.Session.RemoveFlow(flow);
            f.Session.AddSocketToFlow(socket, c.Destination, QosTrafficType.Voice, adaptive: false);
            return;
        }

        Assert.False(f.Session.TryAddSocketToFlow(socket, c.Destination, QosTrafficType.Voice, adaptive: false, out _, out QosException? error));
        Assert.Equal(ERROR_INVALID_PARAMETER, error.NativeErrorCode);
        Assert.Contains(c.Phrase!, error.Message, StringComparison.Ordinal);

        ArgumentException thrown = Assert.Throws<ArgumentException>(() => f.Session.AddSocketToFlow(socket, c.Destination, QosTrafficType.Voice, adaptive: false));
        Assert.Equal(c.Parameter, thrown.ParamName);
        Assert.Contains(c.Phrase!, thrown.Message, StringComparison.Ordinal);

        // Refused by the session itself: qWAVE never saw the call.
        Assert.DoesNotContain(f.Sim.CallLog, r => r.Function == "QOSAddSocketToFlow");
    }

    /// <summary>A SOCKET and a sockaddr through the simulator's raw ABI.</summary>
    internal sealed record SimulatorCase(string Name, Func<Fixture, Socket?> Socket, byte[]? SockAddr, DestinationOutcome Outcome)
    {
        public override string ToString() => Name;
    }

    internal static readonly SimulatorCase[] SimulatorCases =
    {
        new("unconnected UDP socket with its destination", f => f.Udp4, RawQwave.SockAddr(Sockets.V4Peer), DestinationOutcome.None),
        new("connected socket, no destination", f => f.Connected4, null, DestinationOutcome.None),
        new("connected socket, its peer given", f => f.Connected4, RawQwave.SockAddr(Sockets.V4Peer), DestinationOutcome.None),
        new("IPv6 socket, IPv6 destination", f => f.Udp6, RawQwave.SockAddr(Sockets.V6Peer), DestinationOutcome.None),
        new("Unix domain socket", f => f.Unix, RawQwave.SockAddr(Sockets.V4Peer), DestinationOutcome.SocketFamilyUnsupported),
        new("raw IPv4 socket", f => f.Raw4, RawQwave.SockAddr(Sockets.V4Peer), DestinationOutcome.SocketTypeUnsupported),
        new("unconnected socket, no destination", f => f.Udp4, null, DestinationOutcome.Required),
        new("port 0", f => f.Udp4, RawQwave.SockAddr(new IPEndPoint(IPAddress.Loopback, 0)), DestinationOutcome.PortMissing),
        new("0.0.0.0", f => f.Udp4, RawQwave.SockAddr(new IPEndPoint(IPAddress.Any, 5004)), DestinationOutcome.AddressUnspecified),
        new("::", f => f.Udp6, RawQwave.SockAddr(new IPEndPoint(IPAddress.IPv6Any, 5004)), DestinationOutcome.AddressUnspecified),
        new("IPv4 socket, IPv6 destination", f => f.Udp4, RawQwave.SockAddr(Sockets.V6Peer), DestinationOutcome.FamilyMismatch),
        new("dual-mode socket, IPv4 destination", f => f.Dual, RawQwave.SockAddr(Sockets.V4Peer), DestinationOutcome.FamilyMismatch),
        new("dual-mode socket, IPv4-mapped destination", f => f.Dual, RawQwave.SockAddr(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 5004)), DestinationOutcome.FamilyMismatch),
        new("sockaddr of neither AF_INET nor AF_INET6", f => f.Udp4, UnixFamily(RawQwave.SockAddr(Sockets.V4Peer)), DestinationOutcome.FamilyMismatch),
        new("connected socket, another destination", f => f.Connected4, RawQwave.SockAddr(new IPEndPoint(IPAddress.Loopback, 6000)), DestinationOutcome.NotThePeer),
    };

    public static TheoryData<string> Simulator() => new(SimulatorCases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Simulator))]
    public void Simulator_answers_each_rule_with_ERROR_INVALID_PARAMETER(string name)
    {
        SimulatorCase c = SimulatorCases.Single(x => x.Name == name);
        using var f = new Fixture();
        Socket? socket = c.Socket(f);
        if (socket is null)
        {
            // No raw socket without the privilege; the rule itself is in the table above.
            return;
        }

        using var raw = new RawQwave();
        uint id = 0;
        int ok = raw.Add(raw.Handle, socket.Handle, c.SockAddr, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QOS_NON_ADAPTIVE_FLOW, ref id);
        if (c.Outcome == DestinationOutcome.None)
        {
            Assert.Equal(1, ok);
            Assert.NotEqual(0u, id);
        }
        else
        {
            Assert.Equal(0, ok);
            Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
            Assert.Empty(raw.Simulator.Flows);
        }
    }

    private static byte[] UnixFamily(byte[] sockaddr)
    {
        sockaddr[0] = 1;
        return sockaddr;
    }

    /// <summary>A simulated session and sockets of every kind; <see cref="Raw4"/> is null without the privilege raw sockets need.</summary>
    internal sealed class Fixture : IDisposable
    {
        private readonly List<IDisposable> _owned = new();

        public Fixture()
        {
            Sim = new QwaveSimulator();
            Session = Own(QosSession.Open(Sim));
            Udp4 = Own(Sockets.Udp4());
            Udp6 = Own(Sockets.Udp6(dualMode: false));
            Dual = Own(Sockets.Udp6(dualMode: true));
            Tcp4 = Own(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            Connected4 = Own(Sockets.ConnectedUdp4());
            DualConnectedToV4 = Own(Sockets.Udp6(dualMode: true));
            DualConnectedToV4.Connect(Sockets.V4Peer);
            Unix = Own(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified));
            try
            {
                Raw4 = Own(new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));
            }
            catch (SocketException)
            {
                Raw4 = null;
            }
        }

        public QwaveSimulator Sim { get; }

        public QosSession Session { get; }

        public Socket Udp4 { get; }

        public Socket Udp6 { get; }

        public Socket Dual { get; }

        public Socket Tcp4 { get; }

        public Socket Connected4 { get; }

        public Socket DualConnectedToV4 { get; }

        public Socket Unix { get; }

        public Socket? Raw4 { get; }

        private T Own<T>(T item)
            where T : IDisposable
        {
            _owned.Add(item);
            return item;
        }

        public void Dispose()
        {
            foreach (IDisposable d in _owned)
            {
                d.Dispose();
            }
        }
    }
}
