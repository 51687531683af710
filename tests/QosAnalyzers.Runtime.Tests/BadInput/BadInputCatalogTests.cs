using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests.BadInput;

/// <summary>
/// The bad-input catalog of the public runtime API (docs/runtime-bad-input.md): every row is one misuse
/// and the exception it gets: its type, the parameter it names, and a phrase of the rule it states.
/// Rows ending in "accepted" are inputs that look suspicious but are legal, and must keep working.
/// </summary>
public sealed class BadInputCatalogTests
{
    /// <summary>One row: the misuse, what it must throw, and the parameter and rule it must name.</summary>
    public sealed record Case(string Name, Action<World> Act, Type? Exception, string? Parameter, string? Rule, int? NativeError = null)
    {
        public override string ToString() => Name;
    }

    public static readonly Case[] Catalog =
    {
        // Opening a session
        new("Open(null backend)", w => QosSession.Open(null!), typeof(ArgumentNullException), "backend", null),

        // Sockets
        new("AddSocketToFlow(null socket)", w => w.Session.AddSocketToFlow(null!, Sockets.V4Peer, QosTrafficType.Voice, false), typeof(ArgumentNullException), "socket", null),
        new("AddSocketToFlow(disposed socket)", w => w.Session.AddSocketToFlow(w.Disposed, Sockets.V4Peer, QosTrafficType.Voice, false), typeof(ObjectDisposedException), null, "is closed"),
        new("AddSocketToFlow(Unix domain socket)", w => w.Session.AddSocketToFlow(w.Unix, Sockets.V4Peer, QosTrafficType.Voice, false), typeof(ArgumentException), "socket", "IPv4 or IPv6 sockets only"),
        new("AddSocketToFlow(unconnected socket, no destination)", w => w.Session.AddSocketToFlow(w.Udp4, null, QosTrafficType.Voice, false), typeof(ArgumentException), "destination", "not connected"),
        new("AddSocketToFlow(destination port 0)", w => w.Session.AddSocketToFlow(w.Udp4, new IPEndPoint(IPAddress.Loopback, 0), QosTrafficType.Voice, false), typeof(ArgumentException), "destination", "nonzero port"),
        new("AddSocketToFlow(destination 0.0.0.0)", w => w.Session.AddSocketToFlow(w.Udp4, new IPEndPoint(IPAddress.Any, 5004), QosTrafficType.Voice, false), typeof(ArgumentException), "destination", "unspecified address"),
        new("AddSocketToFlow(destination ::)", w => w.Session.AddSocketToFlow(w.Udp6, new IPEndPoint(IPAddress.IPv6Any, 5004), QosTrafficType.Voice, false), typeof(ArgumentException), "destination", "unspecified address"),
        new("AddSocketToFlow(IPv4 socket, IPv6 destination)", w => w.Session.AddSocketToFlow(w.Udp4, Sockets.V6Peer, QosTrafficType.Voice, false), typeof(ArgumentException), "destination", "does not mix IPv4 and IPv6"),
        new("AddSocketToFlow(IPv6 socket, IPv4 destination)", w => w.Session.AddSocketToFlow(w.Udp6, Sockets.V4Peer, QosTrafficType.Voice, false), typeof(ArgumentException), "destination", "does not mix IPv4 and IPv6"),
        new("AddSocketToFlow(dual-mode socket, IPv4-mapped destination)", w => w.Session.AddSocketToFlow(w.Dual, new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 5004), QosTrafficType.Voice, false), typeof(ArgumentException), "destination", "IPv4-mapped"),
        new("AddSocketToFlow(connected socket, other destination)", w => w.Session.AddSocketToFlow(w.Connected4, new IPEndPoint(IPAddress.Loopback, 6000), QosTrafficType.Voice, false), typeof(ArgumentException), "destination", "must be that peer"),
        new("AddSocketToFlow((QosTrafficType)99)", w => w.Session.AddSocketToFlow(w.Udp4, Sockets.V4Peer, (QosTrafficType)99, false), typeof(ArgumentOutOfRangeException), "trafficType", "Not a defined QosTrafficType"),
        new("AddSocketToFlow(socket already in a flow)", w => w.Session.AddSocketToFlow(w.InFlow, Sockets.V4Peer, QosTrafficType.Voice, false), typeof(ArgumentException), "socket", "at most one flow"),
        new("AddSocketToFlow(adaptive, peer without LLTD)", w => { w.Sim.PeerSupportsAdaptiveFlows = false; w.Session.AddSocketToFlow(w.Udp4, Sockets.V4Peer, QosTrafficType.Voice, true); }, typeof(QosException), null, "ERROR_NOT_SUPPORTED", ERROR_NOT_SUPPORTED),
        new("TryAddSocketToFlow(null socket)", w => w.Session.TryAddSocketToFlow(null!, Sockets.V4Peer, QosTrafficType.Voice, false, out _, out _), typeof(ArgumentNullException), "socket", null),
        new("TryAddSocketToFlow(IPv4 socket, IPv6 destination): false + QosException", w => Assert.False(w.Session.TryAddSocketToFlow(w.Udp4, Sockets.V6Peer, QosTrafficType.Voice, false, out _, out _)), null, null, null),
        new("AddSocketToFlow(unbound UDP socket with destination): accepted", w => w.Session.AddSocketToFlow(w.Udp4, Sockets.V4Peer, QosTrafficType.Voice, false), null, null, null),
        new("AddSocketToFlow(unconnected TCP socket with destination): accepted", w => w.Session.AddSocketToFlow(w.Tcp4, Sockets.V4Peer, QosTrafficType.Voice, true), null, null, null),
        new("AddSocketToFlow(connected TCP socket, no destination): accepted", w => w.Session.AddSocketToFlow(w.ConnectedTcp(), null, QosTrafficType.Voice, true), null, null, null),
        new("AddSocketToFlow(dual-mode socket connected to an IPv4 peer, no destination): accepted", w => w.Session.AddSocketToFlow(w.DualConnectedToV4(), null, QosTrafficType.Voice, false), null, null, null),

        // Joining and leaving flows
        new("AddSocketToExistingFlow(default flow id)", w => w.Session.AddSocketToExistingFlow(default, w.Udp4, Sockets.V4Peer, QosTrafficType.Voice), typeof(ArgumentException), "flowId", "asks for a new flow"),
        new("AddSocketToExistingFlow(adaptive flow)", w => w.Session.AddSocketToExistingFlow(w.Adaptive, w.Udp4, Sockets.V4Peer, QosTrafficType.Voice), typeof(QosException), null, "carries exactly one socket", ERROR_NOT_SUPPORTED),
        new("AddSocketToExistingFlow(flow of another session)", w => w.Session.AddSocketToExistingFlow(w.Foreign, w.Udp4, Sockets.V4Peer, QosTrafficType.Voice), typeof(QosException), null, "not a flow of this session", ERROR_INVALID_PARAMETER),
        new("RemoveSocketFromFlow(default flow id)", w => w.Session.RemoveSocketFromFlow(default, w.InFlow), typeof(ArgumentException), "flowId", "never a valid flow"),
        new("RemoveSocketFromFlow(null socket)", w => w.Session.RemoveSocketFromFlow(w.Fixed, null!), typeof(ArgumentNullException), "socket", null),
        new("RemoveSocketFromFlow(socket closed before removal)", w => { w.InFlow.Dispose(); w.Session.RemoveSocketFromFlow(w.Fixed, w.InFlow); }, typeof(ObjectDisposedException), null, "or use RemoveFlow"),
        new("RemoveSocketFromFlow(socket not in the flow)", w => w.Session.RemoveSocketFromFlow(w.Fixed, w.Udp4), typeof(QosException), null, "ERROR_NOT_FOUND", ERROR_NOT_FOUND),
        new("RemoveFlow(default flow id)", w => w.Session.RemoveFlow(default), typeof(ArgumentException), "flowId", "never a valid flow"),
        new("RemoveFlow twice", w => { w.Session.RemoveFlow(w.Fixed); w.Session.RemoveFlow(w.Fixed); }, typeof(QosException), null, "not a flow of this session", ERROR_NOT_FOUND),
        new("RemoveFlow(flow of another session)", w => w.Session.RemoveFlow(w.Foreign), typeof(QosException), null, "not a flow of this session", ERROR_NOT_FOUND),
        new("IsAdaptive(default flow id)", w => w.Session.IsAdaptive(default), typeof(ArgumentException), "flowId", "never a valid flow"),
        new("IsAdaptive(removed flow)", w => { w.Session.RemoveFlow(w.Fixed); w.Session.IsAdaptive(w.Fixed); }, typeof(ArgumentException), "flowId", "has been removed"),

        // Operations on flows that are not (or no longer) there
        new("SetOutgoingRate after RemoveFlow", w => { w.Session.RemoveFlow(w.Fixed); w.Session.SetOutgoingRate(w.Fixed, 1_000_000); }, typeof(QosException), null, "not a flow of this session", ERROR_INVALID_PARAMETER),
        new("QueryPacketPriority(flow of another session)", w => w.Session.QueryPacketPriority(w.Foreign), typeof(QosException), null, "not a flow of this session", ERROR_INVALID_PARAMETER),
        new("SetTrafficType(default flow id)", w => w.Session.SetTrafficType(default, QosTrafficType.Voice), typeof(ArgumentException), "flowId", "never a valid flow"),
        new("QueryOutgoingRate(default flow id)", w => w.Session.QueryOutgoingRate(default), typeof(ArgumentException), "flowId", "never a valid flow"),
        new("WhenCongestedAsync(default flow id)", w => w.Session.WhenCongestedAsync(default), typeof(ArgumentException), "flowId", "never a valid flow"),
        new("WhenCongestedAsync after RemoveFlow (faulted task)", w => { w.Session.RemoveFlow(w.Adaptive); w.Await(w.Session.WhenCongestedAsync(w.Adaptive)); }, typeof(QosException), null, "not a flow of this session", ERROR_INVALID_PARAMETER),

        // Rates
        new("SetOutgoingRate(0 bits/s)", w => w.Session.SetOutgoingRate(w.Fixed, 0), typeof(ArgumentOutOfRangeException), "bitsPerSecond", "would stop the flow"),
        new("SetOutgoingRate(ulong.MaxValue)", w => w.Session.SetOutgoingRate(w.Fixed, ulong.MaxValue), typeof(ArgumentOutOfRangeException), "bitsPerSecond", "0xFFFFFFFF"),
        new("TrySetOutgoingRate(ulong.MaxValue)", w => w.Session.TrySetOutgoingRate(w.Fixed, ulong.MaxValue, QosShaping.ShapeOnly, QosFlowRateReason.NotApplicable, out _), typeof(ArgumentOutOfRangeException), "bitsPerSecond", "0xFFFFFFFF"),
        new("SetOutgoingRateAsync(0 bits/s) throws before queueing", w => w.Session.SetOutgoingRateAsync(w.Fixed, 0), typeof(ArgumentOutOfRangeException), "bitsPerSecond", "would stop the flow"),
        new("SetOutgoingRate((QosShaping)7)", w => w.Session.SetOutgoingRate(w.Fixed, 1_000_000, (QosShaping)7), typeof(ArgumentOutOfRangeException), "shaping", "Not a defined QosShaping"),
        new("SetOutgoingRate((QosFlowRateReason)(-1))", w => w.Session.SetOutgoingRate(w.Fixed, 1_000_000, QosShaping.ShapeOnly, (QosFlowRateReason)(-1)), typeof(ArgumentOutOfRangeException), "reason", "Not a defined QosFlowRateReason"),
        new("SetOutgoingRate above the available bandwidth (adaptive)", w => w.Session.SetOutgoingRate(w.Adaptive, 900_000_000), typeof(QosException), null, "ERROR_NETWORK_BUSY", ERROR_NETWORK_BUSY),
        new("SetOutgoingRate(QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH): accepted", w => w.Session.SetOutgoingRate(w.Adaptive, QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH), null, null, null),
        new("SetOutgoingRate(5 Gb/s, above 32 bits, non-adaptive): accepted", w => w.Session.SetOutgoingRate(w.Fixed, 5_000_000_000), null, null, null),

        // DSCP and traffic type
        new("SetOutgoingDscp(-1)", w => w.Session.SetOutgoingDscp(w.Fixed, -1), typeof(ArgumentOutOfRangeException), "dscp", "0-63"),
        new("SetOutgoingDscp(64)", w => w.Session.SetOutgoingDscp(w.Fixed, 64), typeof(ArgumentOutOfRangeException), "dscp", "0-63"),
        new("SetOutgoingDscp(0xB8, a TOS byte)", w => w.Session.SetOutgoingDscp(w.Fixed, 0xB8), typeof(ArgumentOutOfRangeException), "dscp", "not a TOS byte"),
        new("TrySetOutgoingDscp(64)", w => w.Session.TrySetOutgoingDscp(w.Fixed, 64, out _), typeof(ArgumentOutOfRangeException), "dscp", "0-63"),
        new("SetOutgoingDscp without elevation", w => { w.Sim.IsElevated = false; w.Session.SetOutgoingDscp(w.Fixed, 46); }, typeof(QosException), null, "ERROR_ACCESS_DENIED", ERROR_ACCESS_DENIED),
        new("SetTrafficType((QosTrafficType)99)", w => w.Session.SetTrafficType(w.Fixed, (QosTrafficType)99), typeof(ArgumentOutOfRangeException), "trafficType", "Not a defined QosTrafficType"),

        // Adaptive-only operations on a non-adaptive flow
        new("QueryFundamentals(non-adaptive flow)", w => w.Session.QueryFundamentals(w.Fixed), typeof(QosException), null, "ERROR_NOT_SUPPORTED", ERROR_NOT_SUPPORTED),
        new("WhenAvailableAsync(non-adaptive flow) (faulted task)", w => w.Await(w.Session.WhenAvailableAsync(w.Fixed, 1_000_000)), typeof(QosException), null, "ERROR_NOT_SUPPORTED", ERROR_NOT_SUPPORTED),
        new("WhenCongestedAsync twice on one flow (faulted task)", w => { _ = w.Session.WhenCongestedAsync(w.Adaptive); w.Await(w.Session.WhenCongestedAsync(w.Adaptive)); }, typeof(QosException), null, "ERROR_ALREADY_EXISTS", ERROR_ALREADY_EXISTS),
        new("WhenCongestedAsync(already-cancelled token) (canceled task, no qWAVE call)", w => w.Await(w.Session.WhenCongestedAsync(w.Adaptive, new CancellationToken(true))), typeof(TaskCanceledException), null, null),

        // Client tracking
        new("StartTrackingClient(null)", w => w.Session.StartTrackingClient(null!), typeof(ArgumentNullException), "client", null),
        new("StartTrackingClient(0.0.0.0)", w => w.Session.StartTrackingClient(IPAddress.Any), typeof(ArgumentException), "client", "unspecified address"),
        new("StartTrackingClient(IPv4-mapped IPv6)", w => w.Session.StartTrackingClient(IPAddress.Loopback.MapToIPv6()), typeof(ArgumentException), "client", "IPv4-mapped"),
        new("StopTrackingClient(never tracked)", w => w.Session.StopTrackingClient(IPAddress.Loopback), typeof(QosException), null, "ERROR_INVALID_PARAMETER", ERROR_INVALID_PARAMETER),

        // Disposed session
        new("AddSocketToFlow on a disposed session", w => { w.Session.Dispose(); w.Session.AddSocketToFlow(w.Udp4, Sockets.V4Peer, QosTrafficType.Voice, false); }, typeof(ObjectDisposedException), null, "QosSession"),
        new("WhenCongestedAsync on a disposed session (throws, no task)", w => { w.Session.Dispose(); w.Session.WhenCongestedAsync(w.Adaptive); }, typeof(ObjectDisposedException), null, "QosSession"),
        new("Flows on a disposed session", w => { w.Session.Dispose(); _ = w.Session.Flows; }, typeof(ObjectDisposedException), null, "QosSession"),
        new("Dispose twice: accepted", w => { w.Session.Dispose(); w.Session.Dispose(); }, null, null, null),

        // QosException
        new("new QosException(null, 87)", w => _ = new QosException(null!, 87), typeof(ArgumentNullException), "functionName", null),
        new("new QosException(\"QOSSetFlow\", ERROR_IO_PENDING)", w => _ = new QosException("QOSSetFlow", ERROR_IO_PENDING), typeof(ArgumentOutOfRangeException), "nativeErrorCode", "not a failure"),

        // Simulator scripting
        new("InjectError(null function)", w => w.Sim.InjectError(null!, ERROR_NETWORK_BUSY), typeof(ArgumentNullException), "functionName", null),
        new("InjectError(unknown function)", w => w.Sim.InjectError("QOSFrobnicate", ERROR_NETWORK_BUSY), typeof(ArgumentException), "functionName", "Not a qWAVE entry point"),
        new("InjectError(wrong case: qossetflow)", w => w.Sim.InjectError("qossetflow", ERROR_NETWORK_BUSY), typeof(ArgumentException), "functionName", "Not a qWAVE entry point"),
        new("InjectError(code 0)", w => w.Sim.InjectError("QOSSetFlow", 0), typeof(ArgumentOutOfRangeException), "errorCode", "not failures"),
        new("InjectError(ERROR_IO_PENDING)", w => w.Sim.InjectError("QOSSetFlow", ERROR_IO_PENDING), typeof(ArgumentOutOfRangeException), "errorCode", "not failures"),
        new("InjectError(negative code)", w => w.Sim.InjectError("QOSSetFlow", -5), typeof(ArgumentOutOfRangeException), "errorCode", "1-65535"),
        new("InjectError(an HRESULT, 0x80070057)", w => w.Sim.InjectError("QOSSetFlow", unchecked((int)0x80070057)), typeof(ArgumentOutOfRangeException), "errorCode", "not an HRESULT"),
        new("InjectError(count 0)", w => w.Sim.InjectError("QOSSetFlow", ERROR_NETWORK_BUSY, 0), typeof(ArgumentOutOfRangeException), "count", "at least one call"),
        new("InjectError(count -3)", w => w.Sim.InjectError("QOSSetFlow", ERROR_NETWORK_BUSY, -3), typeof(ArgumentOutOfRangeException), "count", "at least one call"),
        new("RoundTripTime negative", w => w.Sim.RoundTripTime = TimeSpan.FromMilliseconds(-1), typeof(ArgumentOutOfRangeException), "value", "UINT32 microseconds"),
        new("RoundTripTime beyond UINT32 microseconds", w => w.Sim.RoundTripTime = TimeSpan.FromHours(2), typeof(ArgumentOutOfRangeException), "value", "UINT32 microseconds"),
        new("CallLogCapacity 0", w => w.Sim.CallLogCapacity = 0, typeof(ArgumentOutOfRangeException), "value", null),
    };


    public static IEnumerable<object[]> Rows() => Catalog.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_misuse_gets_its_documented_exception(string name)
    {
        Case row = Catalog.Single(c => c.Name == name);
        using var world = new World();
        if (row.Exception is null)
        {
            row.Act(world);
            return;
        }

        Exception e = Assert.Throws(row.Exception, () => row.Act(world));
        if (row.Parameter is not null)
        {
            Assert.Equal(row.Parameter, ((ArgumentException)e).ParamName);
        }

        if (row.Rule is not null)
        {
            Assert.Contains(row.Rule, e.Message, StringComparison.Ordinal);
        }

        if (row.NativeError is int code)
        {
            Assert.Equal(code, ((QosException)e).NativeErrorCode);
        }
    }

    [Fact]
    public void The_catalog_document_lists_every_row()
    {
        string doc = System.IO.File.ReadAllText(System.IO.Path.Combine(RepoRoot(), "docs", "runtime-bad-input.md"));
        string[] missing = Catalog.Select(c => c.Name).Where(n => !doc.Contains("| " + n.Replace("|", "\\|", StringComparison.Ordinal) + " |", StringComparison.Ordinal)).ToArray();
        Assert.True(missing.Length == 0, "docs/runtime-bad-input.md lacks: " + string.Join("; ", missing));
    }

    [Fact]
    public void Catalog_names_are_unique()
    {
        Assert.Equal(Catalog.Length, Catalog.Select(c => c.Name).Distinct().Count());
    }

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir, "QosAnalyzers.sln")))
        {
            dir = System.IO.Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("QosAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A session with one adaptive and one non-adaptive flow, a flow of another session, and sockets of every kind.</summary>
    public sealed class World : IDisposable
    {
        private readonly List<IDisposable> _owned = new();

        public World()
        {
            Sim = new QwaveSimulator { IsElevated = true };
            Session = Own(QosSession.Open(Sim));
            Other = Own(QosSession.Open(Sim));
            Udp4 = Own(Sockets.Udp4());
            Udp6 = Own(Sockets.Udp6(dualMode: false));
            Dual = Own(Sockets.Udp6(dualMode: true));
            Tcp4 = Own(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            Connected4 = Own(Sockets.ConnectedUdp4());
            Unix = Own(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified));
            Disposed = Sockets.Udp4();
            Disposed.Dispose();
            InFlow = Own(Sockets.Udp4());
            Fixed = Session.AddSocketToFlow(InFlow, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
            Adaptive = Session.AddSocketToFlow(Own(Sockets.Udp4()), Sockets.V4Peer, QosTrafficType.AudioVideo, adaptive: true);
            Foreign = Other.AddSocketToFlow(Own(Sockets.Udp4()), Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
        }

        public QwaveSimulator Sim { get; }

        public QosSession Session { get; }

        public QosSession Other { get; }

        public Socket Udp4 { get; }

        public Socket Udp6 { get; }

        public Socket Dual { get; }

        public Socket Tcp4 { get; }

        public Socket Connected4 { get; }

        public Socket Unix { get; }

        public Socket Disposed { get; }

        public Socket InFlow { get; }

        public QosFlowId Fixed { get; }

        public QosFlowId Adaptive { get; }

        public QosFlowId Foreign { get; }

        /// <summary>A TCP socket connected to a loopback listener.</summary>
        public Socket ConnectedTcp()
        {
            var listener = Own(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            Socket client = Own(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            client.Connect(listener.LocalEndPoint!);
            return client;
        }

        /// <summary>A dual-mode IPv6 socket connected to an IPv4 peer: qWAVE takes it with no destination.</summary>
        public Socket DualConnectedToV4()
        {
            Socket dual = Own(Sockets.Udp6(dualMode: true));
            dual.Connect(Sockets.V4Peer);
            return dual;
        }

        /// <summary>Waits (bounded) for a task and rethrows what ended it.</summary>
        public void Await(Task task)
        {
            if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(Bounded.Timeout))
            {
                throw new TimeoutException("The task did not end within the bound.");
            }

            task.GetAwaiter().GetResult();
        }

        private T Own<T>(T item)
            where T : IDisposable
        {
            _owned.Add(item);
            return item;
        }

        public void Dispose()
        {
            Session.Dispose();
            Other.Dispose();
            Assert.Empty(Sim.OpenHandles);
            Assert.Empty(Sim.Flows);
            foreach (IDisposable d in _owned)
            {
                d.Dispose();
            }
        }
    }
}
