using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

// The mechanics behind the public surface: argument checks, the call scope that lets disposal
// wait out in-flight calls, overlapped requests, and the disposal order.
public sealed partial class QosSession
{
    private unsafe delegate int OverlappedCall(QwaveBackend backend, nint qosHandle, uint* size, void* buffer, NativeOverlapped* overlapped);

    private unsafe delegate T ReadResult<T>(void* buffer, uint bytes);

    private unsafe delegate void InitBuffer(void* buffer);

    /// <summary>How a QOSCancel issued for a pending request turned out.</summary>
    private enum CancelOutcome
    {
        /// <summary>The request completes (aborted or not) through its OVERLAPPED; wait for it.</summary>
        Completing,

        /// <summary>qWAVE refused the cancel; the request may stay pending until the handle closes.</summary>
        Refused,
    }

    /// <summary>Native blocks (Size + Buffer) of overlapped requests not yet freed; 0 once every request has finished.</summary>
    internal int LiveRequestBlocks => Volatile.Read(ref _liveRequestBlocks);

    /// <summary>Exceptions caught on a completion path (they must never reach an I/O thread); 0 in a healthy run.</summary>
    internal int CompletionFaults => Volatile.Read(ref _completionFaults);

    /// <summary>True once QOSCloseHandle has released the session's handle.</summary>
    internal bool IsHandleClosed => _handle.IsClosed;

    /// <summary>True once the completion binding has been released (after the close, when every request has finished).</summary>
    internal bool IsBindingReleased
    {
        get { lock (_sync) { return _bindingReleased; } }
    }

    /// <summary>The last error of a call on this session's handle, remembered when it invalidated every flow.</summary>
    private QosException SessionError(string function)
    {
        int error = Compat.LastError.Get();
        NoteFailure(error);
        return new QosException(function, error);
    }

    /// <summary>Remembers the first ERROR_DEVICE_REINITIALIZATION_NEEDED / ERROR_GEN_FAILURE: qWAVE has dropped every flow.</summary>
    private void NoteFailure(int error)
    {
        if (error is QwaveCatalog.ERROR_DEVICE_REINITIALIZATION_NEEDED or QwaveCatalog.ERROR_GEN_FAILURE)
        {
            Interlocked.CompareExchange(ref _reinitializationError, error, 0);
        }
    }

    private static void CheckFlowId(QosFlowId flowId)
    {
        if (flowId.Value == 0)
        {
            throw new ArgumentException("Flow id 0 (default(QosFlowId)) is never a valid flow; use an id returned by AddSocketToFlow.", nameof(flowId));
        }
    }

    /// <summary>The last error of a call on <paramref name="flowId"/>, saying so when the flow is not one of this session's.</summary>
    private QosException FlowError(string function, QosFlowId flowId) => FlowError(function, flowId, Compat.LastError.Get());

    private QosException FlowError(string function, QosFlowId flowId, int error)
    {
        NoteFailure(error);
        FlowEntry? entry;
        lock (_sync)
        {
            _flows.TryGetValue(flowId, out entry);
        }

        string? detail = entry switch
        {
            null => $"Flow {flowId} is not a flow of this session: it was never added through it, or it has been removed.",
            { Adaptive: true } when function == QwaveCatalog.QOSAddSocketToFlow => $"Flow {flowId} is adaptive, and an adaptive flow carries exactly one socket; add the socket to a new flow.",
            _ => null,
        };
        return new QosException(function, error, detail);
    }

    /// <summary>
    /// QOSAddSocketToFlow. Caller bugs that need no qWAVE to see (null, an undefined traffic type, a closed
    /// socket, a disposed session) always throw. What qWAVE itself refuses, including the addressing rules
    /// it answers with ERROR_INVALID_PARAMETER, is returned; with <paramref name="argumentsThrow"/> the
    /// addressing rules throw <see cref="ArgumentException"/> instead, with the same message.
    /// </summary>
    private unsafe QosException? AddSocket(QosFlowId existing, Socket socket, IPEndPoint? destination, QosTrafficType trafficType, bool adaptive, bool argumentsThrow, out QosFlowId flowId)
    {
        flowId = default;
        Guard.NotNull(socket);
        CheckDefined(trafficType, nameof(trafficType));
        using SocketLease lease = SocketLease.Acquire(socket, nameof(socket), "Add an open socket.");
        if (DestinationProblem(socket, destination, out string parameter) is string problem)
        {
            return argumentsThrow
                ? throw new ArgumentException(problem, parameter)
                : new QosException(QwaveCatalog.QOSAddSocketToFlow, QwaveCatalog.ERROR_INVALID_PARAMETER, problem);
        }

        byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
        if (destination is not null)
        {
            WindowsSockAddr.Write(destination, new Span<byte>(address, WindowsSockAddr.MaxSize));
        }

        using CallScope scope = EnterCall();

        // qWAVE's answer and the flow table change together: a removal racing this join cannot land
        // between them and leave the table disagreeing with qWAVE.
        lock (_membership)
        {
            return AddSocketInScope(existing, destination is null ? null : address, trafficType, adaptive, argumentsThrow, lease.Value, out flowId);
        }
    }

    private unsafe QosException? AddSocketInScope(QosFlowId existing, byte* address, QosTrafficType trafficType, bool adaptive, bool argumentsThrow, nint raw, out QosFlowId flowId)
    {
        flowId = default;
        lock (_sync)
        {
            foreach ((QosFlowId member, FlowEntry entry) in _flows)
            {
                if (entry.Sockets.Contains(raw))
                {
                    // After qWAVE dropped every flow the session cannot remove this one any more:
                    // say what will help (a new session) rather than "remove it first".
                    int reset = Volatile.Read(ref _reinitializationError);
                    if (reset != 0)
                    {
                        return new QosException(QwaveCatalog.QOSAddSocketToFlow, reset, "qWAVE dropped every flow of this session's handle earlier; dispose this session, open a new one and add the socket there.");
                    }

                    string already = $"The socket is already in flow {member} of this session, and a socket joins at most one flow; remove it from that flow first.";
                    return argumentsThrow
                        ? throw new ArgumentException(already, "socket")
                        : new QosException(QwaveCatalog.QOSAddSocketToFlow, QwaveCatalog.ERROR_INVALID_PARAMETER, already);
                }
            }
        }

        // FlowId 0 on input asks for a new flow; a nonzero id joins that flow.
        uint id = existing.Value;
        uint flags = adaptive ? 0 : QwaveCatalog.QOS_NON_ADAPTIVE_FLOW;
        if (Backend.QOSAddSocketToFlow(RawHandle, raw, address, (QOS_TRAFFIC_TYPE)trafficType, flags, &id) == 0)
        {
            return existing.Value == 0 ? SessionError(QwaveCatalog.QOSAddSocketToFlow) : FlowError(QwaveCatalog.QOSAddSocketToFlow, existing);
        }

        flowId = new QosFlowId(id);
        lock (_sync)
        {
            if (!_flows.TryGetValue(flowId, out FlowEntry? entry))
            {
                // A new flow, or (after a join qWAVE accepted) a flow the table had lost: a shared one.
                _flows[flowId] = entry = new FlowEntry(existing.Value == 0 && adaptive);
            }

            entry.Sockets.Add(raw);
        }

        return null;
    }

    /// <summary>
    /// The addressing rules qWAVE answers with ERROR_INVALID_PARAMETER, checked here so the caller learns
    /// which one: null when the socket and destination are fine, else why not and which parameter.
    /// </summary>
    private static string? DestinationProblem(Socket socket, IPEndPoint? destination, out string parameter)
    {
        parameter = nameof(socket);
        if (socket.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return $"qWAVE flows carry IPv4 or IPv6 sockets only; this socket is {socket.AddressFamily}.";
        }

        if (socket.SocketType is not (SocketType.Dgram or SocketType.Stream))
        {
            return $"qWAVE flows carry UDP or TCP sockets only; this socket is {socket.SocketType}.";
        }

        if (destination is null)
        {
            if (!socket.Connected)
            {
                parameter = nameof(destination);
                return "The socket is not connected, so qWAVE needs the destination address and port.";
            }

            return null;
        }

        if (destination.Port == 0)
        {
            parameter = nameof(destination);
            return "The destination must carry a nonzero port.";
        }

        if (destination.Address.Equals(IPAddress.Any) || destination.Address.Equals(IPAddress.IPv6Any))
        {
            parameter = nameof(destination);
            return $"The destination {destination.Address} is the unspecified address, which names no peer.";
        }

        bool mapped = destination.Address.IsIPv4MappedToIPv6;
        if (destination.AddressFamily != socket.AddressFamily || mapped)
        {
            string hint = socket.AddressFamily == AddressFamily.InterNetworkV6
                ? " For an IPv4 peer on a dual-mode socket, connect the socket and pass no destination."
                : string.Empty;
            parameter = nameof(destination);
            return $"qWAVE does not mix IPv4 and IPv6: the socket is {socket.AddressFamily} but the destination is {(mapped ? "an IPv4-mapped IPv6 address" : destination.AddressFamily.ToString())}.{hint}";
        }

        if (socket.Connected && socket.RemoteEndPoint is IPEndPoint peer && !peer.Equals(destination))
        {
            parameter = nameof(destination);
            return $"The socket is connected to {peer}; a destination given for a connected socket must be that peer, not {destination}.";
        }

        return null;
    }

    private unsafe QosException? SetFlow(QosFlowId flowId, QOS_SET_FLOW operation, void* buffer, int size)
    {
        using CallScope scope = EnterCall();
        return Backend.QOSSetFlow(RawHandle, flowId.Value, operation, (uint)size, buffer, 0, null) == 0
            ? FlowError(QwaveCatalog.QOSSetFlow, flowId)
            : null;
    }

    private static void CheckRate(ulong bitsPerSecond, QosShaping shaping, QosFlowRateReason reason)
    {
        if (bitsPerSecond == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerSecond), bitsPerSecond, "A rate of 0 bits/s would stop the flow; give the IP-level rate, or QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH (0xFFFFFFFF) for a small default.");
        }

        if (bitsPerSecond == ulong.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerSecond), bitsPerSecond, "ulong.MaxValue is not the default-minimum sentinel: QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH is 0xFFFFFFFF.");
        }

        CheckDefined(shaping, nameof(shaping));
        CheckDefined(reason, nameof(reason));
    }

    private unsafe QosException? SetRate(QosFlowId flowId, ulong bitsPerSecond, QosShaping shaping, QosFlowRateReason reason)
    {
        CheckFlowId(flowId);
        CheckRate(bitsPerSecond, shaping, reason);
        var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = bitsPerSecond, ShapingBehavior = (QOS_SHAPING)shaping, Reason = (QOS_FLOWRATE_REASON)reason };
        return SetFlow(flowId, QOS_SET_FLOW.QOSSetOutgoingRate, &rate, sizeof(QOS_FLOWRATE_OUTGOING));
    }

    private unsafe QosException? SetDscp(QosFlowId flowId, int dscp)
    {
        CheckFlowId(flowId);
        if (dscp is < 0 or > QwaveCatalog.MaxDscp)
        {
            throw new ArgumentOutOfRangeException(nameof(dscp), dscp, "A DSCP value has 6 bits: 0-63 (not a TOS byte).");
        }

        uint value = (uint)dscp;
        return SetFlow(flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, &value, sizeof(uint));
    }

    private unsafe void Query(QosFlowId flowId, QOS_QUERY_FLOW operation, void* buffer, int size, uint flags)
    {
        CheckFlowId(flowId);
        using CallScope scope = EnterCall();
        uint inOut = (uint)size;
        if (Backend.QOSQueryFlow(RawHandle, flowId.Value, operation, &inOut, buffer, flags, null) == 0)
        {
            throw FlowError(QwaveCatalog.QOSQueryFlow, flowId);
        }
    }

    private unsafe Task Notify(QosFlowId flowId, QOS_NOTIFY_FLOW operation, ulong? threshold, CancellationToken cancellationToken)
    {
        CheckFlowId(flowId);
        uint id = flowId.Value;
        if (threshold is ulong bits)
        {
            return StartOverlapped<bool>(
                QwaveCatalog.QOSNotifyFlow,
                flowId,
                sizeof(ulong),
                buffer => *(ulong*)buffer = bits,
                (backend, handle, size, buffer, overlapped) => backend.QOSNotifyFlow(handle, id, operation, size, buffer, 0, overlapped),
                static (_, _) => true,
                cancellationToken);
        }

        // Congested/Uncongested: Buffer and Size are NULL, as in the SDK sample.
        return StartOverlapped<bool>(
            QwaveCatalog.QOSNotifyFlow,
            flowId,
            0,
            null,
            (backend, handle, size, buffer, overlapped) => backend.QOSNotifyFlow(handle, id, operation, null, null, 0, overlapped),
            static (_, _) => true,
            cancellationToken);
    }

    private unsafe void TrackClient(IPAddress client, bool start)
    {
        Guard.NotNull(client);
        if (client.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"qWAVE tracks IPv4 or IPv6 clients only; this address is {client.AddressFamily}.", nameof(client));
        }

        if (client.Equals(IPAddress.Any) || client.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException($"The client {client} is the unspecified address, which names no host.", nameof(client));
        }

        if (client.IsIPv4MappedToIPv6)
        {
            throw new ArgumentException($"qWAVE does not mix IPv4 and IPv6: pass the IPv4 address {client.MapToIPv4()} rather than the IPv4-mapped {client}.", nameof(client));
        }

        byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
        WindowsSockAddr.Write(new IPEndPoint(client, 0), new Span<byte>(address, WindowsSockAddr.MaxSize));
        using CallScope scope = EnterCall();
        int ok = start
            ? Backend.QOSStartTrackingClient(RawHandle, address, 0)
            : Backend.QOSStopTrackingClient(RawHandle, address, 0);
        if (ok == 0)
        {
            throw SessionError(start ? QwaveCatalog.QOSStartTrackingClient : QwaveCatalog.QOSStopTrackingClient);
        }

        lock (_sync)
        {
            if (start)
            {
                _trackedClients.Add(client);
            }
            else
            {
                _trackedClients.Remove(client);
            }
        }
    }

    private unsafe Task<T> StartOverlapped<T>(string function, QosFlowId flowId, int bufferSize, InitBuffer? init, OverlappedCall call, ReadResult<T> read, CancellationToken cancellationToken)
    {
        PendingRequest<T> request;
        using (CallScope scope = EnterCall())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<T>(cancellationToken);
            }

            request = new PendingRequest<T>(this, function, bufferSize, read, cancellationToken);
            try
            {
                init?.Invoke(request.Buffer);
                request.Overlapped = _binding.AllocateNativeOverlapped(request.OnCompleted);
            }
            catch
            {
                // No OVERLAPPED reached qWAVE: the native block is ours alone to free.
                request.Abandon(null);
                throw;
            }

            lock (_sync)
            {
                _pending.Add(request);
            }

            int ok;
            try
            {
                ok = call(Backend, RawHandle, request.Size, bufferSize == 0 ? null : request.Buffer, request.Overlapped);
            }
            catch (Exception e)
            {
                // The backend never took the request; release it so disposal does not wait for it.
                request.Abandon(null);
                throw new InvalidOperationException(function + " failed before reaching qWAVE.", e);
            }

            if (ok == 0)
            {
                int error = Compat.LastError.Get();
                if (error != QwaveCatalog.ERROR_IO_PENDING)
                {
                    // Refused outright: no completion will ever arrive for this OVERLAPPED.
                    request.Abandon(FlowError(function, flowId, error));
                    return request.Task;
                }
            }
        }

        // Queued (or completed synchronously, which on an IOCP-bound handle still posts a completion).
        // Outside the call scope: an already-cancelled token runs QOSCancel inline here, and a
        // Dispose racing this registration must not wait for it.
        request.WatchCancellation();
        return request.Task;
    }

    private void OnRequestFinished(PendingRequest request)
    {
        bool releaseBinding = false;
        lock (_sync)
        {
            _pending.Remove(request);
            _unwaited.Remove(request);
            SignalDrainsLocked();
            if (_closed && _pending.Count == 0 && _unwaited.Count == 0 && !_bindingReleased)
            {
                _bindingReleased = releaseBinding = true;
            }
        }

        if (releaseBinding)
        {
            _binding.Dispose();
        }
    }

    /// <summary>A request qWAVE would not cancel: disposal stops waiting for it, its memory waits for the close.</summary>
    private void StopWaitingFor(PendingRequest request)
    {
        lock (_sync)
        {
            if (_pending.Remove(request))
            {
                _unwaited.Add(request);
            }

            SignalDrainsLocked();
        }
    }

    private void SignalDrainsLocked()
    {
        if (_pending.Count == 0)
        {
            _requestsDrained?.TrySetResult();
            if (_unwaited.Count == 0)
            {
                _allFinished?.TrySetResult();
            }
        }
    }

    private void ReportCompletionFault() => Interlocked.Increment(ref _completionFaults);

    private bool IsDisposingForCompletion
    {
        get { lock (_sync) { return _disposing; } }
    }

    private CallScope EnterCall()
    {
        lock (_sync)
        {
            Guard.NotDisposed(_disposing, this);

            // The reference keeps QOSCloseHandle from running while the call uses the handle, even if
            // disposal stops waiting for it: the close then happens when the call returns.
            bool added = false;
            _handle.DangerousAddRef(ref added);
            _activeCalls++;
            return new CallScope(this);
        }
    }

    private void ExitCall()
    {
        lock (_sync)
        {
            if (--_activeCalls == 0)
            {
                _callsDrained?.TrySetResult();
            }
        }

        _handle.DangerousRelease();
    }

    private ValueTask DisposeCore(bool synchronous)
    {
        Task disposal;
        bool owner = false;
        lock (_sync)
        {
            if (_disposalSource is null)
            {
                _disposing = true;
                owner = true;
                _callsDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_activeCalls == 0)
                {
                    _callsDrained.TrySetResult();
                }

                _disposalSource = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            disposal = _disposalSource.Task;
        }

        if (!owner)
        {
            return synchronous ? Wait(disposal) : new ValueTask(disposal);
        }

        return RunDisposal(synchronous);

        static ValueTask Wait(Task task)
        {
            task.GetAwaiter().GetResult();
            return default;
        }
    }

    private async ValueTask RunDisposal(bool synchronous)
    {
        try
        {
            // 1. Calls already inside the session return first (they may be adding a flow).
            await WaitBounded(_callsDrained!.Task, synchronous).ConfigureAwait(false);

            // 2. Cancel every pending request and wait for its completion (ERROR_OPERATION_ABORTED).
            // No call is inside the session any more, so the set of pending requests can only shrink.
            PendingRequest[] pending;
            lock (_sync)
            {
                pending = _pending.ToArray();
                _requestsDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _allFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            foreach (PendingRequest request in pending)
            {
                // A refused cancel moves the request out of the drain: only the close can end it.
                _ = request.Cancel(byToken: false);
            }

            lock (_sync)
            {
                SignalDrainsLocked();
            }

            await WaitBounded(_requestsDrained!.Task, synchronous).ConfigureAwait(false);

            // 3. Remove every flow and stop tracking, while the handle is still open.
            QosFlowId[] flows;
            IPAddress[] clients;
            lock (_sync)
            {
                flows = _flows.Keys.OrderBy(f => f.Value).ToArray();
                clients = _trackedClients.ToArray();
            }

            RemoveAndStopTracking(flows, clients);

            // 4. Only now close the handle (deferred by SafeHandle until a call still inside returns).
            _handle.Dispose();

            // A backend that ignored the cancel still aborts everything on close.
            await WaitBounded(_allFinished!.Task, synchronous).ConfigureAwait(false);
            bool releaseBinding = false;
            lock (_sync)
            {
                _flows.Clear();
                _trackedClients.Clear();
                _closed = true;
                if (_pending.Count == 0 && _unwaited.Count == 0 && !_bindingReleased)
                {
                    _bindingReleased = releaseBinding = true;
                }
            }

            // Otherwise the last request to finish releases it: its OVERLAPPED must be freed first.
            if (releaseBinding)
            {
                _binding.Dispose();
            }
        }
        finally
        {
            _disposalSource!.TrySetResult();
        }
    }

    private unsafe void RemoveAndStopTracking(QosFlowId[] flows, IPAddress[] clients)
    {
        bool added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            nint handle = RawHandle;

            // Failures are not reported from Dispose; the close that follows removes whatever remains.
            foreach (QosFlowId flow in flows)
            {
                _ = Backend.QOSRemoveSocketFromFlow(handle, 0, flow.Value, 0) != 0;
            }

            byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
            foreach (IPAddress client in clients)
            {
                WindowsSockAddr.Write(new IPEndPoint(client, 0), new Span<byte>(address, WindowsSockAddr.MaxSize));
                _ = Backend.QOSStopTrackingClient(handle, address, 0) != 0;
            }
        }
        finally
        {
            _handle.DangerousRelease();
        }
    }

    private static async ValueTask WaitBounded(Task task, bool synchronous)
    {
        if (synchronous)
        {
            task.Wait(s_drainTimeout);
        }
        else
        {
            try
            {
                await task.WaitAsync(s_drainTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Bounded by design: the close that follows aborts whatever is still pending.
            }
        }
    }

    private readonly struct CallScope : IDisposable
    {
        private readonly QosSession _session;

        public CallScope(QosSession session) => _session = session;

        public void Dispose() => _session.ExitCall();
    }

    /// <summary>
    /// A socket's handle held open for the length of one qWAVE call, so a concurrent Close cannot
    /// hand the SOCKET value to another socket while qWAVE is reading it.
    /// </summary>
    private readonly struct SocketLease : IDisposable
    {
#if NET
        private readonly SafeSocketHandle _handle;

        private SocketLease(SafeSocketHandle handle, nint value)
#else
        // Null when the runtime exposes no SafeHandle for the socket: then nothing is held.
        private readonly SafeHandle? _handle;

        private SocketLease(SafeHandle? handle, nint value)
#endif
        {
            _handle = handle;
            Value = value;
        }

        public nint Value { get; }

        public static SocketLease Acquire(Socket socket, string parameterName, string advice)
        {
#if NET
            SafeSocketHandle? handle;
            try
            {
                handle = socket.SafeHandle;
            }
#else
            SafeHandle? handle;
            try
            {
                handle = SocketHandles.GetSafeHandle(socket);
                if (handle is null)
                {
                    // No SafeHandle to hold: the SOCKET value itself, as the caller's own code would pass it.
                    nint raw = socket.Handle;
                    SocketHandles.SetInCall(socket);
                    return new SocketLease(null, raw);
                }
            }
#endif
            catch (ObjectDisposedException)
            {
                handle = null;
            }

            bool added = false;
            try
            {
                // Socket.Handle still returns the old value after Dispose; the SafeHandle knows it is closed.
                if (handle is not null && !handle.IsInvalid)
                {
                    handle.DangerousAddRef(ref added);
                }
            }
            catch (ObjectDisposedException)
            {
                added = false;
            }

            if (!added)
            {
                throw new ObjectDisposedException(socket.GetType().FullName, $"The socket ({parameterName}) is closed. {advice}");
            }

#if !NET
            SocketHandles.SetInCall(socket);
#endif
            return new SocketLease(handle!, handle!.DangerousGetHandle());
        }

        public void Dispose()
        {
#if !NET
            SocketHandles.SetInCall(null);
#endif
            _handle?.DangerousRelease();
        }
    }

    /// <summary>An overlapped request in flight: its OVERLAPPED, Size and Buffer live in native memory until completion.</summary>
    private abstract unsafe class PendingRequest
    {
        private readonly object _gate = new();
        private readonly CancellationToken _token;
        private CancellationTokenRegistration _registration;
        private bool _completed;
        private bool _cancelRequested;
        private bool _canceledByToken;
        private void* _memory;

        protected PendingRequest(QosSession session, string function, int bufferSize, CancellationToken token)
        {
            Session = session;
            Function = function;
            _token = token;

            // [0..4) Size, [8..) Buffer: 8-aligned for the UINT64 fields.
            _memory = NativeMemory.AllocZeroed((nuint)(8 + Math.Max(bufferSize, 8)));
            Interlocked.Increment(ref session._liveRequestBlocks);
            Size = (uint*)_memory;
            *Size = (uint)bufferSize;
            Buffer = (byte*)_memory + 8;
        }

        protected QosSession Session { get; }

        protected string Function { get; }

        public uint* Size { get; }

        public void* Buffer { get; }

        public NativeOverlapped* Overlapped { get; set; }

        public void WatchCancellation()
        {
            if (!_token.CanBeCanceled)
            {
                return;
            }

            CancellationTokenRegistration registration;
            try
            {
                registration = _token.UnsafeRegister(static s => ((PendingRequest)s!).CancelByToken(), this);
            }
            catch (ObjectDisposedException)
            {
                // The token's source was disposed: it can no longer cancel, and the request is already queued.
                return;
            }

            bool completed;
            lock (_gate)
            {
                _registration = registration;
                completed = _completed;
            }

            if (completed)
            {
                registration.Unregister();
            }
        }

        private void CancelByToken()
        {
            try
            {
                _ = Cancel(byToken: true);
            }
            catch (Exception)
            {
                // Runs inside the caller's CancellationTokenSource.Cancel: never throw into it.
                Session.ReportCompletionFault();
            }
        }

        /// <summary>QOSCancel with this request's OVERLAPPED, at most once and never after completion.</summary>
        public CancelOutcome Cancel(bool byToken)
        {
            int error;
            lock (_gate)
            {
                if (_completed || _cancelRequested)
                {
                    return CancelOutcome.Completing;
                }

                _cancelRequested = true;
                _canceledByToken = byToken;

                // Under the gate: the completion cannot free the OVERLAPPED while QOSCancel reads it.
                // The handle reference keeps the close (and a reuse of the handle value) out meanwhile.
                bool added = false;
                try
                {
                    Session._handle.DangerousAddRef(ref added);
                }
                catch (ObjectDisposedException)
                {
                    // Closed: the close aborted the request, and its completion is on the way.
                    return CancelOutcome.Completing;
                }

                try
                {
                    error = Session.Backend.QOSCancel(Session.RawHandle, Overlapped) != 0 ? 0 : Compat.LastError.Get();
                }
                finally
                {
                    Session._handle.DangerousRelease();
                }
            }

            // ERROR_NOT_FOUND / ERROR_INVALID_PARAMETER: no longer pending, so it is completing anyway.
            if (error is 0 or QwaveCatalog.ERROR_NOT_FOUND or QwaveCatalog.ERROR_INVALID_PARAMETER)
            {
                return CancelOutcome.Completing;
            }

            // qWAVE kept the request (a refused QOSCancel). The caller asked to stop waiting, so the task
            // ends now; the OVERLAPPED and buffers stay allocated until qWAVE completes it or the close aborts it.
            SettleSafely(0, null, canceled: true, byToken ? _token : CancellationToken.None);
            Session.StopWaitingFor(this);
            return CancelOutcome.Refused;
        }

        public void OnCompleted(uint errorCode, uint numBytes, NativeOverlapped* overlapped)
        {
            // Runs on an I/O thread: an exception escaping here would end the process.
            try
            {
                Complete(errorCode, numBytes);
            }
            catch (Exception)
            {
                Session.ReportCompletionFault();
            }
        }

        private void Complete(uint errorCode, uint numBytes)
        {
            CancellationTokenRegistration registration;
            bool canceledByToken;
            lock (_gate)
            {
                if (_completed)
                {
                    // A second completion for one OVERLAPPED: its memory is already freed; touch nothing.
                    Session.ReportCompletionFault();
                    return;
                }

                _completed = true;
                registration = _registration;
                canceledByToken = _canceledByToken;
            }

            // Unregister, not Dispose: Dispose would wait for a token callback running on another thread.
            registration.Unregister();
            int error = (int)errorCode;
            if (error == 0)
            {
                Finish(numBytes, null, canceled: false, canceledByToken: false);
            }
            else if (error == QwaveCatalog.ERROR_OPERATION_ABORTED && (canceledByToken || Session.IsDisposingForCompletion))
            {
                Finish(0, null, canceled: true, canceledByToken);
            }
            else
            {
                Finish(0, new QosException(Function, error), canceled: false, canceledByToken: false);
            }
        }

        public void Abandon(QosException? error)
        {
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                _completed = true;
            }

            Finish(0, error, canceled: error is null, canceledByToken: false);
        }

        private void Finish(uint bytes, QosException? error, bool canceled, bool canceledByToken)
        {
            // Read the result before the memory goes, settle the task, and only then let disposal
            // proceed, so a task pending at disposal is already canceled when Dispose returns.
            try
            {
                SettleSafely(bytes, error, canceled, canceledByToken ? _token : CancellationToken.None);
            }
            finally
            {
                try
                {
                    if (Overlapped != null)
                    {
                        Session._binding.FreeNativeOverlapped(Overlapped);
                    }
                }
                finally
                {
                    NativeMemory.Free(_memory);
                    _memory = null;
                    Interlocked.Decrement(ref Session._liveRequestBlocks);
                    Session.OnRequestFinished(this);
                }
            }
        }

        private void SettleSafely(uint bytes, QosException? error, bool canceled, CancellationToken token)
        {
            try
            {
                Settle(bytes, error, canceled, token);
            }
            catch (Exception e)
            {
                // Reading the result failed: the caller sees that failure rather than a task that never ends.
                SettleFailure(e);
            }
        }

        protected abstract void Settle(uint bytes, QosException? error, bool canceled, CancellationToken token);

        protected abstract void SettleFailure(Exception error);
    }

    private sealed unsafe class PendingRequest<T> : PendingRequest
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ReadResult<T> _read;

        public PendingRequest(QosSession session, string function, int bufferSize, ReadResult<T> read, CancellationToken token)
            : base(session, function, bufferSize, token) => _read = read;

        public Task<T> Task => _completion.Task;

        protected override void Settle(uint bytes, QosException? error, bool canceled, CancellationToken token)
        {
            if (canceled)
            {
                _completion.TrySetCanceled(token);
            }
            else if (error is not null)
            {
                _completion.TrySetException(error);
            }
            else if (!_completion.Task.IsCompleted)
            {
                _completion.TrySetResult(_read(Buffer, bytes));
            }
        }

        protected override void SettleFailure(Exception error) => _completion.TrySetException(error);
    }
}
