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

/// <summary>QOSSetFlow, QOSQueryFlow, QOSNotifyFlow, QOSCancel, QOSEnumerateFlows and tracking, through the raw ABI.</summary>
public sealed class SimulatorOperationTests : IDisposable
{
    private readonly RawQwave _raw = new();
    private readonly Socket _udp = Sockets.Udp4();
    private readonly Socket _udp2 = Sockets.Udp4();

    public void Dispose()
    {
        _raw.Dispose();
        _udp.Dispose();
        _udp2.Dispose();
    }

    private QwaveSimulator Sim => _raw.Simulator;

    public static TheoryData<int> SetOperations() => new(Enum.GetValues<QOS_SET_FLOW>().Select(o => (int)o));

    public static TheoryData<int> QueryOperations() => new(Enum.GetValues<QOS_QUERY_FLOW>().Select(o => (int)o));

    // ---- QOSSetFlow -------------------------------------------------------------------------

    [Fact]
    public void SetFlow_changes_the_traffic_type()
    {
        uint flow = _raw.NewFlow(_udp);
        Assert.Equal(1, _raw.Set(flow, QOS_SET_FLOW.QOSSetTrafficType, QOS_TRAFFIC_TYPE.QOSTrafficTypeControl));
        Assert.Equal(QosTrafficType.Control, Sim.Flows.Single().TrafficType);
    }

    [Fact]
    public void SetFlow_with_reserved_flags_set_is_invalid()
    {
        uint flow = _raw.NewFlow(_udp);
        unsafe
        {
            var type = QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice;
            Assert.Equal(0, Sim.QOSSetFlow(_raw.Handle, flow, QOS_SET_FLOW.QOSSetTrafficType, 4, &type, 1, null));
        }

        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public void SetFlow_with_an_undefined_operation_is_invalid()
    {
        uint flow = _raw.NewFlow(_udp);
        Assert.Equal(0, _raw.Set(flow, (QOS_SET_FLOW)3, 0u));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Theory]
    [MemberData(nameof(SetOperations))]
    public unsafe void SetFlow_size_must_be_exactly_the_operations_size(int operation)
    {
        uint flow = _raw.NewFlow(_udp);
        Sim.IsElevated = true;
        uint size = (uint)QwaveCatalog.BufferContract(QwaveCatalog.QOSSetFlow, operation)!.Size!.Value;
        // The first four bytes read as a valid traffic type (Voice), DSCP (4) and rate (4 b/s) alike.
        var buffer = new QOS_FLOWRATE_OUTGOING { Bandwidth = 4 };
        foreach (uint wrong in new[] { size - 1, size + 1, 8u == size ? 16u : 8u })
        {
            Assert.Equal(0, _raw.Set(flow, (QOS_SET_FLOW)operation, buffer, wrong));
            Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        }

        Assert.Equal(1, _raw.Set(flow, (QOS_SET_FLOW)operation, buffer, size));
    }

    [Fact]
    public void SetFlow_with_a_null_buffer_is_invalid()
    {
        uint flow = _raw.NewFlow(_udp);
        unsafe
        {
            Assert.Equal(0, Sim.QOSSetFlow(_raw.Handle, flow, QOS_SET_FLOW.QOSSetTrafficType, 4, null, 0, null));
        }

        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public void SetFlow_on_a_bad_FlowId_is_invalid()
    {
        _raw.NewFlow(_udp);
        Assert.Equal(0, _raw.Set(0, QOS_SET_FLOW.QOSSetTrafficType, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, _raw.Set(999, QOS_SET_FLOW.QOSSetTrafficType, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public void SetFlow_with_an_undefined_traffic_type_shaping_or_reason_is_invalid()
    {
        uint flow = _raw.NewFlow(_udp);
        Assert.Equal(0, _raw.Set(flow, QOS_SET_FLOW.QOSSetTrafficType, (QOS_TRAFFIC_TYPE)9));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, _raw.Set(flow, QOS_SET_FLOW.QOSSetOutgoingRate, new QOS_FLOWRATE_OUTGOING { Bandwidth = 1, ShapingBehavior = (QOS_SHAPING)3 }));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, _raw.Set(flow, QOS_SET_FLOW.QOSSetOutgoingRate, new QOS_FLOWRATE_OUTGOING { Bandwidth = 1, Reason = (QOS_FLOWRATE_REASON)5 }));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public void DSCP_above_63_is_invalid()
    {
        uint flow = _raw.NewFlow(_udp);
        Sim.IsElevated = true;
        Assert.Equal(0, _raw.Set(flow, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 64u));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, _raw.Set(flow, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 0xB8u));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(1, _raw.Set(flow, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 63u));
        Assert.Equal(63, Sim.Flows.Single().Dscp);
    }

    [Fact]
    public void DSCP_without_elevation_is_access_denied_and_the_default_is_not_elevated()
    {
        uint flow = _raw.NewFlow(_udp);
        Assert.False(new QwaveSimulator().IsElevated);
        Assert.Equal(0, _raw.Set(flow, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 46u));
        Assert.Equal(ERROR_ACCESS_DENIED, RawQwave.LastError);
        Assert.Null(Sim.Flows.Single().Dscp);
    }

    [Fact]
    public void A_rate_above_the_available_bandwidth_of_an_adaptive_flow_is_network_busy()
    {
        uint adaptive = _raw.NewFlow(_udp);
        uint fixedRate = _raw.NewFlow(_udp2, adaptive: false);
        Sim.AvailableBandwidth = 2_000_000;
        var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = 3_000_000, ShapingBehavior = QOS_SHAPING.QOSShapeAndMark };
        Assert.Equal(0, _raw.Set(adaptive, QOS_SET_FLOW.QOSSetOutgoingRate, rate));
        Assert.Equal(ERROR_NETWORK_BUSY, RawQwave.LastError);
        Assert.Null(Sim.FlowsOf(_raw.Handle).Single(f => f.FlowId.Value == adaptive).OutgoingRate);

        // Non-adaptive flows run no experiments; the sentinel always fits.
        Assert.Equal(1, _raw.Set(fixedRate, QOS_SET_FLOW.QOSSetOutgoingRate, rate));
        rate.Bandwidth = QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH;
        Assert.Equal(1, _raw.Set(adaptive, QOS_SET_FLOW.QOSSetOutgoingRate, rate));
        Assert.Equal(QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH, Sim.FlowsOf(_raw.Handle).Single(f => f.FlowId.Value == adaptive).OutgoingRate);
    }

    [Fact]
    public async Task Overlapped_SetFlow_returns_pending_and_applies_on_completion()
    {
        uint flow = _raw.NewFlow(_udp);
        Sim.HoldCompletions = true;
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, _raw.Set(flow, QOS_SET_FLOW.QOSSetOutgoingRate, new QOS_FLOWRATE_OUTGOING { Bandwidth = 500_000 }, overlapped));
        Assert.Equal(ERROR_IO_PENDING, RawQwave.LastError);
        Assert.Equal(1, Sim.PendingOperationCount);
        Assert.Null(Sim.Flows.Single().OutgoingRate);

        Sim.HoldCompletions = false;

        Assert.Equal(0, await overlapped.ErrorAsync());
        Assert.Equal(500_000UL, Sim.Flows.Single().OutgoingRate);
        Assert.Equal(0, Sim.PendingOperationCount);
    }

    // ---- QOSQueryFlow -----------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(QueryOperations))]
    public unsafe void A_too_small_query_buffer_is_insufficient_and_Size_receives_the_required_bytes(int operation)
    {
        uint flow = _raw.NewFlow(_udp);
        uint required = (uint)QwaveCatalog.BufferContract(QwaveCatalog.QOSQueryFlow, operation)!.Size!.Value;
        uint size = required - 1;
        QOS_FLOW_FUNDAMENTALS buffer;
        Assert.Equal(0, Sim.QOSQueryFlow(_raw.Handle, flow, (QOS_QUERY_FLOW)operation, &size, &buffer, 0, null));
        Assert.Equal(ERROR_INSUFFICIENT_BUFFER, RawQwave.LastError);
        Assert.Equal(required, size);
        Assert.Equal(1, Sim.QOSQueryFlow(_raw.Handle, flow, (QOS_QUERY_FLOW)operation, &size, &buffer, 0, null));
        Assert.Equal(required, size);
    }

    [Fact]
    public unsafe void Query_with_a_null_Size_or_Buffer_is_invalid()
    {
        uint flow = _raw.NewFlow(_udp);
        uint size = 16;
        QOS_PACKET_PRIORITY priority;
        Assert.Equal(0, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryPacketPriority, null, &priority, 0, null));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryPacketPriority, &size, null, 0, null));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Query_flags_are_0_or_FRESH_and_FRESH_only_with_fundamentals()
    {
        uint flow = _raw.NewFlow(_udp);
        uint size = 40;
        QOS_FLOW_FUNDAMENTALS f;
        Assert.Equal(0, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &f, 2, null));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &size, &f, QOS_QUERYFLOW_FRESH, null));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(1, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &f, QOS_QUERYFLOW_FRESH, null));
    }

    [Fact]
    public unsafe void Fundamentals_report_the_scripted_path()
    {
        uint flow = _raw.NewFlow(_udp);
        Sim.BottleneckBandwidth = 100_000_000;
        Sim.AvailableBandwidth = null;
        Sim.RoundTripTime = TimeSpan.FromMilliseconds(1.5);
        uint size = 40;
        QOS_FLOW_FUNDAMENTALS f;
        Assert.Equal(1, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &f, 0, null));
        Assert.Equal((1, 100_000_000UL), (f.BottleneckBandwidthSet, f.BottleneckBandwidth));
        Assert.Equal(0, f.AvailableBandwidthSet);
        Assert.Equal((1, 1500u), (f.RTTSet, f.RTT));
        Assert.Equal(40u, size);
    }

    [Fact]
    public unsafe void Fundamentals_with_nothing_measured_are_no_data_or_retry_when_fresh()
    {
        uint flow = _raw.NewFlow(_udp);
        Sim.BottleneckBandwidth = null;
        Sim.AvailableBandwidth = null;
        Sim.RoundTripTime = null;
        uint size = 40;
        QOS_FLOW_FUNDAMENTALS f;
        Assert.Equal(0, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &f, 0, null));
        Assert.Equal(ERROR_NO_DATA, RawQwave.LastError);
        Assert.Equal(0, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &f, QOS_QUERYFLOW_FRESH, null));
        Assert.Equal(ERROR_RETRY, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Fundamentals_are_not_supported_on_a_non_adaptive_flow()
    {
        uint flow = _raw.NewFlow(_udp, adaptive: false);
        uint size = 40;
        QOS_FLOW_FUNDAMENTALS f;
        Assert.Equal(0, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &f, 0, null));
        Assert.Equal(ERROR_NOT_SUPPORTED, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Packet_priority_follows_the_traffic_type_table_with_802_1p_only_on_adaptive_flows()
    {
        uint adaptive = _raw.NewFlow(_udp, adaptive: true, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice);
        uint fixedFlow = _raw.NewFlow(_udp2, adaptive: false, QOS_TRAFFIC_TYPE.QOSTrafficTypeBackground);
        uint size = 16;
        QOS_PACKET_PRIORITY p;
        Assert.Equal(1, Sim.QOSQueryFlow(_raw.Handle, adaptive, QOS_QUERY_FLOW.QOSQueryPacketPriority, &size, &p, 0, null));
        Assert.Equal((56u, 7u), (p.ConformantDSCPValue, p.ConformantL2Value));
        Assert.Equal(1, Sim.QOSQueryFlow(_raw.Handle, fixedFlow, QOS_QUERY_FLOW.QOSQueryPacketPriority, &size, &p, 0, null));
        Assert.Equal((8u, 0u), (p.ConformantDSCPValue, p.ConformantL2Value));

        Sim.IsElevated = true;
        Assert.Equal(1, _raw.Set(fixedFlow, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 46u));
        Assert.Equal(1, Sim.QOSQueryFlow(_raw.Handle, fixedFlow, QOS_QUERY_FLOW.QOSQueryPacketPriority, &size, &p, 0, null));
        Assert.Equal(46u, p.ConformantDSCPValue);
    }

    [Fact]
    public unsafe void Outgoing_rate_query_returns_the_rate_set()
    {
        uint flow = _raw.NewFlow(_udp, adaptive: false);
        Assert.Equal(1, _raw.Set(flow, QOS_SET_FLOW.QOSSetOutgoingRate, new QOS_FLOWRATE_OUTGOING { Bandwidth = 123_456 }));
        uint size = 8;
        ulong rate;
        Assert.Equal(1, Sim.QOSQueryFlow(_raw.Handle, flow, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &size, &rate, 0, null));
        Assert.Equal(123_456UL, rate);
    }

    // ---- QOSNotifyFlow ----------------------------------------------------------------------

    [Fact]
    public void Notifications_are_not_supported_on_a_non_adaptive_flow()
    {
        uint flow = _raw.NewFlow(_udp, adaptive: false);
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, overlapped));
        Assert.Equal(ERROR_NOT_SUPPORTED, RawQwave.LastError);
        Assert.Equal(0, Sim.PendingOperationCount);
    }

    [Fact]
    public unsafe void Congested_and_uncongested_need_a_NULL_buffer()
    {
        uint flow = _raw.NewFlow(_udp);
        using PendingOverlapped overlapped = _raw.Overlapped();
        ulong bandwidth = 5_000_000;
        uint size = 8;
        Assert.Equal(0, Sim.QOSNotifyFlow(_raw.Handle, flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, &size, &bandwidth, 0, overlapped.Pointer));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, Sim.QOSNotifyFlow(_raw.Handle, flow, QOS_NOTIFY_FLOW.QOSNotifyUncongested, null, &bandwidth, 0, overlapped.Pointer));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, Sim.PendingOperationCount);
    }

    [Fact]
    public unsafe void Available_needs_an_8_byte_threshold_buffer()
    {
        uint flow = _raw.NewFlow(_udp);
        using PendingOverlapped overlapped = _raw.Overlapped();
        ulong threshold = 5_000_000;
        uint size = 4;
        Assert.Equal(0, Sim.QOSNotifyFlow(_raw.Handle, flow, QOS_NOTIFY_FLOW.QOSNotifyAvailable, &size, &threshold, 0, overlapped.Pointer));
        Assert.Equal(ERROR_INSUFFICIENT_BUFFER, RawQwave.LastError);
        Assert.Equal(8u, size);
        Assert.Equal(0, Sim.QOSNotifyFlow(_raw.Handle, flow, QOS_NOTIFY_FLOW.QOSNotifyAvailable, null, null, 0, overlapped.Pointer));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Notify_with_reserved_flags_set_is_invalid()
    {
        uint flow = _raw.NewFlow(_udp);
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, Sim.QOSNotifyFlow(_raw.Handle, flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 1, overlapped.Pointer));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public async Task A_second_pending_notification_of_the_same_type_already_exists()
    {
        uint flow = _raw.NewFlow(_udp);
        using PendingOverlapped first = _raw.Overlapped();
        using PendingOverlapped second = _raw.Overlapped();
        using PendingOverlapped available = _raw.Overlapped();
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, first));
        Assert.Equal(ERROR_IO_PENDING, RawQwave.LastError);
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, second));
        Assert.Equal(ERROR_ALREADY_EXISTS, RawQwave.LastError);

        // Another type on the same flow is fine.
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyAvailable, available, threshold: ulong.MaxValue));
        Assert.Equal(ERROR_IO_PENDING, RawQwave.LastError);
        Assert.Equal(2, Sim.PendingOperationCount);
        Assert.Equal(1, Sim.QOSCloseHandle(_raw.Handle));
        Assert.Equal(ERROR_OPERATION_ABORTED, await first.ErrorAsync());
        Assert.Equal(ERROR_OPERATION_ABORTED, await available.ErrorAsync());
    }

    [Fact]
    public async Task Turning_congestion_on_completes_a_pending_congested_notification()
    {
        uint flow = _raw.NewFlow(_udp);
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, overlapped));
        Assert.Equal(ERROR_IO_PENDING, RawQwave.LastError);
        Assert.False(overlapped.Completion.IsCompleted);
        Assert.Equal(1, Sim.PendingOperationCount);

        Sim.IsCongested = true;

        Assert.Equal(0, await overlapped.ErrorAsync());
        Assert.Equal(0, Sim.PendingOperationCount);
    }

    [Fact]
    public async Task Uncongested_fires_at_once_when_the_path_is_already_uncongested()
    {
        uint flow = _raw.NewFlow(_udp);
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyUncongested, overlapped));
        Assert.Equal(ERROR_IO_PENDING, RawQwave.LastError);
        Assert.Equal(0, await overlapped.ErrorAsync());
    }

    [Fact]
    public async Task Available_fires_only_once_the_threshold_is_met()
    {
        uint flow = _raw.NewFlow(_udp);
        Sim.AvailableBandwidth = 1_000_000;
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyAvailable, overlapped, threshold: 5_000_000));
        Assert.Equal(ERROR_IO_PENDING, RawQwave.LastError);

        Sim.AvailableBandwidth = 4_999_999;
        Assert.Equal(1, Sim.PendingOperationCount);
        Assert.False(overlapped.Completion.IsCompleted);

        Sim.AvailableBandwidth = 5_000_000;
        Assert.Equal(0, await overlapped.ErrorAsync());
    }

    [Fact]
    public void A_synchronous_notification_blocks_until_the_condition()
    {
        uint flow = _raw.NewFlow(_udp);
        int result = -1;
        int error = -1;
        var caller = new Thread(() =>
        {
            result = _raw.NotifySynchronously(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested);
            error = RawQwave.LastError;
        });
        caller.Start();
        Bounded.Until(() => Sim.PendingOperationCount == 1, "the notification is registered");
        Assert.True(caller.IsAlive);

        Sim.IsCongested = true;

        Assert.True(caller.Join(Bounded.Timeout));
        Assert.Equal((1, 0), (result, error));
    }

    [Fact]
    public void A_synchronous_notification_is_aborted_by_closing_the_handle()
    {
        uint flow = _raw.NewFlow(_udp);
        int result = -1;
        int error = -1;
        var caller = new Thread(() =>
        {
            result = _raw.NotifySynchronously(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested);
            error = RawQwave.LastError;
        });
        caller.Start();
        Bounded.Until(() => Sim.PendingOperationCount == 1, "the notification is registered");

        Assert.Equal(1, Sim.QOSCloseHandle(_raw.Handle));

        Assert.True(caller.Join(Bounded.Timeout));
        Assert.Equal((0, ERROR_OPERATION_ABORTED), (result, error));
    }

    // ---- QOSCancel --------------------------------------------------------------------------

    [Fact]
    public async Task Cancel_with_the_same_OVERLAPPED_aborts_that_operation()
    {
        uint flow = _raw.NewFlow(_udp);
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, overlapped));
        Assert.Equal(1, _raw.Cancel(overlapped));
        Assert.Equal(ERROR_OPERATION_ABORTED, await overlapped.ErrorAsync());

        // Done: the OVERLAPPED names no pending operation any more.
        Assert.Equal(0, _raw.Cancel(overlapped));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Cancel_with_a_NULL_or_unknown_OVERLAPPED_is_invalid()
    {
        using PendingOverlapped unused = _raw.Overlapped();
        Assert.Equal(0, Sim.QOSCancel(_raw.Handle, null));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, Sim.QOSCancel(_raw.Handle, unused.Pointer));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, Sim.QOSCancel(0x7777, unused.Pointer));
        Assert.Equal(ERROR_INVALID_HANDLE, RawQwave.LastError);
    }

    [Fact]
    public async Task Cancel_through_another_handle_is_invalid()
    {
        using var other = new RawQwave(Sim);
        uint flow = _raw.NewFlow(_udp);
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, _raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, overlapped));
        Assert.Equal(0, other.Cancel(overlapped));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(1, _raw.Cancel(overlapped));
        Assert.Equal(ERROR_OPERATION_ABORTED, await overlapped.ErrorAsync());
    }

    [Fact]
    public async Task A_held_SetFlow_cancelled_never_takes_effect()
    {
        uint flow = _raw.NewFlow(_udp);
        Sim.HoldCompletions = true;
        using PendingOverlapped overlapped = _raw.Overlapped();
        Assert.Equal(0, _raw.Set(flow, QOS_SET_FLOW.QOSSetTrafficType, QOS_TRAFFIC_TYPE.QOSTrafficTypeControl, overlapped));
        Assert.Equal(1, _raw.Cancel(overlapped));
        Sim.HoldCompletions = false;
        Assert.Equal(ERROR_OPERATION_ABORTED, await overlapped.ErrorAsync());
        Assert.Equal(QosTrafficType.AudioVideo, Sim.Flows.Single().TrafficType);
    }

    // ---- QOSEnumerateFlows ------------------------------------------------------------------

    [Fact]
    public unsafe void Enumerate_needs_elevation()
    {
        _raw.NewFlow(_udp);
        uint size = 64;
        uint* ids = stackalloc uint[16];
        Assert.Equal(0, Sim.QOSEnumerateFlows(_raw.Handle, &size, ids));
        Assert.Equal(ERROR_ACCESS_DENIED, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Enumerate_follows_the_size_protocol_in_bytes()
    {
        Sim.IsElevated = true;
        uint a = _raw.NewFlow(_udp);
        uint b = _raw.NewFlow(_udp2, adaptive: false);
        uint size = 0;
        Assert.Equal(0, Sim.QOSEnumerateFlows(_raw.Handle, &size, null));
        Assert.Equal(ERROR_INSUFFICIENT_BUFFER, RawQwave.LastError);
        Assert.Equal(8u, size);

        // A count (2) instead of bytes is still too small.
        uint* ids = stackalloc uint[2];
        uint count = 2;
        Assert.Equal(0, Sim.QOSEnumerateFlows(_raw.Handle, &count, ids));
        Assert.Equal(ERROR_INSUFFICIENT_BUFFER, RawQwave.LastError);

        Assert.Equal(1, Sim.QOSEnumerateFlows(_raw.Handle, &size, ids));
        Assert.Equal(8u, size);
        Assert.Equal(new[] { a, b }, new[] { ids[0], ids[1] });
        Assert.Equal(0, Sim.QOSEnumerateFlows(_raw.Handle, null, ids));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    // ---- Tracking ---------------------------------------------------------------------------

    [Fact]
    public void Tracking_ignores_the_port_and_stop_needs_a_tracked_client()
    {
        Assert.Equal(1, _raw.Track(new IPEndPoint(IPAddress.Loopback, 1), start: true));
        Assert.Equal(new[] { IPAddress.Loopback }, Sim.TrackedClients);
        Assert.Equal(1, _raw.Track(new IPEndPoint(IPAddress.Loopback, 2), start: false));
        Assert.Empty(Sim.TrackedClients);
        Assert.Equal(0, _raw.Track(new IPEndPoint(IPAddress.Loopback, 2), start: false));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Tracking_needs_an_address_and_zero_flags()
    {
        Assert.Equal(0, Sim.QOSStartTrackingClient(_raw.Handle, null, 0));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, _raw.Track(new IPEndPoint(IPAddress.IPv6Loopback, 0), start: true, flags: 1));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, _raw.Track(new IPEndPoint(IPAddress.Any, 0), start: true));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Empty(Sim.TrackedClients);
    }

    // ---- Concurrency ------------------------------------------------------------------------

    [Fact]
    public void Concurrent_raw_adds_and_removes_leave_a_consistent_state()
    {
        const int Threads = 8;
        const int Rounds = 40;
        var sockets = Enumerable.Range(0, Threads).Select(_ => Sockets.Udp4()).ToArray();
        try
        {
            Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
            {
                for (int i = 0; i < Rounds; i++)
                {
                    uint id = 0;
                    Assert.Equal(1, _raw.Add(sockets[t], Sockets.V4Peer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QOS_NON_ADAPTIVE_FLOW, ref id));
                    Assert.Equal(1, Sim.QOSRemoveSocketFromFlow(_raw.Handle, sockets[t].Handle, id, 0));
                }
            });
            Assert.Empty(Sim.Flows);
            Assert.Equal(Threads * Rounds * 2, Sim.CallLog.Count(c => c.Function is "QOSAddSocketToFlow" or "QOSRemoveSocketFromFlow" && c.ErrorCode == 0));
        }
        finally
        {
            foreach (Socket s in sockets)
            {
                s.Dispose();
            }
        }
    }
}
