using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;
using QosAnalyzers.Simulation;
using static QosAnalyzers.Catalog.QwaveCatalog;

namespace QosAnalyzers;

// The eleven entry points. Each validates in the order a caller would expect from the docs
// (injected failure, handle, then parameters), then acts under the simulator's lock.
public sealed partial class QwaveSimulator
{
    internal override unsafe int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle)
    {
        lock (_gate)
        {
            int injected = TakeInjected(QwaveCatalog.QOSCreateHandle);
            if (injected != 0)
            {
                return Fail(QwaveCatalog.QOSCreateHandle, 0, 0, injected);
            }

            if (version == null || qosHandle == null || version->MajorVersion != VersionMajor || version->MinorVersion != VersionMinor)
            {
                return Fail(QwaveCatalog.QOSCreateHandle, 0, 0, ERROR_INVALID_PARAMETER);
            }

            nint value = (nint)_nextHandle;
            _nextHandle += 4;
            _handles.Add(value, new SimulatedHandle(value));
            *qosHandle = value;
            return Succeed(QwaveCatalog.QOSCreateHandle, value, 0);
        }
    }

    internal override int QOSCloseHandle(nint qosHandle)
    {
        lock (_gate)
        {
            int injected = TakeInjected(QwaveCatalog.QOSCloseHandle);
            if (injected != 0)
            {
                return Fail(QwaveCatalog.QOSCloseHandle, qosHandle, 0, injected);
            }

            // A handle needing reinitialization can still be closed: that is the documented recovery.
            if (!_handles.TryGetValue(qosHandle, out SimulatedHandle? handle))
            {
                return Fail(QwaveCatalog.QOSCloseHandle, qosHandle, 0, ERROR_INVALID_HANDLE);
            }

            Log(QwaveCatalog.QOSCloseHandle, qosHandle, 0, 0);

            // Closing removes every flow at once, aborts pending operations with 995 and ends tracking.
            foreach (uint id in handle.Flows.ToArray())
            {
                DestroyFlowLocked(_flows[id]);
            }

            foreach (PendingOperation op in AllPendingLocked().Where(o => o.Handle == qosHandle))
            {
                CompleteLocked(op, ERROR_OPERATION_ABORTED, 0);
            }

            handle.TrackedClients.Clear();
            _handles.Remove(qosHandle);

            // Wine's conformance test: a successful close leaves the last error untouched; a
            // SetLastError=true P/Invoke clears it before the call, so callers observe 0.
            LastError.Set(0);
            return 1;
        }
    }

    internal override unsafe int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags) =>
        TrackClient(QwaveCatalog.QOSStartTrackingClient, qosHandle, destAddr, flags, start: true);

    internal override unsafe int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags) =>
        TrackClient(QwaveCatalog.QOSStopTrackingClient, qosHandle, destAddr, flags, start: false);

    private unsafe int TrackClient(string function, nint qosHandle, byte* destAddr, uint flags, bool start)
    {
        lock (_gate)
        {
            int error = TakeInjected(function);
            if (error == 0)
            {
                error = CheckHandle(qosHandle, out SimulatedHandle handle);
                if (error == 0)
                {
                    // A client is its address and family; the port is ignored.
                    if (flags != 0 || destAddr == null || !WindowsSockAddr.TryRead(destAddr, out IPEndPoint client) || IsUnspecified(client.Address))
                    {
                        error = ERROR_INVALID_PARAMETER;
                    }
                    else if (start)
                    {
                        handle.TrackedClients.Add(client.Address);
                    }
                    else if (!handle.TrackedClients.Remove(client.Address))
                    {
                        error = ERROR_INVALID_PARAMETER;
                    }
                }
            }

            return error == 0 ? Succeed(function, qosHandle, 0) : Fail(function, qosHandle, 0, error);
        }
    }

    internal override unsafe int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer)
    {
        lock (_gate)
        {
            int error = TakeInjected(QwaveCatalog.QOSEnumerateFlows);
            if (error == 0)
            {
                error = CheckHandle(qosHandle, out _);
            }

            if (error == 0)
            {
                uint[] ids = _flows.Keys.OrderBy(id => id).ToArray();
                uint required = (uint)(ids.Length * sizeof(uint));
                if (size == null)
                {
                    error = ERROR_INVALID_PARAMETER;
                }
                else if (!_isElevated)
                {
                    // The docs require administrative rights; the exact code is an inference.
                    error = ERROR_ACCESS_DENIED;
                }
                else if (*size < required)
                {
                    // The size protocol is in bytes, not a count of ids.
                    *size = required;
                    error = ERROR_INSUFFICIENT_BUFFER;
                }
                else if (buffer == null && required != 0)
                {
                    error = ERROR_INVALID_PARAMETER;
                }
                else
                {
                    ids.CopyTo(new Span<uint>(buffer, ids.Length));
                    *size = required;
                }
            }

            return error == 0 ? Succeed(QwaveCatalog.QOSEnumerateFlows, qosHandle, 0) : Fail(QwaveCatalog.QOSEnumerateFlows, qosHandle, 0, error);
        }
    }

    internal override unsafe int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId)
    {
        // Ask the OS what the SOCKET really is before taking the lock; a bogus value is no socket.
        SocketFacts? facts = SocketFacts.Inspect(socket);
        int result;
        lock (_gate)
        {
            uint requested = flowId == null ? 0 : *flowId;
            int error = AddSocketLocked(qosHandle, socket, facts, destAddr, trafficType, flags, flowId);
            result = error != 0
                ? Fail(QwaveCatalog.QOSAddSocketToFlow, qosHandle, requested, error)
                : Succeed(QwaveCatalog.QOSAddSocketToFlow, qosHandle, *flowId);
        }

        if (AfterAddSocketToFlow is Action hook)
        {
            // Outside the lock, as if the caller were preempted right after qWAVE returned.
            int lastError = LastError.Get();
            hook();
            LastError.Set(lastError);
        }

        return result;
    }

    /// <summary>
    /// Runs on the caller's thread when QOSAddSocketToFlow returns, so a test can put another call in
    /// the window between qWAVE's answer and the caller's bookkeeping.
    /// </summary>
    internal Action? AfterAddSocketToFlow { get; set; }

    private unsafe int AddSocketLocked(nint qosHandle, nint socket, SocketFacts? facts, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId)
    {
        int error = TakeInjected(QwaveCatalog.QOSAddSocketToFlow);
        if (error != 0)
        {
            return error;
        }

        error = CheckHandle(qosHandle, out SimulatedHandle handle);
        if (error != 0)
        {
            return error;
        }

        QwaveFunction function = Function(QwaveCatalog.QOSAddSocketToFlow);
        if (flowId == null || !function.IsLegalFlagsValue(flags) || !Enum("QOS_TRAFFIC_TYPE")!.IsDefined((int)trafficType))
        {
            return ERROR_INVALID_PARAMETER;
        }

        // Only OS sockets can carry a flow (an assumption: the code for a non-socket is undocumented);
        // CheckDestination refuses those that are not UDP or TCP over IPv4/IPv6.
        if (facts is null)
        {
            return ERROR_INVALID_PARAMETER;
        }

        error = CheckDestination(facts, destAddr);
        if (error != 0)
        {
            return error;
        }

        if (_flows.Values.Any(f => f.Handle == qosHandle && f.Sockets.Contains(socket)))
        {
            // One socket belongs to at most one flow of a handle (an assumption: the documentation is silent here).
            return ERROR_INVALID_PARAMETER;
        }

        bool adaptive = (flags & QOS_NON_ADAPTIVE_FLOW) == 0;
        if (*flowId == 0)
        {
            if (adaptive && !_peerSupportsAdaptive)
            {
                return ERROR_NOT_SUPPORTED;
            }

            var flow = new SimulatedFlowState(_nextFlowId++, qosHandle, adaptive, trafficType);
            flow.Sockets.Add(socket);
            _flows.Add(flow.Id, flow);
            handle.Flows.Add(flow.Id);
            *flowId = flow.Id;
            return 0;
        }

        // A nonzero FlowId joins an existing flow of this handle.
        if (!handle.Flows.Contains(*flowId))
        {
            return ERROR_INVALID_PARAMETER;
        }

        SimulatedFlowState existing = _flows[*flowId];
        if (existing.Adaptive)
        {
            // Only non-adaptive flows may have several sockets.
            return ERROR_NOT_SUPPORTED;
        }

        if (adaptive)
        {
            // Flags 0 asks for an adaptive flow, which cannot be shared (an assumption: the documentation is silent here).
            return ERROR_INVALID_PARAMETER;
        }

        existing.Sockets.Add(socket);
        return 0;
    }

    /// <summary>The addressing rules (<see cref="DestinationRules"/>, the session's too) over the SOCKET's facts and the sockaddr.</summary>
    private static unsafe int CheckDestination(SocketFacts facts, byte* destAddr)
    {
        IPEndPoint? destination = null;
        DestinationOutcome outcome;
        if (destAddr != null && !WindowsSockAddr.TryRead(destAddr, out destination))
        {
            // A sockaddr of neither AF_INET nor AF_INET6: a family no IP socket takes.
            outcome = DestinationRules.Judge(SocketDestination.KindOf(facts.AddressFamily), SocketDestination.KindOf(facts.SocketType), facts.RemoteEndPoint is not null, AddressKind.Other);
        }
        else
        {
            outcome = SocketDestination.Judge(facts.AddressFamily, facts.SocketType, facts.RemoteEndPoint is not null, facts.RemoteEndPoint, destination);
        }

        return outcome == DestinationOutcome.None ? 0 : ERROR_INVALID_PARAMETER;
    }

    // 0.0.0.0 and :: name no destination or client (an assumption: the documentation is silent here).
    private static bool IsUnspecified(IPAddress address) => SocketDestination.IsUnspecified(address);

    internal override int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags)
    {
        lock (_gate)
        {
            int error = TakeInjected(QwaveCatalog.QOSRemoveSocketFromFlow);
            if (error == 0)
            {
                error = CheckHandle(qosHandle, out SimulatedHandle handle);
                if (error == 0)
                {
                    if (flags != 0)
                    {
                        error = ERROR_INVALID_PARAMETER;
                    }
                    else if (!handle.Flows.Contains(flowId))
                    {
                        error = ERROR_NOT_FOUND;
                    }
                    else
                    {
                        SimulatedFlowState flow = _flows[flowId];
                        if (socket != 0 && !flow.Sockets.Contains(socket))
                        {
                            error = ERROR_NOT_FOUND;
                        }
                        else
                        {
                            // Socket 0 ends the whole flow; removing the last socket does too.
                            Log(QwaveCatalog.QOSRemoveSocketFromFlow, qosHandle, flowId, 0);
                            flow.Sockets.Remove(socket);
                            if (socket == 0 || flow.Sockets.Count == 0)
                            {
                                DestroyFlowLocked(flow);
                            }

                            LastError.Set(0);
                            return 1;
                        }
                    }
                }
            }

            return Fail(QwaveCatalog.QOSRemoveSocketFromFlow, qosHandle, flowId, error);
        }
    }

    internal override unsafe int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped)
    {
        lock (_gate)
        {
            int error = ValidateSetLocked(qosHandle, flowId, operation, size, buffer, flags, out QOS_TRAFFIC_TYPE type, out QOS_FLOWRATE_OUTGOING rate, out uint dscp);
            if (error != 0)
            {
                return Fail(QwaveCatalog.QOSSetFlow, qosHandle, flowId, error);
            }

            if (overlapped != null)
            {
                return Queue(new PendingOperation(PendingKind.SetFlow, qosHandle, flowId, (int)operation, overlapped) { TrafficType = type, Rate = rate, Dscp = dscp });
            }

            error = ApplySetLocked(_flows[flowId], operation, type, rate, dscp);
            return error == 0 ? Succeed(QwaveCatalog.QOSSetFlow, qosHandle, flowId) : Fail(QwaveCatalog.QOSSetFlow, qosHandle, flowId, error);
        }
    }

    private unsafe int ValidateSetLocked(
        nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags,
        out QOS_TRAFFIC_TYPE type, out QOS_FLOWRATE_OUTGOING rate, out uint dscp)
    {
        type = default;
        rate = default;
        dscp = 0;
        int error = TakeInjected(QwaveCatalog.QOSSetFlow);
        if (error != 0)
        {
            return error;
        }

        error = CheckHandle(qosHandle, out SimulatedHandle handle);
        if (error != 0)
        {
            return error;
        }

        // Bad FlowId, reserved Flags, undefined Operation, missing Buffer or a Size other than the
        // Operation's: ERROR_INVALID_PARAMETER.
        QwaveBufferContract? contract = BufferContract(QwaveCatalog.QOSSetFlow, (int)operation);
        if (!handle.Flows.Contains(flowId) || flags != 0 || contract is null || buffer == null || size != contract.Size)
        {
            return ERROR_INVALID_PARAMETER;
        }

        switch (operation)
        {
            case QOS_SET_FLOW.QOSSetTrafficType:
                type = *(QOS_TRAFFIC_TYPE*)buffer;
                return Enum("QOS_TRAFFIC_TYPE")!.IsDefined((int)type) ? 0 : ERROR_INVALID_PARAMETER;
            case QOS_SET_FLOW.QOSSetOutgoingRate:
                rate = *(QOS_FLOWRATE_OUTGOING*)buffer;
                return Enum("QOS_SHAPING")!.IsDefined((int)rate.ShapingBehavior) && Enum("QOS_FLOWRATE_REASON")!.IsDefined((int)rate.Reason)
                    ? 0
                    : ERROR_INVALID_PARAMETER;
            default:
                dscp = *(uint*)buffer;
                if (dscp > MaxDscp)
                {
                    return ERROR_INVALID_PARAMETER;
                }

                // Administrators or Network Configuration Operators only.
                return _isElevated ? 0 : ERROR_ACCESS_DENIED;
        }
    }

    private int ApplySetLocked(SimulatedFlowState flow, QOS_SET_FLOW operation, QOS_TRAFFIC_TYPE type, QOS_FLOWRATE_OUTGOING rate, uint dscp)
    {
        switch (operation)
        {
            case QOS_SET_FLOW.QOSSetTrafficType:
                flow.TrafficType = type;
                return 0;
            case QOS_SET_FLOW.QOSSetOutgoingRate:
                // An adaptive flow gets a rate only if the path has it (ERROR_NETWORK_BUSY otherwise);
                // the sentinel asks for a small default and always fits.
                if (flow.Adaptive && rate.Bandwidth != QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH
                    && _availableBandwidth is ulong available && rate.Bandwidth > available)
                {
                    return ERROR_NETWORK_BUSY;
                }

                flow.OutgoingRate = rate.Bandwidth;
                flow.Shaping = rate.ShapingBehavior;
                return 0;
            default:
                flow.Dscp = dscp;
                return 0;
        }
    }

    internal override unsafe int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped)
    {
        lock (_gate)
        {
            int error = ValidateQueryLocked(qosHandle, flowId, operation, size, buffer, flags);
            if (error != 0)
            {
                return Fail(QwaveCatalog.QOSQueryFlow, qosHandle, flowId, error);
            }

            bool fresh = flags == QOS_QUERYFLOW_FRESH;
            if (overlapped != null)
            {
                return Queue(new PendingOperation(PendingKind.QueryFlow, qosHandle, flowId, (int)operation, overlapped) { Size = size, Buffer = buffer, Fresh = fresh });
            }

            error = ExecuteQueryLocked(_flows[flowId], operation, size, buffer, fresh, out _);
            return error == 0 ? Succeed(QwaveCatalog.QOSQueryFlow, qosHandle, flowId) : Fail(QwaveCatalog.QOSQueryFlow, qosHandle, flowId, error);
        }
    }

    private unsafe int ValidateQueryLocked(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags)
    {
        int error = TakeInjected(QwaveCatalog.QOSQueryFlow);
        if (error != 0)
        {
            return error;
        }

        error = CheckHandle(qosHandle, out SimulatedHandle handle);
        if (error != 0)
        {
            return error;
        }

        QwaveBufferContract? contract = BufferContract(QwaveCatalog.QOSQueryFlow, (int)operation);
        if (!handle.Flows.Contains(flowId) || contract is null || size == null)
        {
            return ERROR_INVALID_PARAMETER;
        }

        // Flags: the documented flags only, each with the Operation it applies to (FRESH: Fundamentals).
        if (!Function(QwaveCatalog.QOSQueryFlow).IsLegalFlagsValue(flags, (int)operation))
        {
            return ERROR_INVALID_PARAMETER;
        }

        // A non-adaptive flow gathers no path data (an assumption: the code is undocumented).
        if (operation == QOS_QUERY_FLOW.QOSQueryFlowFundamentals && (!_flows[flowId].Adaptive || !GathersPathData))
        {
            return ERROR_NOT_SUPPORTED;
        }

        uint required = (uint)contract.Size!.Value;
        if (*size < required)
        {
            *size = required;
            return ERROR_INSUFFICIENT_BUFFER;
        }

        return buffer == null ? ERROR_INVALID_PARAMETER : 0;
    }

    private unsafe int ExecuteQueryLocked(SimulatedFlowState flow, QOS_QUERY_FLOW operation, uint* size, void* buffer, bool fresh, out uint bytes)
    {
        bytes = 0;
        switch (operation)
        {
            case QOS_QUERY_FLOW.QOSQueryFlowFundamentals:
                if (_bottleneckBandwidth is null && _availableBandwidth is null && _roundTripTime is null)
                {
                    // Nothing measured yet: a fresh request cannot be served, a cached one has no data.
                    return fresh ? ERROR_RETRY : ERROR_NO_DATA;
                }

                *(QOS_FLOW_FUNDAMENTALS*)buffer = new QOS_FLOW_FUNDAMENTALS
                {
                    BottleneckBandwidthSet = _bottleneckBandwidth.HasValue ? 1 : 0,
                    BottleneckBandwidth = _bottleneckBandwidth.GetValueOrDefault(),
                    AvailableBandwidthSet = _availableBandwidth.HasValue ? 1 : 0,
                    AvailableBandwidth = _availableBandwidth.GetValueOrDefault(),
                    RTTSet = _roundTripTime.HasValue ? 1 : 0,
                    RTT = _roundTripTime is TimeSpan rtt ? (uint)(rtt.Ticks / TimeSpans.TicksPerMicrosecond) : 0,
                };
                bytes = (uint)sizeof(QOS_FLOW_FUNDAMENTALS);
                break;
            case QOS_QUERY_FLOW.QOSQueryPacketPriority:
                // Marks per the docs' traffic-type table; 802.1p only on adaptive flows; an explicit
                // DSCP overrides the conformant mark; non-conformant packets are demoted (an assumption: the documentation is silent here).
                int typeDscp = DscpFor((int)flow.TrafficType);
                int l2 = flow.Adaptive ? L2PriorityFor((int)flow.TrafficType) : -1;
                *(QOS_PACKET_PRIORITY*)buffer = new QOS_PACKET_PRIORITY
                {
                    ConformantDSCPValue = flow.Dscp ?? (uint)Math.Max(typeDscp, 0),
                    NonConformantDSCPValue = 0,
                    ConformantL2Value = (uint)Math.Max(l2, 0),
                    NonConformantL2Value = 0,
                };
                bytes = (uint)sizeof(QOS_PACKET_PRIORITY);
                break;
            default:
                // The rate given when the contract was set; 0 when none was (an assumption: the documentation is silent here).
                *(ulong*)buffer = flow.OutgoingRate.GetValueOrDefault();
                bytes = sizeof(ulong);
                break;
        }

        *size = bytes;
        return 0;
    }

    internal override unsafe int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped)
    {
        PendingOperation op;
        lock (_gate)
        {
            int error = ValidateNotifyLocked(qosHandle, flowId, operation, size, buffer, flags, out ulong threshold);
            if (error != 0)
            {
                return Fail(QwaveCatalog.QOSNotifyFlow, qosHandle, flowId, error);
            }

            op = new PendingOperation(PendingKind.NotifyFlow, qosHandle, flowId, (int)operation, overlapped) { Threshold = threshold };
            if (overlapped != null)
            {
                if (Queue(op) == 0 && LastError.Get() == ERROR_IO_PENDING && IsConditionMetLocked(operation, threshold))
                {
                    // Congested/Uncongested fire at once if the flow is already in that state.
                    CompleteLocked(op, 0, 0);

                    // Queueing the completion may run interop that overwrites this thread's last error.
                    LastError.Set(ERROR_IO_PENDING);
                }

                return 0;
            }

            if (IsConditionMetLocked(operation, threshold))
            {
                return Succeed(QwaveCatalog.QOSNotifyFlow, qosHandle, flowId);
            }

            // Synchronous: success is delivered when the condition occurs, so the caller blocks
            // until then, or until the handle closes or the flow goes away (an assumption: the documentation is silent here).
            Log(QwaveCatalog.QOSNotifyFlow, qosHandle, flowId, ERROR_IO_PENDING);
            op.Waiter = new ManualResetEventSlim();
            _blockingNotifications.Add(op);
        }

        op.Waiter.Wait();
        op.Waiter.Dispose();
        LastError.Set(op.Result);
        return op.Result == 0 ? 1 : 0;
    }

    private unsafe int ValidateNotifyLocked(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, out ulong threshold)
    {
        threshold = 0;
        int error = TakeInjected(QwaveCatalog.QOSNotifyFlow);
        if (error != 0)
        {
            return error;
        }

        error = CheckHandle(qosHandle, out SimulatedHandle handle);
        if (error != 0)
        {
            return error;
        }

        QwaveBufferContract? contract = BufferContract(QwaveCatalog.QOSNotifyFlow, (int)operation);
        if (!handle.Flows.Contains(flowId) || flags != 0 || contract is null)
        {
            return ERROR_INVALID_PARAMETER;
        }

        if (!_flows[flowId].Adaptive || !GathersPathData)
        {
            // Notifications need path data, which non-adaptive flows do not gather (an assumption: code undocumented).
            return ERROR_NOT_SUPPORTED;
        }

        if (contract.BufferMustBeNull)
        {
            // Congested/Uncongested: Buffer must be NULL (and Size NULL or 0).
            if (buffer != null || (size != null && *size != 0))
            {
                return ERROR_INVALID_PARAMETER;
            }
        }
        else
        {
            if (size == null || buffer == null)
            {
                return ERROR_INVALID_PARAMETER;
            }

            if (*size < (uint)contract.Size!.Value)
            {
                *size = (uint)contract.Size.Value;
                return ERROR_INSUFFICIENT_BUFFER;
            }

            threshold = *(ulong*)buffer;
        }

        // One pending notification of each type per flow.
        if (AllPendingLocked().Any(o => o.Kind == PendingKind.NotifyFlow && o.FlowId == flowId && o.Operation == (int)operation))
        {
            return ERROR_ALREADY_EXISTS;
        }

        return 0;
    }

    internal override unsafe int QOSCancel(nint qosHandle, NativeOverlapped* overlapped)
    {
        lock (_gate)
        {
            int error = TakeInjected(QwaveCatalog.QOSCancel);
            if (error == 0)
            {
                error = CheckHandle(qosHandle, out _);
            }

            if (error == 0)
            {
                // The OVERLAPPED must be the very one of a pending operation on this handle; never NULL.
                if (overlapped == null || !_pendingByOverlapped.TryGetValue((nint)overlapped, out PendingOperation? op) || op.Handle != qosHandle)
                {
                    error = ERROR_INVALID_PARAMETER;
                }
                else
                {
                    Log(QwaveCatalog.QOSCancel, qosHandle, op.FlowId, 0);
                    CompleteLocked(op, ERROR_OPERATION_ABORTED, 0);
                    LastError.Set(0);
                    return 1;
                }
            }

            return Fail(QwaveCatalog.QOSCancel, qosHandle, 0, error);
        }
    }

    /// <summary>Queues an overlapped request: FALSE + ERROR_IO_PENDING now, completion later.</summary>
    private unsafe int Queue(PendingOperation op)
    {
        if (_pendingByOverlapped.ContainsKey((nint)op.Overlapped))
        {
            // One OVERLAPPED cannot carry two requests at once (an assumption: general Win32 rule).
            return Fail(op.Function, op.Handle, op.FlowId, ERROR_INVALID_PARAMETER);
        }

        _pendingByOverlapped.Add((nint)op.Overlapped, op);
        Log(op.Function, op.Handle, op.FlowId, ERROR_IO_PENDING);
        if (op.Kind != PendingKind.NotifyFlow)
        {
            ScheduleLocked(op);
        }

        LastError.Set(ERROR_IO_PENDING);
        return 0;
    }

    /// <summary>What the OS says a SOCKET value is (family, type, peer); null when it is no socket.</summary>
    private sealed class SocketFacts
    {
        private SocketFacts(AddressFamily family, SocketType type, IPEndPoint? remote)
        {
            AddressFamily = family;
            SocketType = type;
            RemoteEndPoint = remote;
        }

        public AddressFamily AddressFamily { get; }

        public SocketType SocketType { get; }

        /// <summary>The peer of a connected socket.</summary>
        public IPEndPoint? RemoteEndPoint { get; }

        public static SocketFacts? Inspect(nint socket)
        {
            if (socket == 0 || socket == -1)
            {
                return null;
            }

            try
            {
#if NET
                // A non-owning view: the OS answers family, type and peer; the caller's socket stays open.
                using var view = new Socket(new SafeSocketHandle(socket, ownsHandle: false));
#else
                // netstandard2.0 cannot wrap a raw SOCKET: only the socket a QosSession is adding on this
                // thread is known; any other value is no socket (see Compat/SocketHandles.cs).
                Socket? view = SocketHandles.FindInCall(socket);
                if (view is null)
                {
                    return null;
                }
#endif
                // Any family and type: CheckDestination judges them with the addressing rules.
                return new SocketFacts(view.AddressFamily, view.SocketType, view.Connected ? view.RemoteEndPoint as IPEndPoint : null);
            }
            catch (SocketException)
            {
                return null;
            }
#if !NET
            catch (ObjectDisposedException)
            {
                return null;
            }
#endif
        }
    }
}
