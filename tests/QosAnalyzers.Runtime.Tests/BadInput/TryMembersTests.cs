using System;
using System.Net;
using System.Net.Sockets;

namespace QosAnalyzers.Runtime.Tests.BadInput;

/// <summary>
/// Where the Try* members draw the line (docs/runtime-bad-input.md): what qWAVE, the network or the machine
/// can refuse comes back as false and a QosException; only caller bugs that need no qWAVE to see throw.
/// </summary>
public class TryMembersTests
{
    public static TheoryData<string> Refusals => new()
    {
        "unconnected socket, no destination",
        "destination port 0",
        "destination 0.0.0.0",
        "IPv4 socket, IPv6 destination",
        "IPv6 socket, IPv4 destination",
        "Unix domain socket",
        "socket already in a flow",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void What_qWAVE_refuses_is_false_and_a_QosException_not_a_throw(string refusal)
    {
        using var w = new BadInputCatalogTests.World();
        (Socket socket, IPEndPoint? destination, string message) = refusal switch
        {
            "unconnected socket, no destination" => (w.Udp4, (IPEndPoint?)null, "not connected"),
            "destination port 0" => (w.Udp4, new IPEndPoint(IPAddress.Loopback, 0), "nonzero port"),
            "destination 0.0.0.0" => (w.Udp4, new IPEndPoint(IPAddress.Any, 5004), "unspecified address"),
            "IPv4 socket, IPv6 destination" => (w.Udp4, Sockets.V6Peer, "does not mix IPv4 and IPv6"),
            "IPv6 socket, IPv4 destination" => (w.Udp6, Sockets.V4Peer, "does not mix IPv4 and IPv6"),
            "Unix domain socket" => (w.Unix, Sockets.V4Peer, "IPv4 or IPv6 sockets only"),
            "socket already in a flow" => (w.InFlow, Sockets.V4Peer, "at most one flow"),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };

        Assert.False(w.Session.TryAddSocketToFlow(socket, destination, QosTrafficType.Voice, adaptive: false, out QosFlowId flow, out QosException? error));
        Assert.Equal(default, flow);
        Assert.Equal("QOSAddSocketToFlow", error.FunctionName);
        Assert.Equal(87, error.NativeErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);

        // The throwing form reports the same rule as an argument error.
        ArgumentException thrown = Assert.ThrowsAny<ArgumentException>(() => w.Session.AddSocketToFlow(socket, destination, QosTrafficType.Voice, adaptive: false));
        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_qWAVE_itself_answers_is_false_too()
    {
        using var w = new BadInputCatalogTests.World();
        w.Sim.InjectError("QOSAddSocketToFlow", 1232);
        Assert.False(w.Session.TryAddSocketToFlow(w.Connected4, null, QosTrafficType.Voice, adaptive: false, out _, out QosException? unreachable));
        Assert.Equal(1232, unreachable.NativeErrorCode);

        w.Sim.IsElevated = false;
        Assert.False(w.Session.TrySetOutgoingDscp(w.Fixed, 46, out QosException? denied));
        Assert.Equal(5, denied.NativeErrorCode);

        w.Sim.InjectError("QOSSetFlow", 54);
        Assert.False(w.Session.TrySetOutgoingRate(w.Fixed, 1_000_000, QosShaping.ShapeAndMark, QosFlowRateReason.NotApplicable, out QosException? busy));
        Assert.Equal(54, busy.NativeErrorCode);
    }

    [Fact]
    public void Caller_bugs_that_need_no_qWAVE_still_throw()
    {
        using var w = new BadInputCatalogTests.World();
        Assert.Throws<ArgumentNullException>(() => w.Session.TryAddSocketToFlow(null!, Sockets.V4Peer, QosTrafficType.Voice, false, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Session.TryAddSocketToFlow(w.Udp4, Sockets.V4Peer, (QosTrafficType)99, false, out _, out _));
        Assert.Throws<ObjectDisposedException>(() => w.Session.TryAddSocketToFlow(w.Disposed, Sockets.V4Peer, QosTrafficType.Voice, false, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Session.TrySetOutgoingDscp(w.Fixed, 64, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Session.TrySetOutgoingRate(w.Fixed, 0, QosShaping.ShapeAndMark, QosFlowRateReason.NotApplicable, out _));

        w.Session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => w.Session.TryAddSocketToFlow(w.Udp4, Sockets.V4Peer, QosTrafficType.Voice, false, out _, out _));
        Assert.Throws<ObjectDisposedException>(() => w.Session.TrySetOutgoingDscp(w.Fixed, 46, out _));
    }
}
