using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Catalog;
using QosAnalyzers.Interop;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>Rules that hold for every entry point, driven by the catalog.</summary>
public class SimulatorCatalogRuleTests
{
    public static TheoryData<string> FunctionsTakingAHandle() =>
        new(QwaveCatalog.Functions.Where(f => f.Parameters[0].Kind == AbiKind.Handle).Select(f => f.Name));

    public static TheoryData<string> FlowOperations() => new("QOSSetFlow", "QOSQueryFlow", "QOSNotifyFlow");

    [Theory]
    [MemberData(nameof(FunctionsTakingAHandle))]
    public void Every_call_on_a_closed_handle_is_an_invalid_handle(string function)
    {
        using var socket = Sockets.Udp4();
        using var raw = new RawQwave();
        uint flow = raw.NewFlow(socket);
        Assert.Equal(1, raw.Simulator.QOSCloseHandle(raw.Handle));
        Assert.Equal(0, Call(raw, function, flow, socket.Handle));
        Assert.Equal(ERROR_INVALID_HANDLE, RawQwave.LastError);
    }

    [Theory]
    [MemberData(nameof(FunctionsTakingAHandle))]
    public void Every_function_honours_an_injected_error(string function)
    {
        using var socket = Sockets.Udp4();
        using var raw = new RawQwave();
        uint flow = raw.NewFlow(socket);
        raw.Simulator.InjectError(function, ERROR_IO_DEVICE);
        Assert.Equal(0, Call(raw, function, flow, socket.Handle));
        Assert.Equal(ERROR_IO_DEVICE, RawQwave.LastError);
        Assert.Equal((function, ERROR_IO_DEVICE), (raw.Simulator.CallLog[^1].Function, raw.Simulator.CallLog[^1].ErrorCode));
    }

    [Theory]
    [MemberData(nameof(FlowOperations))]
    public void A_FlowId_naming_no_flow_of_the_handle_is_invalid(string function)
    {
        using var socket = Sockets.Udp4();
        using var raw = new RawQwave();
        using var other = new RawQwave(raw.Simulator);
        uint foreign = other.NewFlow(socket);
        foreach (uint id in new[] { 0u, 999u, foreign })
        {
            Assert.Equal(0, Call(raw, function, id, 0));
            Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
        }
    }

    [Theory]
    [MemberData(nameof(FlowOperations))]
    public unsafe void An_Operation_outside_its_enum_is_invalid(string function)
    {
        using var socket = Sockets.Udp4();
        using var raw = new RawQwave();
        uint flow = raw.NewFlow(socket);
        QwaveEnum operations = QwaveCatalog.Enum(QwaveCatalog.Function(function).OperationEnum!)!;
        int undefined = operations.Members.Max(m => m.Value) + 1;
        ulong buffer = 0;
        uint size = 8;
        int result = function switch
        {
            "QOSSetFlow" => raw.Simulator.QOSSetFlow(raw.Handle, flow, (QOS_SET_FLOW)undefined, 8, &buffer, 0, null),
            "QOSQueryFlow" => raw.Simulator.QOSQueryFlow(raw.Handle, flow, (QOS_QUERY_FLOW)undefined, &size, &buffer, 0, null),
            _ => raw.Simulator.QOSNotifyFlow(raw.Handle, flow, (QOS_NOTIFY_FLOW)undefined, &size, &buffer, 0, null),
        };
        Assert.Equal(0, result);
        Assert.Equal(ERROR_INVALID_PARAMETER, RawQwave.LastError);
    }

    [Fact]
    public async Task Completions_are_never_delivered_inline_on_the_calling_thread()
    {
        using var socket = Sockets.Udp4();
        using var raw = new RawQwave();
        uint flow = raw.NewFlow(socket);
        int callerThread = Environment.CurrentManagedThreadId;
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        PendingOverlappedWithThread pending = PendingOverlappedWithThread.Allocate(raw.Binding, () => completion.TrySetResult(Environment.CurrentManagedThreadId));
        try
        {
            // Uncongested holds already, so the completion is immediate, yet it comes from elsewhere.
            Assert.Equal(0, pending.NotifyUncongested(raw, flow));
            Assert.Equal(ERROR_IO_PENDING, RawQwave.LastError);
            Assert.NotEqual(callerThread, await completion.Task.Within());
        }
        finally
        {
            pending.Free(raw.Binding);
        }
    }

    private static unsafe int Call(RawQwave raw, string function, uint flow, nint socket)
    {
        QwaveSimulator sim = raw.Simulator;
        nint h = raw.Handle;
        byte[] address = RawQwave.SockAddr(Sockets.V4Peer);
        ulong buffer = 4;
        uint size = 8;
        uint flowId = 0;
        fixed (byte* dest = address)
        {
            return function switch
            {
                "QOSCloseHandle" => sim.QOSCloseHandle(h),
                "QOSStartTrackingClient" => sim.QOSStartTrackingClient(h, dest, 0),
                "QOSStopTrackingClient" => sim.QOSStopTrackingClient(h, dest, 0),
                "QOSEnumerateFlows" => sim.QOSEnumerateFlows(h, &size, &buffer),
                "QOSAddSocketToFlow" => sim.QOSAddSocketToFlow(h, socket, dest, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QOS_NON_ADAPTIVE_FLOW, &flowId),
                "QOSRemoveSocketFromFlow" => sim.QOSRemoveSocketFromFlow(h, 0, flow, 0),
                "QOSSetFlow" => sim.QOSSetFlow(h, flow, QOS_SET_FLOW.QOSSetTrafficType, 4, &buffer, 0, null),
                "QOSQueryFlow" => sim.QOSQueryFlow(h, flow, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &size, &buffer, 0, null),
                "QOSNotifyFlow" => sim.QOSNotifyFlow(h, flow, QOS_NOTIFY_FLOW.QOSNotifyAvailable, &size, &buffer, 0, null),
                "QOSCancel" => sim.QOSCancel(h, (NativeOverlapped*)&buffer),
                _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Not covered"),
            };
        }
    }

    private sealed unsafe class PendingOverlappedWithThread
    {
        private NativeOverlapped* _overlapped;

        public static PendingOverlappedWithThread Allocate(QosCompletionBinding binding, Action onCompleted) =>
            new() { _overlapped = binding.AllocateNativeOverlapped((_, _, _) => onCompleted()) };

        public int NotifyUncongested(RawQwave raw, uint flow) => raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyUncongested, _overlapped);

        public void Free(QosCompletionBinding binding) => binding.FreeNativeOverlapped(_overlapped);
    }
}
