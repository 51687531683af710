// Disposal in the documented order: calls drain, pending requests are cancelled and drained, every
// flow is removed and tracking stopped, and only then is the handle closed.
using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

public sealed partial class QosSession
{
    /// <summary>True once QOSCloseHandle has released the session's handle.</summary>
    internal bool IsHandleClosed => _handle.IsClosed;

    /// <summary>True once the completion binding has been released (after the close, when every request has finished).</summary>
    internal bool IsBindingReleased
    {
        get { lock (_sync) { return _bindingReleased; } }
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
}
