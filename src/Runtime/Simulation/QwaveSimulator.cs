using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;
using QosAnalyzers.Simulation;

namespace QosAnalyzers;

/// <summary>
/// A qWAVE that runs anywhere. It implements the raw ABI contract of the eleven functions
/// (pointers, Windows-layout sockaddrs, sizes, OVERLAPPEDs, last error) and enforces the documented
/// rules and errors, over a scriptable, deterministic network. Thread-safe.
/// </summary>
/// <remarks>
/// Choices where the documentation is silent are listed in Simulation/SimulatorBehaviour.md (shipped with the source); the
/// main ones: the process is not elevated by default (<see cref="IsElevated"/>), so
/// QOSSetOutgoingDSCPValue and QOSEnumerateFlows fail with ERROR_ACCESS_DENIED until a test opts in;
/// a synchronous QOSNotifyFlow blocks its caller until the condition holds or the handle closes.
/// </remarks>
public sealed partial class QwaveSimulator : QwaveBackend
{
    private readonly object _gate = new();
    private readonly Dictionary<nint, SimulatedHandle> _handles = new();
    private readonly Dictionary<uint, SimulatedFlowState> _flows = new();
    private readonly Dictionary<nint, PendingOperation> _pendingByOverlapped = new();
    private readonly List<PendingOperation> _blockingNotifications = new();
    private readonly Dictionary<nint, QosCompletionCallback> _completionCallbacks = new();
    private readonly Dictionary<string, Queue<int>> _injectedErrors = new(StringComparer.Ordinal);
    private readonly List<QwaveCallRecord> _callLog = new();
    private readonly object _deliveryGate = new();
    private readonly Queue<Action> _deliveries = new();
    private bool _deliveryThreadRunning;
    private int _callbackFailures;

    // Handle values look like kernel handles (multiples of 4) and are never reused, so a closed
    // handle stays invalid for the simulator's lifetime.
    private long _nextHandle = 0x1000;
    private uint _nextFlowId = 1;
    private long _sequence;
    private int _callLogCapacity = 100_000;

    private bool _isElevated;
    private bool _peerSupportsAdaptive = true;
    private bool _isCongested;
    private bool _holdCompletions;
    private ulong? _bottleneckBandwidth = 1_000_000_000;
    private ulong? _availableBandwidth = 800_000_000;
    private TimeSpan? _roundTripTime = TimeSpans.FromMicroseconds(200);

    /// <summary>Creates a simulator with an idle 1 Gb/s path (800 Mb/s available, 200 µs RTT), not elevated.</summary>
    public QwaveSimulator()
    {
    }

    /// <inheritdoc/>
    public override string Name => "simulator";

    /// <summary>
    /// Whether the process counts as Administrators / Network Configuration Operators. Default false,
    /// as for an ordinary desktop app: QOSSetOutgoingDSCPValue and QOSEnumerateFlows then fail with
    /// ERROR_ACCESS_DENIED.
    /// </summary>
    public bool IsElevated
    {
        get { lock (_gate) { return _isElevated; } }
        set { lock (_gate) { _isElevated = value; } }
    }

    /// <summary>
    /// False where no path data exists at all (the socket-options backend): QOSQueryFlowFundamentals and
    /// QOSNotifyFlow then fail with ERROR_NOT_SUPPORTED on every flow, as on a non-adaptive one.
    /// </summary>
    internal bool GathersPathData { get; set; } = true;

    /// <summary>
    /// Whether the sink implements the LLTD QoS extensions. When false, adding an adaptive flow fails
    /// with ERROR_NOT_SUPPORTED (how a peer without adaptive support shows up). Default true.
    /// </summary>
    public bool PeerSupportsAdaptiveFlows
    {
        get { lock (_gate) { return _peerSupportsAdaptive; } }
        set { lock (_gate) { _peerSupportsAdaptive = value; } }
    }

    /// <summary>End-to-end link capacity in bits per second; null while "not measured yet".</summary>
    public ulong? BottleneckBandwidth
    {
        get { lock (_gate) { return _bottleneckBandwidth; } }
        set { lock (_gate) { _bottleneckBandwidth = value; } }
    }

    /// <summary>
    /// Spare capacity in bits per second; null while "not measured yet". Raising it completes pending
    /// QOSNotifyAvailable requests whose threshold it meets; QOSSetOutgoingRate on an adaptive flow
    /// above it fails with ERROR_NETWORK_BUSY.
    /// </summary>
    public ulong? AvailableBandwidth
    {
        get { lock (_gate) { return _availableBandwidth; } }
        set
        {
            lock (_gate)
            {
                _availableBandwidth = value;
                EvaluateNotificationsLocked();
            }
        }
    }

    /// <summary>Round-trip time (reported in whole microseconds); null while "not measured yet".</summary>
    public TimeSpan? RoundTripTime
    {
        get { lock (_gate) { return _roundTripTime; } }
        set
        {
            if (value is TimeSpan t && (t < TimeSpan.Zero || t.Ticks / 10 > uint.MaxValue))
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The RTT must fit QOS_FLOW_FUNDAMENTALS.RTT (UINT32 microseconds).");
            }

            lock (_gate) { _roundTripTime = value; }
        }
    }

    /// <summary>
    /// Whether the path is congested. Turning it on completes pending QOSNotifyCongested requests;
    /// turning it off completes pending QOSNotifyUncongested requests.
    /// </summary>
    public bool IsCongested
    {
        get { lock (_gate) { return _isCongested; } }
        set
        {
            lock (_gate)
            {
                _isCongested = value;
                EvaluateNotificationsLocked();
            }
        }
    }

    /// <summary>
    /// When true, overlapped QOSSetFlow and QOSQueryFlow requests stay pending (so a test can cancel
    /// or close over them deterministically) until this is set back to false.
    /// </summary>
    public bool HoldCompletions
    {
        get { lock (_gate) { return _holdCompletions; } }
        set
        {
            lock (_gate)
            {
                _holdCompletions = value;
                if (!value)
                {
                    foreach (PendingOperation op in _pendingByOverlapped.Values.Where(o => o.Kind != PendingKind.NotifyFlow && !o.Scheduled).ToList())
                    {
                        ScheduleLocked(op);
                    }
                }
            }
        }
    }

    /// <summary>The values of the handles that are open.</summary>
    public IReadOnlyList<nint> OpenHandles
    {
        get { lock (_gate) { return _handles.Keys.OrderBy(h => (long)h).ToArray(); } }
    }

    /// <summary>Every flow in the simulated QOS subsystem, across handles, by id.</summary>
    public IReadOnlyList<QwaveSimulatedFlow> Flows
    {
        get
        {
            lock (_gate)
            {
                return _flows.Values.OrderBy(f => f.Id).Select(Snapshot).ToArray();
            }
        }
    }

    /// <summary>Overlapped operations not yet completed, plus blocked synchronous notifications.</summary>
    public int PendingOperationCount
    {
        get { lock (_gate) { return _pendingByOverlapped.Count + _blockingNotifications.Count; } }
    }

    /// <summary>Clients being tracked, across handles.</summary>
    public IReadOnlyList<IPAddress> TrackedClients
    {
        get { lock (_gate) { return _handles.Values.SelectMany(h => h.TrackedClients).Distinct().ToArray(); } }
    }

    /// <summary>Every call and every overlapped completion, in the order they took effect.</summary>
    public IReadOnlyList<QwaveCallRecord> CallLog
    {
        get { lock (_gate) { return _callLog.ToArray(); } }
    }

    /// <summary>
    /// How many records <see cref="CallLog"/> keeps (default 100,000); beyond it the oldest are
    /// dropped. <see cref="QwaveCallRecord.Sequence"/> keeps counting.
    /// </summary>
    public int CallLogCapacity
    {
        get { lock (_gate) { return _callLogCapacity; } }
        set
        {
            Guard.NotLessThan(value, 1);
            lock (_gate) { _callLogCapacity = value; }
        }
    }

    /// <summary>The flows added through <paramref name="qosHandle"/>.</summary>
    /// <param name="qosHandle">A handle value from <see cref="OpenHandles"/>.</param>
    /// <returns>The flows, by id; empty for an unknown or closed handle.</returns>
    public IReadOnlyList<QwaveSimulatedFlow> FlowsOf(nint qosHandle)
    {
        lock (_gate)
        {
            return _handles.TryGetValue(qosHandle, out SimulatedHandle? h)
                ? h.Flows.OrderBy(id => id).Select(id => Snapshot(_flows[id])).ToArray()
                : Array.Empty<QwaveSimulatedFlow>();
        }
    }

    /// <summary>Makes the next <paramref name="count"/> calls of <paramref name="functionName"/> fail with <paramref name="errorCode"/>.</summary>
    /// <param name="functionName">A qWAVE entry point, e.g. "QOSSetFlow".</param>
    /// <param name="errorCode">A Win32 error code, e.g. ERROR_DEVICE_REINITIALIZATION_NEEDED.</param>
    /// <param name="count">How many consecutive calls fail.</param>
    public void InjectError(string functionName, int errorCode, int count = 1)
    {
        Guard.NotNull(functionName);
        if (!QwaveCatalog.TryGetFunction(functionName, out _))
        {
            throw new ArgumentException($"Not a qWAVE entry point: \"{functionName}\". Use one of the eleven names as spelled in qos2.h, e.g. \"QOSSetFlow\".", nameof(functionName));
        }

        if (errorCode is 0 or QwaveCatalog.ERROR_IO_PENDING)
        {
            throw new ArgumentOutOfRangeException(nameof(errorCode), errorCode, "Inject a failure code; 0 (success) and ERROR_IO_PENDING (queued) are not failures.");
        }

        if (errorCode is < 0 or > 0xFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(errorCode), errorCode, "A Win32 error code is 1-65535 (e.g. 1164 ERROR_DEVICE_REINITIALIZATION_NEEDED), not an HRESULT.");
        }

        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Inject the error into at least one call (count >= 1); ClearInjectedErrors drops queued ones.");
        }
        lock (_gate)
        {
            if (!_injectedErrors.TryGetValue(functionName, out Queue<int>? queue))
            {
                _injectedErrors[functionName] = queue = new Queue<int>();
            }

            for (int i = 0; i < count; i++)
            {
                queue.Enqueue(errorCode);
            }
        }
    }

    /// <summary>Drops every injected error not yet consumed.</summary>
    public void ClearInjectedErrors()
    {
        lock (_gate) { _injectedErrors.Clear(); }
    }

    /// <summary>
    /// Simulates sleep or standby: every open handle and its flows become unusable. Calls on them fail
    /// with ERROR_DEVICE_REINITIALIZATION_NEEDED (only QOSCloseHandle works) and pending operations
    /// complete with that error; a new handle works normally.
    /// </summary>
    public void SimulatePowerEvent()
    {
        lock (_gate)
        {
            foreach (SimulatedHandle h in _handles.Values)
            {
                h.NeedsReinitialization = true;
            }

            foreach (PendingOperation op in AllPendingLocked())
            {
                CompleteLocked(op, QwaveCatalog.ERROR_DEVICE_REINITIALIZATION_NEEDED, 0);
            }
        }
    }

    /// <summary>Empties the call log.</summary>
    public void ClearCallLog()
    {
        lock (_gate) { _callLog.Clear(); }
    }

    private static QwaveSimulatedFlow Snapshot(SimulatedFlowState f) =>
        new(new QosFlowId(f.Id), f.Handle, f.Adaptive, (QosTrafficType)f.TrafficType, f.Sockets.ToArray(), f.OutgoingRate, (QosShaping?)f.Shaping, f.Dscp is uint d ? (int)d : null);

    private List<PendingOperation> AllPendingLocked() => _pendingByOverlapped.Values.Concat(_blockingNotifications).ToList();

    private void Log(string function, nint handle, uint flowId, int errorCode, bool isCompletion = false)
    {
        // A long-running app on the simulator must not grow without bound: drop the oldest tenth.
        if (_callLog.Count >= _callLogCapacity)
        {
            _callLog.RemoveRange(0, Math.Max(1, _callLogCapacity / 10));
        }

        _callLog.Add(new QwaveCallRecord(++_sequence, function, handle, flowId, errorCode, isCompletion));
    }

    private int Fail(string function, nint handle, uint flowId, int errorCode)
    {
        Log(function, handle, flowId, errorCode);
        LastError.Set(errorCode);
        return 0;
    }

    private int Succeed(string function, nint handle, uint flowId)
    {
        Log(function, handle, flowId, 0);

        // What a SetLastError=true P/Invoke observes after a successful call.
        LastError.Set(0);
        return 1;
    }

    private int TakeInjected(string function)
    {
        return _injectedErrors.TryGetValue(function, out Queue<int>? queue) && queue.TryDequeue(out int code) ? code : 0;
    }

    /// <summary>0 when the handle is open and usable, else the error every call on it gets.</summary>
    private int CheckHandle(nint qosHandle, out SimulatedHandle handle)
    {
        if (!_handles.TryGetValue(qosHandle, out handle!))
        {
            return QwaveCatalog.ERROR_INVALID_HANDLE;
        }

        return handle.NeedsReinitialization ? QwaveCatalog.ERROR_DEVICE_REINITIALIZATION_NEEDED : 0;
    }

    private unsafe void CompleteLocked(PendingOperation op, int errorCode, uint bytes)
    {
        Log(op.Function, op.Handle, op.FlowId, errorCode, isCompletion: true);
        if (op.Overlapped == null)
        {
            _blockingNotifications.Remove(op);
            op.Result = errorCode;
            op.Waiter!.Set();
            return;
        }

        _pendingByOverlapped.Remove((nint)op.Overlapped);

        // The status fields are all a caller without a completion binding can observe. They are plain
        // memory; the Windows-only annotation concerns their meaning, which the simulator supplies.
#pragma warning disable CA1416
        op.Overlapped->InternalLow = (nint)errorCode;
        op.Overlapped->InternalHigh = (nint)bytes;
#pragma warning restore CA1416
        if (_completionCallbacks.TryGetValue((nint)op.Overlapped, out QosCompletionCallback? callback))
        {
            // Never inline: like an IOCP, completions run on another thread, after the call returns.
            Post(new CompletionPacket(callback, (uint)errorCode, bytes, op.Overlapped).Deliver);
        }
    }

    private void ScheduleLocked(PendingOperation op)
    {
        if (_holdCompletions)
        {
            return;
        }

        op.Scheduled = true;
        Post(() => RunScheduled(op));
    }

    /// <summary>
    /// Runs completion work in order on the simulator's own delivery thread (started on demand,
    /// gone when idle), the way IOCP completions arrive on I/O threads: delivery does not wait for
    /// a free worker thread, so callers blocked on the thread pool cannot starve it.
    /// </summary>
    private void Post(Action work)
    {
        lock (_deliveryGate)
        {
            _deliveries.Enqueue(work);
            if (_deliveryThreadRunning)
            {
                return;
            }

            _deliveryThreadRunning = true;
        }

        new Thread(DeliverAll) { IsBackground = true, Name = "qWAVE simulator completions" }.Start();
    }

    private void DeliverAll()
    {
        while (true)
        {
            Action work;
            lock (_deliveryGate)
            {
                if (!_deliveries.TryDequeue(out work!))
                {
                    _deliveryThreadRunning = false;
                    return;
                }
            }

            try
            {
                work();
            }
            catch (Exception)
            {
                // An IOCP thread would take the process down with it; the simulator keeps delivering
                // the other completions and counts the failure for tests to assert on.
                Interlocked.Increment(ref _callbackFailures);
            }
        }
    }

    /// <summary>Completion callbacks that threw (the simulator survives them; a real I/O thread would not).</summary>
    internal int CallbackFailures => Volatile.Read(ref _callbackFailures);

    /// <summary>OVERLAPPEDs allocated through this simulator's bindings and not yet freed.</summary>
    internal int LiveOverlappedCount
    {
        get { lock (_gate) { return _completionCallbacks.Count; } }
    }

    private unsafe void RunScheduled(PendingOperation op)
    {
        lock (_gate)
        {
            // Cancelled, aborted by a close, or completed by a power event in the meantime.
            if (!_pendingByOverlapped.TryGetValue((nint)op.Overlapped, out PendingOperation? current) || current != op)
            {
                return;
            }

            if (!_flows.TryGetValue(op.FlowId, out SimulatedFlowState? flow))
            {
                CompleteLocked(op, QwaveCatalog.ERROR_OPERATION_ABORTED, 0);
                return;
            }

            if (op.Kind == PendingKind.SetFlow)
            {
                CompleteLocked(op, ApplySetLocked(flow, (QOS_SET_FLOW)op.Operation, op.TrafficType, op.Rate, op.Dscp), 0);
            }
            else
            {
                int error = ExecuteQueryLocked(flow, (QOS_QUERY_FLOW)op.Operation, op.Size, op.Buffer, op.Fresh, out uint bytes);
                CompleteLocked(op, error, bytes);
            }
        }
    }

    private void EvaluateNotificationsLocked()
    {
        foreach (PendingOperation op in AllPendingLocked())
        {
            if (op.Kind == PendingKind.NotifyFlow && IsConditionMetLocked((QOS_NOTIFY_FLOW)op.Operation, op.Threshold))
            {
                CompleteLocked(op, 0, 0);
            }
        }
    }

    private bool IsConditionMetLocked(QOS_NOTIFY_FLOW operation, ulong threshold) => operation switch
    {
        QOS_NOTIFY_FLOW.QOSNotifyCongested => _isCongested,
        QOS_NOTIFY_FLOW.QOSNotifyUncongested => !_isCongested,
        _ => _availableBandwidth is ulong available && available >= threshold,
    };

    private void DestroyFlowLocked(SimulatedFlowState flow)
    {
        _flows.Remove(flow.Id);
        if (_handles.TryGetValue(flow.Handle, out SimulatedHandle? h))
        {
            h.Flows.Remove(flow.Id);
        }

        // Requests on a flow that no longer exists can never complete otherwise (an assumption: the documentation is silent here).
        foreach (PendingOperation op in AllPendingLocked().Where(o => o.FlowId == flow.Id))
        {
            CompleteLocked(op, QwaveCatalog.ERROR_OPERATION_ABORTED, 0);
        }
    }

    private unsafe void RegisterCompletionCallback(NativeOverlapped* overlapped, QosCompletionCallback callback)
    {
        lock (_gate) { _completionCallbacks.Add((nint)overlapped, callback); }
    }

    private unsafe void UnregisterCompletionCallback(NativeOverlapped* overlapped)
    {
        lock (_gate)
        {
            // Freeing what qWAVE still holds, or freeing twice, corrupts native memory on Windows;
            // the simulator refuses both loudly instead.
            if (_pendingByOverlapped.ContainsKey((nint)overlapped))
            {
                throw new InvalidOperationException("The OVERLAPPED is still pending in qWAVE; free it only after its completion.");
            }

            if (!_completionCallbacks.Remove((nint)overlapped))
            {
                throw new InvalidOperationException("The OVERLAPPED was not allocated by this binding, or has already been freed.");
            }
        }
    }

    internal override QosCompletionBinding BindHandle(QosHandle handle)
    {
        Guard.NotNull(handle);
        lock (_gate)
        {
            if (!_handles.ContainsKey(handle.DangerousGetHandle()))
            {
                throw new ArgumentException("The handle is not an open handle of this simulator.", nameof(handle));
            }
        }

        return new SimulatorCompletionBinding(this);
    }

    private sealed unsafe class CompletionPacket
    {
        private readonly QosCompletionCallback _callback;
        private readonly uint _errorCode;
        private readonly uint _bytes;
        private readonly NativeOverlapped* _overlapped;

        public CompletionPacket(QosCompletionCallback callback, uint errorCode, uint bytes, NativeOverlapped* overlapped)
        {
            _callback = callback;
            _errorCode = errorCode;
            _bytes = bytes;
            _overlapped = overlapped;
        }

        public void Deliver() => _callback(_errorCode, _bytes, _overlapped);
    }

    /// <summary>The simulator's stand-in for an IOCP binding: OVERLAPPEDs in native memory, callbacks by address.</summary>
    private sealed unsafe class SimulatorCompletionBinding : QosCompletionBinding
    {
        private readonly QwaveSimulator _simulator;

        public SimulatorCompletionBinding(QwaveSimulator simulator) => _simulator = simulator;

        public override NativeOverlapped* AllocateNativeOverlapped(QosCompletionCallback callback)
        {
            Guard.NotNull(callback);
            var overlapped = (NativeOverlapped*)NativeMemory.AllocZeroed((nuint)sizeof(NativeOverlapped));
            _simulator.RegisterCompletionCallback(overlapped, callback);
            return overlapped;
        }

        public override void FreeNativeOverlapped(NativeOverlapped* overlapped)
        {
            _simulator.UnregisterCompletionCallback(overlapped);
            NativeMemory.Free(overlapped);
        }

        public override void Dispose()
        {
        }
    }
}

/// <summary>A flow as the simulator sees it.</summary>
/// <param name="FlowId">The flow id.</param>
/// <param name="QosHandle">The handle the flow was added through.</param>
/// <param name="IsAdaptive">False when added with QOS_NON_ADAPTIVE_FLOW.</param>
/// <param name="TrafficType">The current traffic type.</param>
/// <param name="Sockets">The SOCKET values attached to the flow.</param>
/// <param name="OutgoingRate">The rate from QOSSetOutgoingRate, in bits per second, if set.</param>
/// <param name="Shaping">The shaping from QOSSetOutgoingRate, if set.</param>
/// <param name="Dscp">The DSCP value from QOSSetOutgoingDSCPValue, if set.</param>
public sealed record QwaveSimulatedFlow(
    QosFlowId FlowId,
    nint QosHandle,
    bool IsAdaptive,
    QosTrafficType TrafficType,
    IReadOnlyList<nint> Sockets,
    ulong? OutgoingRate,
    QosShaping? Shaping,
    int? Dscp);

/// <summary>One entry of the simulator's call log.</summary>
/// <param name="Sequence">Position in the log (1-based, increasing).</param>
/// <param name="Function">The qWAVE entry point.</param>
/// <param name="QosHandle">The handle argument (or the created handle for QOSCreateHandle).</param>
/// <param name="FlowId">The flow the call or completion concerns, or 0.</param>
/// <param name="ErrorCode">0 for success, ERROR_IO_PENDING for a queued request, else the failure code.</param>
/// <param name="IsCompletion">True for an overlapped (or blocking) request completing, false for the call itself.</param>
public readonly record struct QwaveCallRecord(long Sequence, string Function, nint QosHandle, uint FlowId, int ErrorCode, bool IsCompletion);
