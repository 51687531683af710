// The public surface of QosSession: its state, Open, and the members callers use. The mechanics
// behind them live beside it, one concern per file: QosSession.Arguments.cs (argument checks),
// .Destination.cs (the DestAddr rules), .Errors.cs (failures as QosException), .Membership.cs
// (sockets joining and leaving flows), .SetAndQuery.cs, .Tracking.cs, .Overlapped.cs and
// .PendingRequest.cs (overlapped requests), .CallScope.cs (what a call holds open) and
// .Disposal.cs (the disposal order).
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

/// <summary>
/// One QOS handle and the flows, tracked clients and overlapped requests made through it.
/// Thread-safe. Disposal follows the documented order: pending requests are cancelled (QOSCancel)
/// and drained, every flow is removed, tracking is stopped, and only then is the handle closed,
/// so a close can never race a removal or abort a request behind the caller's back.
/// </summary>
public sealed partial class QosSession : IDisposable, IAsyncDisposable
{
    // Bounds each disposal wait; a backend that never completes a cancelled request must not hang Dispose.
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(10);

    private readonly object _sync = new();

    // Held across a membership call (add/remove socket or flow) and its flow-table update; never
    // while waiting for a completion. Order: _membership, then _sync or the backend's own lock.
    private readonly object _membership = new();
    private readonly QosHandle _handle;
    private readonly QosCompletionBinding _binding;
    private readonly Dictionary<QosFlowId, FlowEntry> _flows = new();
    private readonly HashSet<PendingRequest> _pending = new();

    // Requests whose QOSCancel qWAVE refused at disposal or on their token: their tasks have ended,
    // their native memory waits for the completion the close delivers.
    private readonly HashSet<PendingRequest> _unwaited = new();
    private readonly HashSet<IPAddress> _trackedClients = new();
    private int _activeCalls;
    private int _reinitializationError;
    private bool _disposing;
    private TaskCompletionSource? _callsDrained;
    private TaskCompletionSource? _requestsDrained;
    private TaskCompletionSource? _allFinished;
    private bool _closed;
    private bool _bindingReleased;
    private int _liveRequestBlocks;
    private int _completionFaults;
    private TaskCompletionSource? _disposalSource;

    private QosSession(QwaveBackend backend, QosHandle handle, QosCompletionBinding binding)
    {
        Backend = backend;
        _handle = handle;
        _binding = binding;
    }

    /// <summary>
    /// Opens a session on this OS's qWAVE: qwave.dll on Windows; elsewhere (Linux, macOS, FreeBSD) the
    /// <see cref="SocketOptionsBackend"/>, which marks the packets of each flow's sockets with IP_TOS /
    /// IPV6_TCLASS. Use <see cref="Open(QwaveBackend)"/> with a <see cref="QwaveSimulator"/> for a simulated network.
    /// </summary>
    /// <returns>The open session.</returns>
    /// <exception cref="PlatformNotSupportedException">Windows before Vista, or an OS with neither qwave.dll nor socket marking.</exception>
    /// <exception cref="QosException">QOSCreateHandle failed, or qwave.dll is not installed (Windows Server without the qWAVE feature).</exception>
    public static QosSession Open()
    {
        if (Platform.IsWindows())
        {
            if (!Platform.IsWindowsVistaOrLater())
            {
                throw new PlatformNotSupportedException("qWAVE (qwave.dll) exists only on Windows Vista and later.");
            }

            try
            {
                return Open(new NativeQwaveBackend());
            }
            catch (DllNotFoundException e)
            {
                throw QosException.QwaveNotInstalled(e);
            }
        }

        return Open(new SocketOptionsBackend());
    }

    /// <summary>Opens a session on <paramref name="backend"/>: QOSCreateHandle with version 1.0.</summary>
    /// <param name="backend">The backend, e.g. <c>new QwaveSimulator()</c>.</param>
    /// <returns>The open session.</returns>
    /// <exception cref="QosException">QOSCreateHandle failed.</exception>
    public static unsafe QosSession Open(QwaveBackend backend)
    {
        Guard.NotNull(backend);
        var version = new QOS_VERSION { MajorVersion = QwaveCatalog.VersionMajor, MinorVersion = QwaveCatalog.VersionMinor };
        nint raw;
        if (backend.QOSCreateHandle(&version, &raw) == 0)
        {
            throw LastError(QwaveCatalog.QOSCreateHandle);
        }

        var handle = new QosHandle(backend, raw);
        try
        {
            return new QosSession(backend, handle, backend.BindHandle(handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The backend the session calls: qwave.dll or a simulator.</summary>
    public QwaveBackend Backend { get; }

    /// <summary>True once disposal has begun; every other member then throws <see cref="ObjectDisposedException"/>.</summary>
    public bool IsDisposed
    {
        get { lock (_sync) { return _disposing; } }
    }

    /// <summary>Flows added through this session and not removed.</summary>
    public IReadOnlyCollection<QosFlowId> Flows
    {
        get
        {
            lock (_sync)
            {
                Guard.NotDisposed(_disposing, this);
                return _flows.Keys.OrderBy(f => f.Value).ToArray();
            }
        }
    }

    private nint RawHandle => _handle.DangerousGetHandle();

    /// <summary>
    /// Adds <paramref name="socket"/> to a new flow (QOSAddSocketToFlow with FlowId 0). A non-adaptive
    /// flow (<paramref name="adaptive"/> false: QOS_NON_ADAPTIVE_FLOW) is marked by traffic type and may
    /// take more sockets; an adaptive flow carries one socket and supports estimates and notifications.
    /// </summary>
    /// <param name="socket">A UDP or TCP socket over IPv4 or IPv6.</param>
    /// <param name="destination">The destination with its port; required unless the socket is connected, and then it must be the peer.</param>
    /// <param name="trafficType">The traffic type.</param>
    /// <param name="adaptive">True for an adaptive flow.</param>
    /// <returns>The new flow's id.</returns>
    /// <exception cref="ArgumentException">The socket or destination breaks an addressing rule qWAVE would refuse (the message says which).</exception>
    /// <exception cref="QosException">qWAVE refused the flow.</exception>
    public QosFlowId AddSocketToFlow(Socket socket, IPEndPoint? destination, QosTrafficType trafficType, bool adaptive)
    {
        QosException? error = AddSocket(default, socket, destination, trafficType, adaptive, argumentsThrow: true, out QosFlowId flowId);
        return error is null ? flowId : throw error;
    }

    /// <summary>
    /// Like <see cref="AddSocketToFlow"/>, for best-effort QoS: whatever qWAVE, the network or the machine
    /// can refuse is reported through <paramref name="error"/> and the method returns false, including the
    /// addressing rules qWAVE answers with ERROR_INVALID_PARAMETER (an unconnected socket without a
    /// destination, a destination without a port, mixed IPv4/IPv6, a socket already in a flow). Only caller
    /// bugs that need no qWAVE to see throw: a null socket, an undefined traffic type, a closed socket,
    /// a disposed session.
    /// </summary>
    /// <param name="socket">A UDP or TCP socket over IPv4 or IPv6.</param>
    /// <param name="destination">The destination with its port; required unless the socket is connected.</param>
    /// <param name="trafficType">The traffic type.</param>
    /// <param name="adaptive">True for an adaptive flow.</param>
    /// <param name="flowId">The new flow's id, or default on failure.</param>
    /// <param name="error">The failure, or null on success.</param>
    /// <returns>True when the flow was added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trafficType"/> is not a defined value.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed, or the session is disposed.</exception>
    public bool TryAddSocketToFlow(Socket socket, IPEndPoint? destination, QosTrafficType trafficType, bool adaptive, out QosFlowId flowId, [NotNullWhen(false)] out QosException? error)
    {
        error = AddSocket(default, socket, destination, trafficType, adaptive, argumentsThrow: false, out flowId);
        return error is null;
    }

    /// <summary>Adds another socket to an existing non-adaptive flow (QOSAddSocketToFlow with that FlowId).</summary>
    /// <param name="flowId">A non-adaptive flow of this session.</param>
    /// <param name="socket">A UDP or TCP socket over IPv4 or IPv6.</param>
    /// <param name="destination">The destination with its port; required unless the socket is connected.</param>
    /// <param name="trafficType">The traffic type.</param>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_NOT_SUPPORTED for an adaptive flow.</exception>
    public void AddSocketToExistingFlow(QosFlowId flowId, Socket socket, IPEndPoint? destination, QosTrafficType trafficType)
    {
        if (flowId.Value == 0)
        {
            throw new ArgumentException("Flow id 0 asks for a new flow; use " + nameof(AddSocketToFlow) + " for that.", nameof(flowId));
        }

        QosException? error = AddSocket(flowId, socket, destination, trafficType, adaptive: false, argumentsThrow: true, out _);
        if (error is not null)
        {
            throw error;
        }
    }

    /// <summary>Removes one socket from a flow (QOSRemoveSocketFromFlow); the flow ends with its last socket.</summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="socket">The socket; remove it before closing it.</param>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_NOT_FOUND.</exception>
    public void RemoveSocketFromFlow(QosFlowId flowId, Socket socket)
    {
        CheckFlowId(flowId);
        Guard.NotNull(socket);
        using SocketLease lease = SocketLease.Acquire(socket, nameof(socket), "Remove a socket from its flow before closing it, or use " + nameof(RemoveFlow) + ".");
        using CallScope scope = EnterCall();
        lock (_membership)
        {
            if (Backend.QOSRemoveSocketFromFlow(RawHandle, lease.Value, flowId.Value, 0) == 0)
            {
                int error = Compat.LastError.Get();
                QosException failure = FlowError(QwaveCatalog.QOSRemoveSocketFromFlow, flowId, error);
                if (QwaveNoLongerHasFlow(error))
                {
                    ForgetSocket(flowId, lease.Value);
                }

                throw failure;
            }

            ForgetSocket(flowId, lease.Value);
        }
    }

    /// <summary>Ends a whole flow, every socket included (QOSRemoveSocketFromFlow with Socket 0).</summary>
    /// <param name="flowId">The flow.</param>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_NOT_FOUND.</exception>
    public void RemoveFlow(QosFlowId flowId)
    {
        CheckFlowId(flowId);
        using CallScope scope = EnterCall();
        lock (_membership)
        {
            if (Backend.QOSRemoveSocketFromFlow(RawHandle, 0, flowId.Value, 0) == 0)
            {
                int error = Compat.LastError.Get();
                QosException failure = FlowError(QwaveCatalog.QOSRemoveSocketFromFlow, flowId, error);
                if (QwaveNoLongerHasFlow(error))
                {
                    lock (_sync)
                    {
                        _flows.Remove(flowId);
                    }
                }

                throw failure;
            }

            lock (_sync)
            {
                _flows.Remove(flowId);
            }
        }
    }

    /// <summary>Whether a flow of this session is adaptive.</summary>
    /// <param name="flowId">A flow added through this session.</param>
    /// <returns>True for an adaptive flow.</returns>
    /// <exception cref="ArgumentException">The flow was not added through this session, or was removed.</exception>
    public bool IsAdaptive(QosFlowId flowId)
    {
        CheckFlowId(flowId);
        lock (_sync)
        {
            Guard.NotDisposed(_disposing, this);
            return _flows.TryGetValue(flowId, out FlowEntry? entry)
                ? entry.Adaptive
                : throw new ArgumentException($"Flow {flowId} was not added through this session, or has been removed.", nameof(flowId));
        }
    }

    /// <summary>Changes a flow's traffic type (QOSSetFlow, QOSSetTrafficType).</summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="trafficType">The new traffic type.</param>
    /// <exception cref="QosException">qWAVE refused.</exception>
    public unsafe void SetTrafficType(QosFlowId flowId, QosTrafficType trafficType)
    {
        CheckFlowId(flowId);
        CheckDefined(trafficType, nameof(trafficType));
        var value = (QOS_TRAFFIC_TYPE)trafficType;
        ThrowIfFailed(SetFlow(flowId, QOS_SET_FLOW.QOSSetTrafficType, &value, sizeof(QOS_TRAFFIC_TYPE)));
    }

    /// <summary>Sets a flow's outgoing rate (QOSSetFlow, QOSSetOutgoingRate).</summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="bitsPerSecond">Bits per second at the IP level (headers included), or QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH.</param>
    /// <param name="shaping">How the rate is enforced.</param>
    /// <param name="reason">Why the rate changed; NotApplicable on the first call.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bitsPerSecond"/> is 0 or ulong.MaxValue (the sentinel is 0xFFFFFFFF), or an enum value is undefined.</exception>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_NETWORK_BUSY.</exception>
    public void SetOutgoingRate(QosFlowId flowId, ulong bitsPerSecond, QosShaping shaping = QosShaping.ShapeAndMark, QosFlowRateReason reason = QosFlowRateReason.NotApplicable) =>
        ThrowIfFailed(SetRate(flowId, bitsPerSecond, shaping, reason));

    /// <summary>Like <see cref="SetOutgoingRate"/>, but reports a qWAVE failure through <paramref name="error"/>.</summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="bitsPerSecond">Bits per second at the IP level.</param>
    /// <param name="shaping">How the rate is enforced.</param>
    /// <param name="reason">Why the rate changed.</param>
    /// <param name="error">The failure, or null on success.</param>
    /// <returns>True when the rate was set.</returns>
    public bool TrySetOutgoingRate(QosFlowId flowId, ulong bitsPerSecond, QosShaping shaping, QosFlowRateReason reason, [NotNullWhen(false)] out QosException? error)
    {
        error = SetRate(flowId, bitsPerSecond, shaping, reason);
        return error is null;
    }

    /// <summary>Sets a flow's outgoing rate with an overlapped QOSSetFlow.</summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="bitsPerSecond">Bits per second at the IP level.</param>
    /// <param name="shaping">How the rate is enforced.</param>
    /// <param name="reason">Why the rate changed.</param>
    /// <param name="cancellationToken">Cancels the request through QOSCancel.</param>
    /// <returns>Completes when qWAVE completes the request; faults with <see cref="QosException"/>.</returns>
    public unsafe Task SetOutgoingRateAsync(QosFlowId flowId, ulong bitsPerSecond, QosShaping shaping = QosShaping.ShapeAndMark, QosFlowRateReason reason = QosFlowRateReason.NotApplicable, CancellationToken cancellationToken = default)
    {
        CheckFlowId(flowId);
        CheckRate(bitsPerSecond, shaping, reason);
        var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = bitsPerSecond, ShapingBehavior = (QOS_SHAPING)shaping, Reason = (QOS_FLOWRATE_REASON)reason };
        uint id = flowId.Value;
        return StartOverlapped<bool>(
            QwaveCatalog.QOSSetFlow,
            flowId,
            sizeof(QOS_FLOWRATE_OUTGOING),
            buffer => *(QOS_FLOWRATE_OUTGOING*)buffer = rate,
            (backend, handle, size, buffer, overlapped) => backend.QOSSetFlow(handle, id, QOS_SET_FLOW.QOSSetOutgoingRate, (uint)sizeof(QOS_FLOWRATE_OUTGOING), buffer, 0, overlapped),
            static (_, _) => true,
            cancellationToken);
    }

    /// <summary>Sets a flow's outgoing DSCP value (QOSSetFlow, QOSSetOutgoingDSCPValue; Windows 7+, elevated callers only).</summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="dscp">The DSCP value, 0-63.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dscp"/> is not 0-63.</exception>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_ACCESS_DENIED without the privilege.</exception>
    public void SetOutgoingDscp(QosFlowId flowId, int dscp) => ThrowIfFailed(SetDscp(flowId, dscp));

    /// <summary>Like <see cref="SetOutgoingDscp"/>, but reports a qWAVE failure (e.g. no privilege) through <paramref name="error"/>.</summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="dscp">The DSCP value, 0-63.</param>
    /// <param name="error">The failure, or null on success.</param>
    /// <returns>True when the value was set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dscp"/> is not 0-63.</exception>
    public bool TrySetOutgoingDscp(QosFlowId flowId, int dscp, [NotNullWhen(false)] out QosException? error)
    {
        error = SetDscp(flowId, dscp);
        return error is null;
    }

    /// <summary>Reads the path estimates of an adaptive flow (QOSQueryFlow, QOSQueryFlowFundamentals).</summary>
    /// <param name="flowId">An adaptive flow.</param>
    /// <param name="fresh">Ask for fresh rather than cached data (QOS_QUERYFLOW_FRESH); may fail with ERROR_RETRY.</param>
    /// <returns>The estimates; a null member is not known yet.</returns>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_NOT_SUPPORTED for a non-adaptive flow or ERROR_NO_DATA.</exception>
    public unsafe QosFlowFundamentals QueryFundamentals(QosFlowId flowId, bool fresh = false)
    {
        QOS_FLOW_FUNDAMENTALS value;
        Query(flowId, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &value, sizeof(QOS_FLOW_FUNDAMENTALS), fresh ? QwaveCatalog.QOS_QUERYFLOW_FRESH : 0);
        return ToFundamentals(value);
    }

    /// <summary>Reads the path estimates of an adaptive flow with an overlapped QOSQueryFlow.</summary>
    /// <param name="flowId">An adaptive flow.</param>
    /// <param name="fresh">Ask for fresh rather than cached data.</param>
    /// <param name="cancellationToken">Cancels the request through QOSCancel.</param>
    /// <returns>The estimates; faults with <see cref="QosException"/>.</returns>
    public unsafe Task<QosFlowFundamentals> QueryFundamentalsAsync(QosFlowId flowId, bool fresh = false, CancellationToken cancellationToken = default)
    {
        CheckFlowId(flowId);
        uint id = flowId.Value;
        uint flags = fresh ? QwaveCatalog.QOS_QUERYFLOW_FRESH : 0;
        return StartOverlapped(
            QwaveCatalog.QOSQueryFlow,
            flowId,
            sizeof(QOS_FLOW_FUNDAMENTALS),
            null,
            (backend, handle, size, buffer, overlapped) => backend.QOSQueryFlow(handle, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, size, buffer, flags, overlapped),
            static (buffer, _) => ToFundamentals(*(QOS_FLOW_FUNDAMENTALS*)buffer),
            cancellationToken);
    }

    /// <summary>Reads the marks applied to a flow's packets (QOSQueryFlow, QOSQueryPacketPriority).</summary>
    /// <param name="flowId">The flow.</param>
    /// <returns>The DSCP and 802.1p values.</returns>
    /// <exception cref="QosException">qWAVE refused.</exception>
    public unsafe QosPacketPriority QueryPacketPriority(QosFlowId flowId)
    {
        QOS_PACKET_PRIORITY value;
        Query(flowId, QOS_QUERY_FLOW.QOSQueryPacketPriority, &value, sizeof(QOS_PACKET_PRIORITY), 0);
        return new QosPacketPriority(value.ConformantDSCPValue, value.NonConformantDSCPValue, value.ConformantL2Value, value.NonConformantL2Value);
    }

    /// <summary>Reads the rate set for a flow, in bits per second (QOSQueryFlow, QOSQueryOutgoingRate).</summary>
    /// <param name="flowId">The flow.</param>
    /// <returns>The rate given when the contract was set.</returns>
    /// <exception cref="QosException">qWAVE refused.</exception>
    public unsafe ulong QueryOutgoingRate(QosFlowId flowId)
    {
        ulong value;
        Query(flowId, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &value, sizeof(ulong), 0);
        return value;
    }

    /// <summary>Completes when the path of an adaptive flow is congested (at once if it already is).</summary>
    /// <param name="flowId">An adaptive flow.</param>
    /// <param name="cancellationToken">Cancels the notification through QOSCancel.</param>
    /// <returns>Completes on the condition; faults with <see cref="QosException"/> (e.g. ERROR_ALREADY_EXISTS).</returns>
    public Task WhenCongestedAsync(QosFlowId flowId, CancellationToken cancellationToken = default) =>
        Notify(flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, cancellationToken);

    /// <summary>Completes when the path of an adaptive flow is uncongested (at once if it already is).</summary>
    /// <param name="flowId">An adaptive flow.</param>
    /// <param name="cancellationToken">Cancels the notification through QOSCancel.</param>
    /// <returns>Completes on the condition; faults with <see cref="QosException"/>.</returns>
    public Task WhenUncongestedAsync(QosFlowId flowId, CancellationToken cancellationToken = default) =>
        Notify(flowId, QOS_NOTIFY_FLOW.QOSNotifyUncongested, null, cancellationToken);

    /// <summary>Completes when <paramref name="bitsPerSecond"/> becomes available to an adaptive flow.</summary>
    /// <param name="flowId">An adaptive flow.</param>
    /// <param name="bitsPerSecond">The threshold, bits per second at the IP level.</param>
    /// <param name="cancellationToken">Cancels the notification through QOSCancel.</param>
    /// <returns>Completes on the condition; faults with <see cref="QosException"/>.</returns>
    public Task WhenAvailableAsync(QosFlowId flowId, ulong bitsPerSecond, CancellationToken cancellationToken = default) =>
        Notify(flowId, QOS_NOTIFY_FLOW.QOSNotifyAvailable, bitsPerSecond, cancellationToken);

    /// <summary>Starts learning the path to a client early (QOSStartTrackingClient); the port plays no part.</summary>
    /// <param name="client">The client's IPv4 or IPv6 address.</param>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_NOT_SUPPORTED when the sink lacks LLTD.</exception>
    public void StartTrackingClient(IPAddress client) => TrackClient(client, start: true);

    /// <summary>Stops tracking a client (QOSStopTrackingClient); flows in progress are not affected.</summary>
    /// <param name="client">A client passed to <see cref="StartTrackingClient"/>.</param>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_INVALID_PARAMETER for a client not tracked.</exception>
    public void StopTrackingClient(IPAddress client) => TrackClient(client, start: false);

    /// <summary>
    /// Lists every flow in the QOS subsystem (QOSEnumerateFlows, which needs administrative rights),
    /// repeating the size protocol while flows are added in between.
    /// </summary>
    /// <returns>The flow ids.</returns>
    /// <exception cref="QosException">qWAVE refused, e.g. ERROR_ACCESS_DENIED.</exception>
    public unsafe IReadOnlyList<QosFlowId> EnumerateFlows()
    {
        using CallScope scope = EnterCall();
        uint[] ids = Array.Empty<uint>();
        while (true)
        {
            uint size = (uint)(ids.Length * sizeof(uint));
            int ok;
            fixed (uint* buffer = ids)
            {
                ok = Backend.QOSEnumerateFlows(RawHandle, &size, ids.Length == 0 ? null : buffer);
            }

            if (ok != 0)
            {
                return ids.Take((int)(size / sizeof(uint))).Select(id => new QosFlowId(id)).ToArray();
            }

            int error = Compat.LastError.Get();
            if (error != QwaveCatalog.ERROR_INSUFFICIENT_BUFFER || size <= ids.Length * sizeof(uint))
            {
                throw new QosException(QwaveCatalog.QOSEnumerateFlows, error);
            }

            // Size is in bytes; flows added before the next call make it fail again, hence the loop.
            ids = new uint[(size + sizeof(uint) - 1) / sizeof(uint)];
        }
    }

    /// <summary>
    /// Cancels and drains pending requests, removes every flow, stops tracking, then closes the handle.
    /// Idempotent; requests pending at disposal complete as canceled.
    /// </summary>
    public void Dispose() => DisposeCore(synchronous: true).AsTask().GetAwaiter().GetResult();

    /// <summary>Like <see cref="Dispose"/>, without blocking while pending requests drain.</summary>
    /// <returns>Completes when the handle is closed.</returns>
    public ValueTask DisposeAsync() => DisposeCore(synchronous: false);
}
