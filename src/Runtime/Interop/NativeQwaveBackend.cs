using System.Runtime.Versioning;
using System.Threading;
using QosAnalyzers.Compat;

namespace QosAnalyzers.Interop;

/// <summary>The qwave.dll backend: forwards each call unchanged; completion through the thread pool's IOCP.</summary>
[SupportedOSPlatform("windows6.0.6000")]
internal sealed class NativeQwaveBackend : QwaveBackend
{
    public override string Name => "qwave.dll";

    internal override unsafe int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle) => Done(QwaveNative.QOSCreateHandle(version, qosHandle));

    internal override int QOSCloseHandle(nint qosHandle) => Done(QwaveNative.QOSCloseHandle(qosHandle));

    internal override unsafe int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags) => Done(QwaveNative.QOSStartTrackingClient(qosHandle, destAddr, flags));

    internal override unsafe int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags) => Done(QwaveNative.QOSStopTrackingClient(qosHandle, destAddr, flags));

    internal override unsafe int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer) => Done(QwaveNative.QOSEnumerateFlows(qosHandle, size, buffer));

    internal override unsafe int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId) =>
        Done(QwaveNative.QOSAddSocketToFlow(qosHandle, socket, destAddr, trafficType, flags, flowId));

    internal override int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags) => Done(QwaveNative.QOSRemoveSocketFromFlow(qosHandle, socket, flowId, flags));

    internal override unsafe int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped) =>
        Done(QwaveNative.QOSSetFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped));

    internal override unsafe int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped) =>
        Done(QwaveNative.QOSQueryFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped));

    internal override unsafe int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped) =>
        Done(QwaveNative.QOSNotifyFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped));

    internal override unsafe int QOSCancel(nint qosHandle, NativeOverlapped* overlapped) => Done(QwaveNative.QOSCancel(qosHandle, overlapped));

    /// <summary>net8.0: LibraryImport already set the last P/Invoke error; netstandard2.0: copies the Win32 error into <see cref="LastError"/>.</summary>
    private static int Done(int result) =>
#if NET
        result;
#else
        LastError.CaptureWin32(result);
#endif

    internal override QosCompletionBinding BindHandle(QosHandle handle) => new ThreadPoolCompletionBinding(ThreadPoolBoundHandle.BindHandle(handle));

    /// <summary>The QOS handle is a file-style handle: the thread pool's IOCP delivers its completions.</summary>
    private sealed class ThreadPoolCompletionBinding : QosCompletionBinding
    {
        private readonly ThreadPoolBoundHandle _bound;

        public ThreadPoolCompletionBinding(ThreadPoolBoundHandle bound) => _bound = bound;

        public override unsafe NativeOverlapped* AllocateNativeOverlapped(QosCompletionCallback callback) =>
            _bound.AllocateNativeOverlapped((errorCode, numBytes, overlapped) => callback(errorCode, numBytes, overlapped), state: null, pinData: null);

        public override unsafe void FreeNativeOverlapped(NativeOverlapped* overlapped) => _bound.FreeNativeOverlapped(overlapped);

        public override void Dispose() => _bound.Dispose();
    }
}
