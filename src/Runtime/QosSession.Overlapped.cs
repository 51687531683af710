// Overlapped requests (set, query, notify): started through the backend, completed through the
// completion binding, cancelled through QOSCancel; their native blocks live in PendingRequest.
using System;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Catalog;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

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

    private void ReportCompletionFault() => Interlocked.Increment(ref _completionFaults);

    private bool IsDisposingForCompletion
    {
        get { lock (_sync) { return _disposing; } }
    }
}
