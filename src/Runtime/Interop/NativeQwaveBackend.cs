using System.Runtime.Versioning;
using System.Threading;

namespace QosAnalyzers.Interop;

/// <summary>The qwave.dll backend: forwards each call unchanged; completion through the thread pool's IOCP.</summary>
[SupportedOSPlatform("windows6.0.6000")]
internal sealed class NativeQwaveBackend : QwaveBackend
{
    public override string Name => "qwave.dll";

    internal override unsafe int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle) => QwaveNative.QOSCreateHandle(version, qosHandle);

    internal override int QOSCloseHandle(nint qosHandle) => QwaveNative.QOSCloseHandle(qosHandle);

    internal override unsafe int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags) => QwaveNative.QOSStartTrackingClient(qosHandle, destAddr, flags);

    internal override unsafe int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags) => QwaveNative.QOSStopTrackingClient(qosHandle, destAddr, flags);

    internal override unsafe int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer) => QwaveNative.QOSEnumerateFlows(qosHandle, size, buffer);

    internal override unsafe int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId) =>
        QwaveNative.QOSAddSocketToFlow(qosHandle, socket, destAddr, trafficType, flags, flowId);

    internal override int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags) => QwaveNative.QOSRemoveSocketFromFlow(qosHandle, socket, flowId, flags);

    internal override unsafe int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped) =>
        QwaveNative.QOSSetFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped);

    internal override unsafe int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped) =>
        QwaveNative.QOSQueryFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped);

    internal override unsafe int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped) =>
        QwaveNative.QOSNotifyFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped);

    internal override unsafe int QOSCancel(nint qosHandle, NativeOverlapped* overlapped) => QwaveNative.QOSCancel(qosHandle, overlapped);

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
