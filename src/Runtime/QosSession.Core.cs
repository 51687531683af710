using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Catalog;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

// The mechanics behind the public surface: argument checks, the call scope that lets disposal
// wait out in-flight calls, overlapped requests, and the disposal order.
public sealed partial class QosSession
{
    private unsafe delegate int OverlappedCall(QwaveBackend backend, nint qosHandle, uint* size, void* buffer, NativeOverlapped* overlapped);

    private unsafe delegate T ReadResult<T>(void* buffer, uint bytes);

    private unsafe delegate void InitBuffer(void* buffer);

    private unsafe QosException? AddSocket(QosFlowId existing, Socket socket, IPEndPoint? destination, QosTrafficType trafficType, bool adaptive, out QosFlowId flowId)
    {
        flowId = default;
        ArgumentNullException.ThrowIfNull(socket);
        CheckDefined(trafficType, nameof(trafficType));
        nint raw = SocketHandle(socket, nameof(socket), "Add an open socket.");
        CheckDestination(socket, destination);

        byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
        if (destination is not null)
        {
            WindowsSockAddr.Write(destination, new Span<byte>(address, WindowsSockAddr.MaxSize));
        }

        using CallScope scope = EnterCall();

        // FlowId 0 on input asks for a new flow; a nonzero id joins that flow.
        uint id = existing.Value;
        uint flags = adaptive ? 0 : QwaveCatalog.QOS_NON_ADAPTIVE_FLOW;
        if (Backend.QOSAddSocketToFlow(RawHandle, raw, destination is null ? null : address, (QOS_TRAFFIC_TYPE)trafficType, flags, &id) == 0)
        {
            return LastError(QwaveCatalog.QOSAddSocketToFlow);
        }

        flowId = new QosFlowId(id);
        lock (_sync)
        {
            if (!_flows.TryGetValue(flowId, out FlowEntry? entry))
            {
                _flows[flowId] = entry = new FlowEntry(adaptive);
            }

            entry.Sockets.Add(raw);
        }

        return null;
    }

    /// <summary>The addressing rules, checked here so the caller gets a clear message rather than ERROR_INVALID_PARAMETER.</summary>
    private static void CheckDestination(Socket socket, IPEndPoint? destination)
    {
        if (socket.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("qWAVE flows carry IPv4 or IPv6 sockets only.", nameof(socket));
        }

        if (destination is null)
        {
            if (!socket.Connected)
            {
                throw new ArgumentException("The socket is not connected, so qWAVE needs the destination address and port.", nameof(destination));
            }

            return;
        }

        if (destination.Port == 0)
        {
            throw new ArgumentException("The destination must carry a nonzero port.", nameof(destination));
        }

        bool mapped = destination.Address.IsIPv4MappedToIPv6;
        if (destination.AddressFamily != socket.AddressFamily || mapped)
        {
            string hint = socket.AddressFamily == AddressFamily.InterNetworkV6
                ? " For an IPv4 peer on a dual-mode socket, connect the socket and pass no destination."
                : string.Empty;
            throw new ArgumentException(
                $"qWAVE does not mix IPv4 and IPv6: the socket is {socket.AddressFamily} but the destination is {(mapped ? "an IPv4-mapped IPv6 address" : destination.AddressFamily.ToString())}.{hint}",
                nameof(destination));
        }
    }

    private unsafe QosException? SetFlow(QosFlowId flowId, QOS_SET_FLOW operation, void* buffer, int size)
    {
        using CallScope scope = EnterCall();
        return Backend.QOSSetFlow(RawHandle, flowId.Value, operation, (uint)size, buffer, 0, null) == 0
            ? LastError(QwaveCatalog.QOSSetFlow)
            : null;
    }

    private unsafe QosException? SetRate(QosFlowId flowId, ulong bitsPerSecond, QosShaping shaping, QosFlowRateReason reason)
    {
        CheckDefined(shaping, nameof(shaping));
        CheckDefined(reason, nameof(reason));
        var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = bitsPerSecond, ShapingBehavior = (QOS_SHAPING)shaping, Reason = (QOS_FLOWRATE_REASON)reason };
        return SetFlow(flowId, QOS_SET_FLOW.QOSSetOutgoingRate, &rate, sizeof(QOS_FLOWRATE_OUTGOING));
    }

    private unsafe QosException? SetDscp(QosFlowId flowId, int dscp)
    {
        if (dscp is < 0 or > QwaveCatalog.MaxDscp)
        {
            throw new ArgumentOutOfRangeException(nameof(dscp), dscp, "A DSCP value has 6 bits: 0-63 (not a TOS byte).");
        }

        uint value = (uint)dscp;
        return SetFlow(flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, &value, sizeof(uint));
    }

    private unsafe void Query(QosFlowId flowId, QOS_QUERY_FLOW operation, void* buffer, int size, uint flags)
    {
        using CallScope scope = EnterCall();
        uint inOut = (uint)size;
        if (Backend.QOSQueryFlow(RawHandle, flowId.Value, operation, &inOut, buffer, flags, null) == 0)
        {
            throw LastError(QwaveCatalog.QOSQueryFlow);
        }
    }

    private unsafe Task Notify(QosFlowId flowId, QOS_NOTIFY_FLOW operation, ulong? threshold, CancellationToken cancellationToken)
    {
        uint id = flowId.Value;
        if (threshold is ulong bits)
        {
            return StartOverlapped<bool>(
                QwaveCatalog.QOSNotifyFlow,
                sizeof(ulong),
                buffer => *(ulong*)buffer = bits,
                (backend, handle, size, buffer, overlapped) => backend.QOSNotifyFlow(handle, id, operation, size, buffer, 0, overlapped),
                static (_, _) => true,
                cancellationToken);
        }

        // Congested/Uncongested: Buffer and Size are NULL, as in the SDK sample.
        return StartOverlapped<bool>(
            QwaveCatalog.QOSNotifyFlow,
            0,
            null,
            (backend, handle, size, buffer, overlapped) => backend.QOSNotifyFlow(handle, id, operation, null, null, 0, overlapped),
            static (_, _) => true,
            cancellationToken);
    }

    private unsafe void TrackClient(IPAddress client, bool start)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("qWAVE tracks IPv4 or IPv6 clients only.", nameof(client));
        }

        byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
        WindowsSockAddr.Write(new IPEndPoint(client, 0), new Span<byte>(address, WindowsSockAddr.MaxSize));
        using CallScope scope = EnterCall();
        int ok = start
            ? Backend.QOSStartTrackingClient(RawHandle, address, 0)
            : Backend.QOSStopTrackingClient(RawHandle, address, 0);
        if (ok == 0)
        {
            throw LastError(start ? QwaveCatalog.QOSStartTrackingClient : QwaveCatalog.QOSStopTrackingClient);
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

    private unsafe Task<T> StartOverlapped<T>(string function, int bufferSize, InitBuffer? init, OverlappedCall call, ReadResult<T> read, CancellationToken cancellationToken)
    {
        using CallScope scope = EnterCall();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var request = new PendingRequest<T>(this, function, bufferSize, read, cancellationToken);
        init?.Invoke(request.Buffer);
        request.Overlapped = _binding.AllocateNativeOverlapped(request.OnCompleted);
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
            int error = Marshal.GetLastPInvokeError();
            if (error != QwaveCatalog.ERROR_IO_PENDING)
            {
                // Refused outright: no completion will ever arrive for this OVERLAPPED.
                request.Abandon(new QosException(function, error));
                return request.Task;
            }
        }

        // Queued (or completed synchronously, which on an IOCP-bound handle still posts a completion).
        request.WatchCancellation();
        return request.Task;
    }

    private void OnRequestFinished(PendingRequest request)
    {
        lock (_sync)
        {
            _pending.Remove(request);
            if (_pending.Count == 0)
            {
                _requestsDrained?.TrySetResult();
            }
        }
    }

    private bool IsDisposingForCompletion
    {
        get { lock (_sync) { return _disposing; } }
    }

    private CallScope EnterCall()
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposing, this);
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
                if (_pending.Count == 0)
                {
                    _requestsDrained.TrySetResult();
                }
            }

            foreach (PendingRequest request in pending)
            {
                request.Cancel(byToken: false);
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

            // 4. Only now close the handle.
            _handle.Dispose();

            // A backend that ignored the cancel still aborts everything on close.
            await WaitBounded(_requestsDrained.Task, synchronous).ConfigureAwait(false);
            lock (_sync)
            {
                _flows.Clear();
                _trackedClients.Clear();
                if (_pending.Count == 0)
                {
                    _binding.Dispose();
                }
            }
        }
        finally
        {
            _disposalSource!.TrySetResult();
        }
    }

    private unsafe void RemoveAndStopTracking(QosFlowId[] flows, IPAddress[] clients)
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

            CancellationTokenRegistration registration = _token.UnsafeRegister(static s => ((PendingRequest)s!).Cancel(byToken: true), this);
            bool completed;
            lock (_gate)
            {
                _registration = registration;
                completed = _completed;
            }

            if (completed)
            {
                registration.Dispose();
            }
        }

        /// <summary>QOSCancel with this request's OVERLAPPED, at most once and never after completion.</summary>
        public void Cancel(bool byToken)
        {
            lock (_gate)
            {
                if (_completed || _cancelRequested)
                {
                    return;
                }

                _cancelRequested = true;
                _canceledByToken = byToken;

                // Under the gate: the completion cannot free the OVERLAPPED while QOSCancel reads it.
                // A failed cancel (the request is completing anyway) needs no handling.
                if (!Session._handle.IsClosed)
                {
                    _ = Session.Backend.QOSCancel(Session.RawHandle, Overlapped) != 0;
                }
            }
        }

        public void OnCompleted(uint errorCode, uint numBytes, NativeOverlapped* overlapped)
        {
            CancellationTokenRegistration registration;
            bool canceledByToken;
            lock (_gate)
            {
                _completed = true;
                registration = _registration;
                canceledByToken = _canceledByToken;
            }

            registration.Dispose();
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
                Settle(bytes, error, canceled, canceledByToken ? _token : CancellationToken.None);
            }
            finally
            {
                Session._binding.FreeNativeOverlapped(Overlapped);
                NativeMemory.Free(_memory);
                _memory = null;
                Session.OnRequestFinished(this);
            }
        }

        protected abstract void Settle(uint bytes, QosException? error, bool canceled, CancellationToken token);
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
            else
            {
                _completion.TrySetResult(_read(Buffer, bytes));
            }
        }
    }
}
