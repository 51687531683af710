// What one call holds open: the session's handle (CallScope, which also lets disposal wait out
// in-flight calls) and, for the socket calls, the socket's handle (SocketLease).
using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using QosAnalyzers.Compat;

namespace QosAnalyzers;

public sealed partial class QosSession
{
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
}
