using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;

namespace QosAnalyzers.Interop;

/// <summary>
/// Exact-ABI declarations of the eleven qwave.dll exports: blittable, SetLastError, pointer-sized
/// HANDLE and SOCKET, QOS_FLOWID by value where qos2.h passes it by value, BOOL as int, WINAPI
/// (the platform default: stdcall on x86). Checked against the catalog by the runtime tests.
/// </summary>
[SupportedOSPlatform("windows6.0.6000")]

internal static unsafe partial class QwaveNative
{
    private const string Qwave = "qwave.dll";

    [QwaveEntryPoint("QOSCreateHandle")]
    [LibraryImport(Qwave, EntryPoint = "QOSCreateHandle", SetLastError = true)]
    internal static partial int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle);

    [QwaveEntryPoint("QOSCloseHandle")]
    [LibraryImport(Qwave, EntryPoint = "QOSCloseHandle", SetLastError = true)]
    internal static partial int QOSCloseHandle(nint qosHandle);

    [QwaveEntryPoint("QOSStartTrackingClient")]
    [LibraryImport(Qwave, EntryPoint = "QOSStartTrackingClient", SetLastError = true)]
    internal static partial int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags);

    [QwaveEntryPoint("QOSStopTrackingClient")]
    [LibraryImport(Qwave, EntryPoint = "QOSStopTrackingClient", SetLastError = true)]
    internal static partial int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags);

    [QwaveEntryPoint("QOSEnumerateFlows")]
    [LibraryImport(Qwave, EntryPoint = "QOSEnumerateFlows", SetLastError = true)]
    internal static partial int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer);

    [QwaveEntryPoint("QOSAddSocketToFlow")]
    [LibraryImport(Qwave, EntryPoint = "QOSAddSocketToFlow", SetLastError = true)]
    internal static partial int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId);

    [QwaveEntryPoint("QOSRemoveSocketFromFlow")]
    [LibraryImport(Qwave, EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
    internal static partial int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags);

    [QwaveEntryPoint("QOSSetFlow")]
    [LibraryImport(Qwave, EntryPoint = "QOSSetFlow", SetLastError = true)]
    internal static partial int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped);

    [QwaveEntryPoint("QOSQueryFlow")]
    [LibraryImport(Qwave, EntryPoint = "QOSQueryFlow", SetLastError = true)]
    internal static partial int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);

    [QwaveEntryPoint("QOSNotifyFlow")]
    [LibraryImport(Qwave, EntryPoint = "QOSNotifyFlow", SetLastError = true)]
    internal static partial int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);

    [QwaveEntryPoint("QOSCancel")]
    [LibraryImport(Qwave, EntryPoint = "QOSCancel", SetLastError = true)]
    internal static partial int QOSCancel(nint qosHandle, NativeOverlapped* overlapped);
}
