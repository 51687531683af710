using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Catalog;
using QosAnalyzers.Interop;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>QosSession over the simulator: the same code that runs over qwave.dll.</summary>
public sealed class SessionTests : IDisposable
{
    private readonly QwaveSimulator _sim = new();
    private readonly QosSession _session;
    private readonly Socket _udp = Sockets.Udp4();
    private readonly Socket _udp2 = Sockets.Udp4();

    public SessionTests() => _session = QosSession.Open(_sim);

    public void Dispose()
    {
        _session.Dispose();
        _udp.Dispose();
        _udp2.Dispose();
    }

    private QosFlowId AddAdaptive() => _session.AddSocketToFlow(_udp, Sockets.V4Peer, QosTrafficType.AudioVideo, adaptive: true);

    [Fact]
    public void Open_creates_one_handle_and_dispose_closes_it()
    {
        var sim = new QwaveSimulator();
        QosSession session = QosSession.Open(sim);
        Assert.Same(sim, session.Backend);
        Assert.Single(sim.OpenHandles);
        session.Dispose();
        Assert.Empty(sim.OpenHandles);
        Assert.True(session.IsDisposed);
    }

    [Fact]
    public void Open_without_a_backend_marks_through_socket_options_off_Windows()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using QosSession session = QosSession.Open();
        Assert.IsType<SocketOptionsBackend>(session.Backend);
        Assert.Equal("socket options", session.Backend.Name);
    }

    [Fact]
    public void Open_reports_a_failed_create_as_a_QosException()
    {
        var sim = new QwaveSimulator();
        sim.InjectError("QOSCreateHandle", ERROR_RESOURCE_DISABLED);
        QosException e = Assert.Throws<QosException>(() => QosSession.Open(sim));
        Assert.Equal("QOSCreateHandle", e.FunctionName);
        Assert.Equal(ERROR_RESOURCE_DISABLED, e.NativeErrorCode);
        Assert.Empty(sim.OpenHandles);
    }

    [Fact]
    public void Adding_a_socket_creates_a_flow_of_the_requested_kind()
    {
        QosFlowId adaptive = AddAdaptive();
        QosFlowId fixedFlow = _session.AddSocketToFlow(_udp2, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
        Assert.Equal(new[] { adaptive, fixedFlow }, _session.Flows);
        Assert.True(_session.IsAdaptive(adaptive));
        Assert.False(_session.IsAdaptive(fixedFlow));
        QwaveSimulatedFlow simulated = _sim.Flows.Single(f => f.FlowId == fixedFlow);
        Assert.False(simulated.IsAdaptive);
        Assert.Equal(QosTrafficType.Voice, simulated.TrafficType);
        Assert.Equal(new[] { _udp2.Handle }, simulated.Sockets);
    }

    [Fact]
    public void A_connected_socket_needs_no_destination_and_IPv6_works()
    {
        using Socket connected = Sockets.ConnectedUdp4();
        using Socket v6 = Sockets.Udp6(dualMode: true);
        _session.AddSocketToFlow(connected, null, QosTrafficType.Voice, adaptive: false);
        _session.AddSocketToFlow(v6, Sockets.V6Peer, QosTrafficType.Voice, adaptive: false);
        Assert.Equal(2, _sim.Flows.Count);
    }

    [Fact]
    public void A_TCP_connection_can_carry_a_flow()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        QosFlowId flow = _session.AddSocketToFlow(client, (IPEndPoint)listener.LocalEndpoint, QosTrafficType.ExcellentEffort, adaptive: true);
        Assert.True(_session.IsAdaptive(flow));
    }

    [Fact]
    public void Bad_inputs_throw_clear_argument_exceptions_before_any_native_call()
    {
        _sim.ClearCallLog();
        using Socket dual = Sockets.Udp6(dualMode: true);
        Assert.Throws<ArgumentNullException>("socket", () => _session.AddSocketToFlow(null!, Sockets.V4Peer, QosTrafficType.Voice, false));
        ArgumentException unconnected = Assert.Throws<ArgumentException>("destination", () => _session.AddSocketToFlow(_udp, null, QosTrafficType.Voice, false));
        Assert.Contains("not connected", unconnected.Message, StringComparison.Ordinal);
        ArgumentException noPort = Assert.Throws<ArgumentException>("destination", () => _session.AddSocketToFlow(_udp, new IPEndPoint(IPAddress.Loopback, 0), QosTrafficType.Voice, false));
        Assert.Contains("port", noPort.Message, StringComparison.Ordinal);
        ArgumentException mixed = Assert.Throws<ArgumentException>("destination", () => _session.AddSocketToFlow(dual, Sockets.V4Peer, QosTrafficType.Voice, false));
        Assert.Contains("does not mix IPv4 and IPv6", mixed.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("destination", () => _session.AddSocketToFlow(dual, new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 5004), QosTrafficType.Voice, false));
        Assert.Throws<ArgumentException>("destination", () => _session.AddSocketToFlow(_udp, Sockets.V6Peer, QosTrafficType.Voice, false));
        Assert.Throws<ArgumentOutOfRangeException>("trafficType", () => _session.AddSocketToFlow(_udp, Sockets.V4Peer, (QosTrafficType)6, false));
        Assert.Throws<ArgumentException>("flowId", () => _session.AddSocketToExistingFlow(default, _udp, Sockets.V4Peer, QosTrafficType.Voice));
        QosFlowId flow = AddAdaptive();
        _sim.ClearCallLog();
        Assert.Throws<ArgumentOutOfRangeException>("dscp", () => _session.SetOutgoingDscp(flow, 64));
        Assert.Throws<ArgumentOutOfRangeException>("dscp", () => _session.TrySetOutgoingDscp(flow, -1, out _));
        Assert.Throws<ArgumentOutOfRangeException>("shaping", () => _session.SetOutgoingRate(flow, 1, (QosShaping)7));
        Assert.Throws<ArgumentNullException>("client", () => _session.StartTrackingClient(null!));
        Assert.Empty(_sim.CallLog);
    }

    [Fact]
    public void A_closed_socket_is_reported_as_disposed()
    {
        var closed = Sockets.Udp4();
        QosFlowId flow = _session.AddSocketToFlow(closed, Sockets.V4Peer, QosTrafficType.Voice, false);
        closed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _session.AddSocketToFlow(closed, Sockets.V4Peer, QosTrafficType.Voice, false));
        ObjectDisposedException e = Assert.Throws<ObjectDisposedException>(() => _session.RemoveSocketFromFlow(flow, closed));
        Assert.Contains("RemoveFlow", e.Message, StringComparison.Ordinal);
        _session.RemoveFlow(flow);
        Assert.Empty(_sim.Flows);
    }

    [Fact]
    public void Native_refusals_surface_as_QosException_with_the_catalog_meaning()
    {
        QosFlowId first = AddAdaptive();
        QosException e = Assert.Throws<QosException>(() => _session.AddSocketToExistingFlow(first, _udp2, Sockets.V4Peer, QosTrafficType.Voice));
        Assert.Equal("QOSAddSocketToFlow", e.FunctionName);
        Assert.Equal(ERROR_NOT_SUPPORTED, e.NativeErrorCode);
        Assert.Equal("ERROR_NOT_SUPPORTED", e.ErrorName);
        Assert.Equal(QwaveCatalog.Describe("QOSAddSocketToFlow", ERROR_NOT_SUPPORTED), e.Meaning);
        Assert.Equal($"QOSAddSocketToFlow failed with ERROR_NOT_SUPPORTED (50): {e.Meaning} Flow {first} is adaptive, and an adaptive flow carries exactly one socket; add the socket to a new flow.", e.Message);
        Assert.False(e.RequiresNewSession);
    }

    [Fact]
    public void Several_sockets_share_a_non_adaptive_flow_and_leave_it_one_by_one()
    {
        QosFlowId flow = _session.AddSocketToFlow(_udp, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
        _session.AddSocketToExistingFlow(flow, _udp2, Sockets.V4Peer, QosTrafficType.Voice);
        Assert.Equal(2, _sim.Flows.Single().Sockets.Count);
        _session.RemoveSocketFromFlow(flow, _udp);
        Assert.Equal(new[] { flow }, _session.Flows);
        _session.RemoveSocketFromFlow(flow, _udp2);
        Assert.Empty(_session.Flows);
        Assert.Empty(_sim.Flows);
        Assert.Throws<ArgumentException>(() => _session.IsAdaptive(flow));
    }

    [Fact]
    public void Removing_an_unknown_flow_is_not_found()
    {
        QosException e = Assert.Throws<QosException>(() => _session.RemoveFlow(new QosFlowId(4242)));
        Assert.Equal(ERROR_NOT_FOUND, e.NativeErrorCode);
    }

    [Fact]
    public void TryAdd_reports_a_native_failure_without_throwing()
    {
        _sim.InjectError("QOSAddSocketToFlow", ERROR_HOST_UNREACHABLE);
        Assert.False(_session.TryAddSocketToFlow(_udp, Sockets.V4Peer, QosTrafficType.Voice, false, out QosFlowId flow, out QosException? error));
        Assert.Equal(default, flow);
        Assert.Equal(ERROR_HOST_UNREACHABLE, error!.NativeErrorCode);
        Assert.True(_session.TryAddSocketToFlow(_udp, Sockets.V4Peer, QosTrafficType.Voice, false, out flow, out error));
        Assert.Null(error);
        Assert.Equal(new[] { flow }, _session.Flows);
    }

    [Fact]
    public void Set_and_query_round_trip_through_the_native_buffers()
    {
        QosFlowId flow = _session.AddSocketToFlow(_udp, Sockets.V4Peer, QosTrafficType.Background, adaptive: false);
        _session.SetTrafficType(flow, QosTrafficType.Voice);
        _session.SetOutgoingRate(flow, 2_000_000, QosShaping.ShapeOnly, QosFlowRateReason.ContentChange);
        Assert.Equal(2_000_000UL, _session.QueryOutgoingRate(flow));
        Assert.Equal(new QosPacketPriority(56, 0, 0, 0), _session.QueryPacketPriority(flow));
        QwaveSimulatedFlow simulated = _sim.Flows.Single();
        Assert.Equal((QosTrafficType.Voice, QosShaping.ShapeOnly), (simulated.TrafficType, simulated.Shaping));
    }

    [Fact]
    public void DSCP_needs_elevation_and_the_Try_form_reports_access_denied()
    {
        QosFlowId flow = AddAdaptive();
        Assert.False(_session.TrySetOutgoingDscp(flow, 46, out QosException? error));
        Assert.Equal(ERROR_ACCESS_DENIED, error!.NativeErrorCode);
        Assert.Throws<QosException>(() => _session.SetOutgoingDscp(flow, 46));
        _sim.IsElevated = true;
        _session.SetOutgoingDscp(flow, 46);
        Assert.Equal(46u, _session.QueryPacketPriority(flow).ConformantDscp);
    }

    [Fact]
    public void A_rate_the_path_lacks_is_network_busy()
    {
        QosFlowId flow = AddAdaptive();
        _sim.AvailableBandwidth = 1_000_000;
        Assert.False(_session.TrySetOutgoingRate(flow, 5_000_000, QosShaping.ShapeAndMark, QosFlowRateReason.NotApplicable, out QosException? error));
        Assert.Equal("ERROR_NETWORK_BUSY", error!.ErrorName);
        Assert.Contains("without priority marks", error.Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fundamentals_are_read_synchronously_and_overlapped()
    {
        QosFlowId flow = AddAdaptive();
        _sim.BottleneckBandwidth = 100_000_000;
        _sim.AvailableBandwidth = 60_000_000;
        _sim.RoundTripTime = TimeSpan.FromMicroseconds(750);
        var expected = new QosFlowFundamentals(100_000_000, 60_000_000, TimeSpan.FromMicroseconds(750));
        Assert.Equal(expected, _session.QueryFundamentals(flow));
        Assert.Equal(expected, await _session.QueryFundamentalsAsync(flow, fresh: true).Within());

        _sim.RoundTripTime = null;
        Assert.Null((await _session.QueryFundamentalsAsync(flow).Within()).RoundTripTime);
    }

    [Fact]
    public async Task Fundamentals_of_a_non_adaptive_flow_fail_with_not_supported()
    {
        QosFlowId flow = _session.AddSocketToFlow(_udp, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
        Assert.Equal(ERROR_NOT_SUPPORTED, Assert.Throws<QosException>(() => _session.QueryFundamentals(flow)).NativeErrorCode);
        QosException e = await Assert.ThrowsAsync<QosException>(() => _session.QueryFundamentalsAsync(flow).Within());
        Assert.Equal(ERROR_NOT_SUPPORTED, e.NativeErrorCode);
        Assert.Equal(0, _sim.PendingOperationCount);
    }

    [Fact]
    public async Task An_overlapped_rate_completes_and_applies()
    {
        QosFlowId flow = AddAdaptive();
        await _session.SetOutgoingRateAsync(flow, 3_000_000).Within();
        Assert.Equal(3_000_000UL, _session.QueryOutgoingRate(flow));
        Assert.Contains(_sim.CallLog, c => c.Function == "QOSSetFlow" && c.ErrorCode == ERROR_IO_PENDING);
    }

    [Fact]
    public async Task An_overlapped_failure_at_completion_faults_the_task()
    {
        QosFlowId flow = AddAdaptive();
        _sim.AvailableBandwidth = 1;
        QosException e = await Assert.ThrowsAsync<QosException>(() => _session.SetOutgoingRateAsync(flow, 3_000_000).Within());
        Assert.Equal(ERROR_NETWORK_BUSY, e.NativeErrorCode);
    }

    [Fact]
    public async Task Congestion_notifications_follow_the_scripted_network()
    {
        QosFlowId flow = AddAdaptive();
        Task congested = _session.WhenCongestedAsync(flow);
        Assert.Equal(1, _sim.PendingOperationCount);
        Assert.False(congested.IsCompleted);

        _sim.IsCongested = true;
        await congested.Within();

        Task uncongested = _session.WhenUncongestedAsync(flow);
        Assert.False(uncongested.IsCompleted);
        _sim.IsCongested = false;
        await uncongested.Within();

        // Already uncongested: fires at once.
        await _session.WhenUncongestedAsync(flow).Within();
    }

    [Fact]
    public async Task Available_completes_when_the_path_has_the_bandwidth()
    {
        QosFlowId flow = AddAdaptive();
        _sim.AvailableBandwidth = 1_000_000;
        Task available = _session.WhenAvailableAsync(flow, 10_000_000);
        _sim.AvailableBandwidth = 9_000_000;
        Assert.False(available.IsCompleted);
        _sim.AvailableBandwidth = 12_000_000;
        await available.Within();
    }

    [Fact]
    public async Task A_duplicate_notification_faults_with_already_exists()
    {
        QosFlowId flow = AddAdaptive();
        Task first = _session.WhenCongestedAsync(flow);
        QosException e = await Assert.ThrowsAsync<QosException>(() => _session.WhenCongestedAsync(flow).Within());
        Assert.Equal(ERROR_ALREADY_EXISTS, e.NativeErrorCode);
        Assert.False(first.IsCompleted);
        Assert.Equal(1, _sim.PendingOperationCount);
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_through_QOSCancel()
    {
        QosFlowId flow = AddAdaptive();
        using var cts = new CancellationTokenSource();
        Task congested = _session.WhenCongestedAsync(flow, cts.Token);
        await cts.CancelAsync();
        TaskCanceledException e = await Assert.ThrowsAsync<TaskCanceledException>(() => congested.Within());
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Contains(_sim.CallLog, c => c.Function == "QOSCancel" && c.ErrorCode == 0);
        Assert.Contains(_sim.CallLog, c => c.Function == "QOSNotifyFlow" && c.IsCompletion && c.ErrorCode == ERROR_OPERATION_ABORTED);
        Assert.Equal(0, _sim.PendingOperationCount);

        // The flow can be watched again.
        Task again = _session.WhenCongestedAsync(flow);
        _sim.IsCongested = true;
        await again.Within();
    }

    [Fact]
    public async Task A_held_overlapped_rate_cancelled_by_token_never_applies()
    {
        QosFlowId flow = AddAdaptive();
        _sim.HoldCompletions = true;
        using var cts = new CancellationTokenSource();
        Task set = _session.SetOutgoingRateAsync(flow, 1_000_000, cancellationToken: cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAsync<TaskCanceledException>(() => set.Within());
        _sim.HoldCompletions = false;
        Assert.Equal(0UL, _session.QueryOutgoingRate(flow));
    }

    [Fact]
    public void An_already_cancelled_token_makes_no_native_call()
    {
        QosFlowId flow = AddAdaptive();
        _sim.ClearCallLog();
        Task task = _session.WhenCongestedAsync(flow, new CancellationToken(canceled: true));
        Assert.True(task.IsCanceled);
        Assert.Empty(_sim.CallLog);
    }

    [Fact]
    public async Task Injected_reinitialization_needed_asks_for_a_new_session()
    {
        QosFlowId flow = AddAdaptive();
        _sim.InjectError("QOSSetFlow", ERROR_DEVICE_REINITIALIZATION_NEEDED);
        QosException e = Assert.Throws<QosException>(() => _session.SetTrafficType(flow, QosTrafficType.Voice));
        Assert.True(e.RequiresNewSession);
        Assert.Equal("ERROR_DEVICE_REINITIALIZATION_NEEDED", e.ErrorName);
        Assert.Contains("create a new one", e.Meaning, StringComparison.Ordinal);

        Task congested = _session.WhenCongestedAsync(flow);
        _sim.SimulatePowerEvent();
        QosException pending = await Assert.ThrowsAsync<QosException>(() => congested.Within());
        Assert.True(pending.RequiresNewSession);
    }

    [Fact]
    public void After_qWAVE_dropped_every_flow_re_adding_a_socket_asks_for_a_new_session()
    {
        using Socket socket = Sockets.Udp4();
        QosFlowId flow = _session.AddSocketToFlow(socket, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
        _sim.SimulatePowerEvent();
        QosException removal = Assert.Throws<QosException>(() => _session.RemoveFlow(flow));
        Assert.True(removal.RequiresNewSession);

        QosException again = Assert.Throws<QosException>(() => _session.AddSocketToFlow(socket, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false));

        Assert.True(again.RequiresNewSession);
        Assert.Contains("open a new one", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removal_qWAVE_answers_with_not_found_forgets_the_flow()
    {
        QosFlowId flow = AddAdaptive();
        _sim.InjectError("QOSRemoveSocketFromFlow", ERROR_NOT_FOUND);

        Assert.Throws<QosException>(() => _session.RemoveFlow(flow));

        Assert.DoesNotContain(flow, _session.Flows);
    }

    [Fact]
    public void A_removal_refused_for_another_reason_keeps_the_flow()
    {
        QosFlowId flow = AddAdaptive();
        _sim.InjectError("QOSRemoveSocketFromFlow", ERROR_NOT_ENOUGH_MEMORY);

        Assert.Throws<QosException>(() => _session.RemoveFlow(flow));

        Assert.Contains(flow, _session.Flows);
    }

    [Fact]
    public void Gen_failure_also_asks_for_a_new_session_and_IO_PENDING_is_never_an_exception()
    {
        Assert.True(new QosException("QOSCreateHandle", ERROR_GEN_FAILURE).RequiresNewSession);
        Assert.False(new QosException("QOSSetFlow", ERROR_NETWORK_BUSY).RequiresNewSession);
        Assert.Throws<ArgumentOutOfRangeException>(() => new QosException("QOSSetFlow", ERROR_IO_PENDING));
    }

    [Fact]
    public void Tracking_is_forwarded_and_stopped_by_dispose()
    {
        _session.StartTrackingClient(IPAddress.Loopback);
        _session.StartTrackingClient(IPAddress.IPv6Loopback);
        _session.StopTrackingClient(IPAddress.IPv6Loopback);
        Assert.Equal(new[] { IPAddress.Loopback }, _sim.TrackedClients);
        Assert.Equal(ERROR_INVALID_PARAMETER, Assert.Throws<QosException>(() => _session.StopTrackingClient(IPAddress.IPv6Loopback)).NativeErrorCode);
        _session.Dispose();
        Assert.Empty(_sim.TrackedClients);
        QwaveCallRecord[] log = _sim.CallLog.ToArray();
        Assert.True(Array.FindLastIndex(log, c => c.Function == "QOSStopTrackingClient" && c.ErrorCode == 0) < Array.FindIndex(log, c => c.Function == "QOSCloseHandle"));
    }

    [Fact]
    public void Enumerate_needs_elevation_and_handles_the_size_protocol()
    {
        Assert.Equal(ERROR_ACCESS_DENIED, Assert.Throws<QosException>(() => _session.EnumerateFlows()).NativeErrorCode);
        _sim.IsElevated = true;
        Assert.Empty(_session.EnumerateFlows());
        QosFlowId a = AddAdaptive();
        QosFlowId b = _session.AddSocketToFlow(_udp2, Sockets.V4Peer, QosTrafficType.Voice, false);
        using QosSession other = QosSession.Open(_sim);
        using Socket third = Sockets.Udp4();
        QosFlowId c = other.AddSocketToFlow(third, Sockets.V4Peer, QosTrafficType.Voice, false);
        Assert.Equal(new[] { a, b, c }, _session.EnumerateFlows());
        Assert.Contains(_sim.CallLog, r => r.Function == "QOSEnumerateFlows" && r.ErrorCode == ERROR_INSUFFICIENT_BUFFER);
    }
}
