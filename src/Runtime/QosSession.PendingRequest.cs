// One overlapped request in flight: its OVERLAPPED, Size and Buffer in native memory until completion,
// its cancellation, and the task it settles.
using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;

namespace QosAnalyzers;

public sealed partial class QosSession
{
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
