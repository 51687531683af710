using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

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

    /// <summary>Every Try* member of QosSession, with the qWAVE function it calls and a call that succeeds on a healthy session.</summary>
    private static readonly Dictionary<string, (string Function, Func<BadInputCatalogTests.World, (bool Ok, QosException? Error)> Call)> s_tryMembers = new()
    {
        ["TryAddSocketToFlow"] = ("QOSAddSocketToFlow", w => (w.Session.TryAddSocketToFlow(w.Udp4, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false, out _, out QosException? e), e)),
        ["TrySetOutgoingRate"] = ("QOSSetFlow", w => (w.Session.TrySetOutgoingRate(w.Fixed, 1_000_000, QosShaping.ShapeAndMark, QosFlowRateReason.NotApplicable, out QosException? e), e)),
        ["TrySetOutgoingDscp"] = ("QOSSetFlow", w => (w.Session.TrySetOutgoingDscp(w.Fixed, 46, out QosException? e), e)),
    };

    public static TheoryData<string> TryMembers() => new(s_tryMembers.Keys);

    [Fact]
    public void Every_Try_member_of_the_session_is_held_to_the_line()
    {
        string[] declared = typeof(QosSession).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.StartsWith("Try", StringComparison.Ordinal))
            .Select(m => m.Name).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(s_tryMembers.Keys.Order(StringComparer.Ordinal), declared);
    }

    [Theory]
    [MemberData(nameof(TryMembers))]
    public void Succeeds_on_a_healthy_session(string member)
    {
        using var w = new BadInputCatalogTests.World();
        (bool ok, QosException? error) = s_tryMembers[member].Call(w);
        Assert.True(ok);
        Assert.Null(error);
    }

    [Theory]
    [MemberData(nameof(TryMembers))]
    public void What_the_machine_refuses_is_false_and_a_QosException(string member)
    {
        using var w = new BadInputCatalogTests.World();
        (string function, var call) = s_tryMembers[member];
        w.Sim.InjectError(function, 1450); // ERROR_NO_SYSTEM_RESOURCES
        (bool ok, QosException? error) = call(w);
        Assert.False(ok);
        Assert.Equal(function, error!.FunctionName);
        Assert.Equal(1450, error.NativeErrorCode);
    }

    [Theory]
    [MemberData(nameof(TryMembers))]
    public void After_qWAVE_dropped_every_flow_it_is_false_and_a_QosException(string member)
    {
        using var w = new BadInputCatalogTests.World();
        w.Sim.SimulatePowerEvent();
        (bool ok, QosException? error) = s_tryMembers[member].Call(w);
        Assert.False(ok);
        Assert.Equal(1164, error!.NativeErrorCode); // ERROR_DEVICE_REINITIALIZATION_NEEDED
        Assert.True(error.RequiresNewSession);
    }

    [Theory]
    [MemberData(nameof(TryMembers))]
    public void On_a_disposed_session_it_throws_ObjectDisposedException(string member)
    {
        using var w = new BadInputCatalogTests.World();
        w.Session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => s_tryMembers[member].Call(w));
    }

    [Fact]
    public void A_flow_qWAVE_does_not_know_is_false_for_the_setters()
    {
        using var w = new BadInputCatalogTests.World();
        w.Session.RemoveFlow(w.Fixed);
        Assert.False(w.Session.TrySetOutgoingRate(w.Fixed, 1_000_000, QosShaping.ShapeAndMark, QosFlowRateReason.NotApplicable, out QosException? rate));
        Assert.Equal(87, rate.NativeErrorCode);
        Assert.Contains("not a flow of this session", rate.Message, StringComparison.Ordinal);
        Assert.False(w.Session.TrySetOutgoingDscp(w.Foreign, 46, out QosException? dscp));
        Assert.Equal(87, dscp.NativeErrorCode);
        Assert.Contains("not a flow of this session", dscp.Message, StringComparison.Ordinal);
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
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Session.TrySetOutgoingRate(w.Fixed, 1_000_000, (QosShaping)7, QosFlowRateReason.NotApplicable, out _));
        Assert.Throws<ArgumentException>(() => w.Session.TrySetOutgoingRate(default, 1_000_000, QosShaping.ShapeAndMark, QosFlowRateReason.NotApplicable, out _));
        Assert.Throws<ArgumentException>(() => w.Session.TrySetOutgoingDscp(default, 46, out _));

        w.Session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => w.Session.TryAddSocketToFlow(w.Udp4, Sockets.V4Peer, QosTrafficType.Voice, false, out _, out _));
        Assert.Throws<ObjectDisposedException>(() => w.Session.TrySetOutgoingDscp(w.Fixed, 46, out _));
        Assert.Throws<ObjectDisposedException>(() => w.Session.TrySetOutgoingRate(w.Fixed, 1_000_000, QosShaping.ShapeAndMark, QosFlowRateReason.NotApplicable, out _));
    }
}
