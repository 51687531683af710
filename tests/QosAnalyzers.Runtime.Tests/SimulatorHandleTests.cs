using System.Linq;
using System.Net;
using System.Threading.Tasks;
using QosAnalyzers.Interop;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>QOSCreateHandle, QOSCloseHandle and injected failures, through the raw ABI.</summary>
public class SimulatorHandleTests
{
    [Fact]
    public unsafe void Version_1_0_creates_an_open_handle()
    {
        var sim = new QwaveSimulator();
        var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
        nint handle = 0;
        Assert.Equal(1, sim.QOSCreateHandle(&version, &handle));
        Assert.NotEqual(0, handle);
        Assert.Equal(new[] { handle }, sim.OpenHandles);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5)]
    [InlineData(2, 0)]
    [InlineData(1, 1)]
    public unsafe void Any_version_but_1_0_is_an_invalid_parameter(ushort major, ushort minor)
    {
        var sim = new QwaveSimulator();
        var version = new QOS_VERSION { MajorVersion = major, MinorVersion = minor };
        nint handle = 0;
        Assert.Equal(0, sim.QOSCreateHandle(&version, &handle));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, handle);
        Assert.Empty(sim.OpenHandles);
    }

    [Fact]
    public unsafe void Null_version_or_null_handle_pointer_is_an_invalid_parameter()
    {
        var sim = new QwaveSimulator();
        var version = new QOS_VERSION { MajorVersion = 1 };
        nint handle;
        Assert.Equal(0, sim.QOSCreateHandle(null, &handle));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        Assert.Equal(0, sim.QOSCreateHandle(&version, null));
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0x7777)]
    public unsafe void Closing_a_null_or_bogus_handle_fails_with_invalid_handle_as_Windows_does(long value)
    {
        var sim = new QwaveSimulator();
        Assert.Equal(0, sim.QOSCloseHandle((nint)value));
        Assert.Equal(ERROR_INVALID_HANDLE, RawQwave.LastError);
    }

    [Fact]
    public unsafe void A_handle_closes_once_and_then_is_invalid_for_every_call()
    {
        var sim = new QwaveSimulator();
        nint h = RawQwave.CreateHandle(sim);
        Assert.Equal(1, sim.QOSCloseHandle(h));
        Assert.Equal(0, sim.QOSCloseHandle(h));
        Assert.Equal(ERROR_INVALID_HANDLE, RawQwave.LastError);
        Assert.Equal(0, sim.QOSRemoveSocketFromFlow(h, 0, 1, 0));
        Assert.Equal(ERROR_INVALID_HANDLE, RawQwave.LastError);
        Assert.Empty(sim.OpenHandles);
    }

    [Fact]
    public unsafe void A_handle_of_another_simulator_is_invalid()
    {
        var a = new QwaveSimulator();
        var b = new QwaveSimulator();
        nint h = RawQwave.CreateHandle(a);
        Assert.Equal(0, b.QOSCloseHandle(h));
        Assert.Equal(ERROR_INVALID_HANDLE, RawQwave.LastError);
    }

    [Fact]
    public async Task Close_removes_every_flow_stops_tracking_and_aborts_pending_operations()
    {
        using var udp1 = Sockets.Udp4();
        using var udp2 = Sockets.Udp4();
        var raw = new RawQwave();
        uint adaptive = raw.NewFlow(udp1);
        raw.NewFlow(udp2, adaptive: false);
        Assert.Equal(1, raw.Track(new IPEndPoint(IPAddress.Loopback, 0), start: true));

        using PendingOverlapped congested = raw.Overlapped();
        Assert.Equal(0, raw.Notify(adaptive, QOS_NOTIFY_FLOW.QOSNotifyCongested, congested));
        Assert.Equal(ERROR_IO_PENDING, RawQwave.LastError);
        Assert.Equal(2, raw.Simulator.FlowsOf(raw.Handle).Count);
        Assert.Single(raw.Simulator.TrackedClients);

        Assert.Equal(1, raw.Simulator.QOSCloseHandle(raw.Handle));

        Assert.Equal(ERROR_OPERATION_ABORTED, await congested.ErrorAsync());
        Assert.Empty(raw.Simulator.Flows);
        Assert.Empty(raw.Simulator.TrackedClients);
        Assert.Equal(0, raw.Simulator.PendingOperationCount);
        Assert.Empty(raw.Simulator.OpenHandles);
    }

    [Fact]
    public unsafe void Injected_error_fails_the_next_calls_of_that_function_only()
    {
        var sim = new QwaveSimulator();
        sim.InjectError("QOSCreateHandle", ERROR_SERVICE_DEPENDENCY_FAIL, count: 2);
        var version = new QOS_VERSION { MajorVersion = 1 };
        nint h;
        Assert.Equal(0, sim.QOSCreateHandle(&version, &h));
        Assert.Equal(ERROR_SERVICE_DEPENDENCY_FAIL, RawQwave.LastError);
        Assert.Equal(0, sim.QOSCreateHandle(&version, &h));
        Assert.Equal(ERROR_SERVICE_DEPENDENCY_FAIL, RawQwave.LastError);
        Assert.Equal(1, sim.QOSCreateHandle(&version, &h));
        Assert.Equal(0, RawQwave.LastError);
    }

    [Fact]
    public unsafe void Injecting_a_non_failure_or_an_unknown_function_is_refused()
    {
        var sim = new QwaveSimulator();
        Assert.Throws<System.ArgumentOutOfRangeException>(() => sim.InjectError("QOSSetFlow", ERROR_IO_PENDING));
        Assert.Throws<System.ArgumentOutOfRangeException>(() => sim.InjectError("QOSSetFlow", 0));
        Assert.Throws<System.ArgumentException>(() => sim.InjectError("QosSetFlow", ERROR_NETWORK_BUSY));
    }

    [Fact]
    public async Task A_power_event_makes_old_handles_need_reinitialization_while_new_ones_work()
    {
        using var udp = Sockets.Udp4();
        var raw = new RawQwave();
        uint flow = raw.NewFlow(udp);
        using PendingOverlapped pending = raw.Overlapped();
        Assert.Equal(0, raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, pending));

        raw.Simulator.SimulatePowerEvent();

        Assert.Equal(ERROR_DEVICE_REINITIALIZATION_NEEDED, await pending.ErrorAsync());
        Assert.Equal(0, raw.Set(flow, QOS_SET_FLOW.QOSSetTrafficType, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice));
        Assert.Equal(ERROR_DEVICE_REINITIALIZATION_NEEDED, RawQwave.LastError);

        // The documented recovery: close, create a new handle, add the flow again.
        Assert.Equal(1, raw.Simulator.QOSCloseHandle(raw.Handle));
        var fresh = new RawQwave(raw.Simulator);
        fresh.NewFlow(udp);
        Assert.Single(raw.Simulator.Flows);
    }

    [Fact]
    public unsafe void The_call_log_records_calls_and_results_in_order()
    {
        var sim = new QwaveSimulator();
        nint h = RawQwave.CreateHandle(sim);
        Assert.Equal(0, sim.QOSRemoveSocketFromFlow(h, 0, 42, 0));
        Assert.Equal(1, sim.QOSCloseHandle(h));
        Assert.Equal(
            new[] { ("QOSCreateHandle", 0), ("QOSRemoveSocketFromFlow", ERROR_NOT_FOUND), ("QOSCloseHandle", 0) },
            sim.CallLog.Select(c => (c.Function, c.ErrorCode)));
        Assert.Equal(new long[] { 1, 2, 3 }, sim.CallLog.Select(c => c.Sequence));
    }

    [Fact]
    public void The_call_log_keeps_the_newest_records_within_its_capacity()
    {
        var sim = new QwaveSimulator { CallLogCapacity = 10 };
        for (int i = 0; i < 25; i++)
        {
            Assert.Equal(0, sim.QOSCloseHandle(0));
        }

        Assert.True(sim.CallLog.Count <= 10);
        Assert.Equal(25, sim.CallLog[^1].Sequence);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => sim.CallLogCapacity = 0);
    }
}
