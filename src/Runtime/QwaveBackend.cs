using System.Threading;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

/// <summary>
/// Where qWAVE calls go: qwave.dll (<see cref="QosSession.Open()"/>) or <see cref="QwaveSimulator"/>.
/// The seam is the raw ABI: each member mirrors one native signature exactly, returns the BOOL as
/// an int and reports failures through the last P/Invoke error, so the session code that runs on
/// the simulator is the code that runs on Windows.
/// </summary>
public abstract class QwaveBackend
{
    private protected QwaveBackend()
    {
    }

    /// <summary>A short name for diagnostics ("qwave.dll" or "simulator").</summary>
    public abstract string Name { get; }

    internal abstract unsafe int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle);

    internal abstract int QOSCloseHandle(nint qosHandle);

    internal abstract unsafe int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags);

    internal abstract unsafe int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags);

    internal abstract unsafe int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer);

    internal abstract unsafe int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId);

    internal abstract int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags);

    internal abstract unsafe int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped);

    internal abstract unsafe int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);

    internal abstract unsafe int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);

    internal abstract unsafe int QOSCancel(nint qosHandle, NativeOverlapped* overlapped);

    /// <summary>
    /// Binds a QOS handle for overlapped completion: native qWAVE through the thread pool's I/O
    /// completion port, the simulator through its own delivery of the same callback.
    /// </summary>
    internal abstract QosCompletionBinding BindHandle(QosHandle handle);
}

/// <summary>
/// Allocates OVERLAPPEDs whose completion (Win32 error code, bytes) reaches a
/// <see cref="QosCompletionCallback"/>; one per bound QOS handle.
/// </summary>
internal abstract class QosCompletionBinding : System.IDisposable
{
    /// <summary>An OVERLAPPED in unmovable memory; it stays valid until <see cref="FreeNativeOverlapped"/>.</summary>
    public abstract unsafe NativeOverlapped* AllocateNativeOverlapped(QosCompletionCallback callback);

    public abstract unsafe void FreeNativeOverlapped(NativeOverlapped* overlapped);

    public abstract void Dispose();
}

/// <summary>
/// The completion of an overlapped qWAVE request: the shape of <see cref="IOCompletionCallback"/>,
/// which is Windows-only, so the simulator can deliver the same callback on every platform.
/// </summary>
internal unsafe delegate void QosCompletionCallback(uint errorCode, uint numBytes, NativeOverlapped* overlapped);
