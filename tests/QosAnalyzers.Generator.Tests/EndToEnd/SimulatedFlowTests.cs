// The generated wrappers against QwaveSimulator: add, rate, DSCP, fundamentals, congestion
// notifications driven by the simulator's script, and dispose order.
using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace QosAnalyzers.Generator.Tests.EndToEnd;

public sealed class SimulatedFlowTests : IDisposable
{
    private const int ErrorAccessDenied = 5;
    private const int ErrorHostUnreachable = 1232;
    private const int ErrorNetworkBusy = 54;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly IPEndPoint s_peer = new(IPAddress.Parse("192.168.1.20"), 5004);

    private readonly QwaveSimulator _simulator = new();
    private readonly QosSession _session;
    private readonly Socket _socket = NewSocket();
    private readonly Socket _second = NewSocket();

    public SimulatedFlowTests()
    {
        _session = QosSession.Open(_simulator);
    }

    public void Dispose()
    {
        _session.Dispose();
        _socket.Dispose();
        _second.Dispose();
    }

    private static Socket NewSocket() => new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    private QwaveSimulatedFlow SimulatedFlow(QosFlowId id) => _simulator.Flows.Single(f => f.FlowId == id);

    [Fact]
    public void Add_creates_a_non_adaptive_flow_with_the_attribute_settings()
    {
        _simulator.IsElevated = true;

        using VoiceFlow flow = VoiceFlow.Add(_session, _socket, s_peer);

        QwaveSimulatedFlow simulated = SimulatedFlow(flow.Id);
        Assert.False(simulated.IsAdaptive);
        Assert.Equal(QosTrafficType.Voice, simulated.TrafficType);
        Assert.Equal(2_000_000UL, simulated.OutgoingRate);
        Assert.Equal(QosShaping.ShapeAndMark, simulated.Shaping);
        Assert.Equal(46, simulated.Dscp);
        Assert.Equal(2_000_000UL, flow.QueryOutgoingRate());
        Assert.Equal(46u, flow.QueryPacketPriority().ConformantDscp);
        Assert.Equal(new[] { flow.Id }, _session.Flows);
    }

    [Fact]
    public void Add_makes_the_qwave_calls_in_order()
    {
        _simulator.IsElevated = true;
        _simulator.ClearCallLog();

        using (VoiceFlow.Add(_session, _socket, s_peer))
        {
        }

        string[] calls = _simulator.CallLog.Where(c => !c.IsCompletion).Select(c => c.Function).ToArray();
        Assert.Equal(new[] { "QOSAddSocketToFlow", "QOSSetFlow", "QOSSetFlow", "QOSRemoveSocketFromFlow" }, calls);
    }

    [Fact]
    public void Add_without_elevation_throws_the_dscp_failure_and_removes_the_half_made_flow()
    {
        QosException error = Assert.Throws<QosException>(() => VoiceFlow.Add(_session, _socket, s_peer));

        Assert.Equal("QOSSetFlow", error.FunctionName);
        Assert.Equal(ErrorAccessDenied, error.NativeErrorCode);
        Assert.Empty(_simulator.Flows);
        Assert.Empty(_session.Flows);

        // The session stays usable.
        using BulkFlow bulk = BulkFlow.Add(_session, _socket, s_peer);
        Assert.Single(_simulator.Flows);
    }

    [Fact]
    public void TryAdd_without_elevation_keeps_the_flow_and_reports_the_dscp_failure()
    {
        Assert.True(VoiceFlow.TryAdd(_session, _socket, s_peer, out VoiceFlow? flow, out QosException? error));
        using (flow)
        {
            Assert.NotNull(error);
            Assert.Equal(ErrorAccessDenied, error.NativeErrorCode);
            QwaveSimulatedFlow simulated = SimulatedFlow(flow.Id);
            Assert.Equal(QosTrafficType.Voice, simulated.TrafficType);
            Assert.Equal(2_000_000UL, simulated.OutgoingRate);
            Assert.Null(simulated.Dscp);
        }
    }

    [Fact]
    public void TryAdd_with_full_success_reports_no_error()
    {
        _simulator.IsElevated = true;
        Assert.True(VoiceFlow.TryAdd(_session, _socket, s_peer, out VoiceFlow? flow, out QosException? error));
        using (flow)
        {
            Assert.Null(error);
            Assert.Equal(46, SimulatedFlow(flow.Id).Dscp);
        }
    }

    [Fact]
    public void TryAdd_returns_false_with_the_error_when_the_socket_cannot_be_added()
    {
        _simulator.InjectError("QOSAddSocketToFlow", ErrorHostUnreachable);

        Assert.False(BulkFlow.TryAdd(_session, _socket, s_peer, out BulkFlow? flow, out QosException? error));
        Assert.Null(flow);
        Assert.Equal(ErrorHostUnreachable, error.NativeErrorCode);
        Assert.Equal("QOSAddSocketToFlow", error.FunctionName);
        Assert.Empty(_simulator.Flows);
    }

    [Fact]
    public void Rate_and_dscp_can_be_changed_after_add()
    {
        _simulator.IsElevated = true;
        using BulkFlow flow = BulkFlow.Add(_session, _socket, s_peer);

        flow.SetOutgoingRate(5_000_000, QosShaping.ShapeOnly, QosFlowRateReason.ContentChange);
        flow.SetOutgoingDscp(10);

        QwaveSimulatedFlow simulated = SimulatedFlow(flow.Id);
        Assert.Equal(5_000_000UL, simulated.OutgoingRate);
        Assert.Equal(QosShaping.ShapeOnly, simulated.Shaping);
        Assert.Equal(10, simulated.Dscp);
        Assert.Equal(5_000_000UL, flow.QueryOutgoingRate());
        Assert.Equal(10u, flow.QueryPacketPriority().ConformantDscp);
        Assert.Throws<ArgumentOutOfRangeException>(() => flow.SetOutgoingDscp(64));
    }

    [Fact]
    public void TrySetOutgoingDscp_reports_access_denied_without_throwing()
    {
        using BulkFlow flow = BulkFlow.Add(_session, _socket, s_peer);

        Assert.False(flow.TrySetOutgoingDscp(46, out QosException? error));
        Assert.Equal(ErrorAccessDenied, error.NativeErrorCode);

        _simulator.IsElevated = true;
        Assert.True(flow.TrySetOutgoingDscp(46, out error));
        Assert.Null(error);
        Assert.Equal(46, SimulatedFlow(flow.Id).Dscp);
    }

    [Fact]
    public void Nested_flow_applies_its_rate_with_the_given_shaping()
    {
        using Transport.ControlFlow flow = Transport.ControlFlow.Add(_session, _socket, s_peer);

        QwaveSimulatedFlow simulated = SimulatedFlow(flow.Id);
        Assert.Equal(QosTrafficType.Control, simulated.TrafficType);
        Assert.Equal(64_000UL, simulated.OutgoingRate);
        Assert.Equal(QosShaping.ShapeOnly, simulated.Shaping);
    }

    [Fact]
    public void Non_adaptive_flow_carries_several_sockets()
    {
        using BulkFlow flow = BulkFlow.Add(_session, _socket, s_peer);

        flow.AddSocket(_second, new IPEndPoint(IPAddress.Parse("192.168.1.21"), 5004));
        Assert.Equal(2, SimulatedFlow(flow.Id).Sockets.Count);

        flow.RemoveSocket(_second);
        Assert.Equal(new[] { _socket.Handle }, SimulatedFlow(flow.Id).Sockets);
        Assert.StartsWith("bulk flow ", flow.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Adaptive_flow_reports_the_scripted_fundamentals()
    {
        _simulator.BottleneckBandwidth = 100_000_000;
        _simulator.AvailableBandwidth = 40_000_000;
        _simulator.RoundTripTime = TimeSpan.FromMilliseconds(3);
        using VideoFlow flow = VideoFlow.Add(_session, _socket, s_peer);

        Assert.True(SimulatedFlow(flow.Id).IsAdaptive);
        QosFlowFundamentals fundamentals = flow.QueryFundamentals();
        Assert.Equal(100_000_000UL, fundamentals.BottleneckBandwidth);
        Assert.Equal(40_000_000UL, fundamentals.AvailableBandwidth);
        Assert.Equal(TimeSpan.FromMilliseconds(3), fundamentals.RoundTripTime);

        // Estimates not gathered yet come back as null, not as zero.
        _simulator.AvailableBandwidth = null;
        Assert.Null(flow.QueryFundamentals(fresh: true).AvailableBandwidth);
    }

    [Fact]
    public async Task Congestion_notifications_follow_the_simulated_network()
    {
        using VideoFlow flow = VideoFlow.Add(_session, _socket, s_peer);

        Task congested = flow.WhenCongestedAsync();
        Assert.False(congested.IsCompleted);
        _simulator.IsCongested = true;
        await congested.WaitAsync(s_timeout);

        Task uncongested = flow.WhenUncongestedAsync();
        Assert.False(uncongested.IsCompleted);
        _simulator.IsCongested = false;
        await uncongested.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task Available_notification_completes_when_the_threshold_is_met()
    {
        _simulator.AvailableBandwidth = 1_000_000;
        using VideoFlow flow = VideoFlow.Add(_session, _socket, s_peer);

        Task available = flow.WhenAvailableAsync(10_000_000);
        Assert.False(available.IsCompleted);
        _simulator.AvailableBandwidth = 20_000_000;
        await available.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task Rate_above_the_available_bandwidth_is_network_busy_and_recovers_after_notification()
    {
        _simulator.AvailableBandwidth = 1_000_000;
        using VideoFlow flow = VideoFlow.Add(_session, _socket, s_peer);

        QosException busy = Assert.Throws<QosException>(() => flow.SetOutgoingRate(5_000_000));
        Assert.Equal(ErrorNetworkBusy, busy.NativeErrorCode);

        Task available = flow.WhenAvailableAsync(5_000_000);
        _simulator.AvailableBandwidth = 50_000_000;
        await available.WaitAsync(s_timeout);
        flow.SetOutgoingRate(5_000_000, QosShaping.ShapeAndMark, QosFlowRateReason.ContentChange);
        Assert.Equal(5_000_000UL, flow.QueryOutgoingRate());
    }

    [Fact]
    public async Task Cancelling_a_notification_cancels_the_task()
    {
        using VideoFlow flow = VideoFlow.Add(_session, _socket, s_peer);
        using var cancellation = new CancellationTokenSource();

        Task congested = flow.WhenCongestedAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => congested.WaitAsync(s_timeout));
        Assert.Equal(0, _simulator.PendingOperationCount);
    }

    [Fact]
    public void Dispose_removes_the_flow_and_leaves_the_session_usable()
    {
        BulkFlow flow = BulkFlow.Add(_session, _socket, s_peer);
        QosFlowId id = flow.Id;

        flow.Dispose();
        flow.Dispose();

        Assert.Empty(_simulator.Flows);
        Assert.DoesNotContain(id, _session.Flows);
        Assert.Throws<ObjectDisposedException>(() => flow.QueryOutgoingRate());
        Assert.Throws<ObjectDisposedException>(() => flow.SetOutgoingRate(1));
        using BulkFlow next = BulkFlow.Add(_session, _socket, s_peer);
        Assert.Single(_simulator.Flows);
    }

    [Fact]
    public async Task DisposeAsync_removes_the_flow()
    {
        VideoFlow flow = VideoFlow.Add(_session, _socket, s_peer);
        await flow.DisposeAsync();

        Assert.Empty(_simulator.Flows);
        Assert.Throws<ObjectDisposedException>(() => flow.QueryFundamentals());
    }

    [Fact]
    public async Task Disposing_the_session_first_cancels_pending_waits_and_flow_dispose_is_then_a_no_op()
    {
        VideoFlow flow = VideoFlow.Add(_session, _socket, s_peer);
        Task congested = flow.WhenCongestedAsync();

        await _session.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => congested.WaitAsync(s_timeout));
        Assert.Empty(_simulator.Flows);
        Assert.Empty(_simulator.OpenHandles);
        flow.Dispose();
        Assert.Throws<ObjectDisposedException>(() => flow.QueryOutgoingRate());
    }

    [Fact]
    public void Flow_dispose_after_a_power_event_does_not_throw()
    {
        BulkFlow flow = BulkFlow.Add(_session, _socket, s_peer);
        _simulator.SimulatePowerEvent();

        // The subsystem reset already invalidated the flow (ERROR_DEVICE_REINITIALIZATION_NEEDED).
        flow.Dispose();
        QosException error = Assert.Throws<QosException>(() => BulkFlow.Add(_session, _socket, s_peer));
        Assert.True(error.RequiresNewSession);
    }
}
