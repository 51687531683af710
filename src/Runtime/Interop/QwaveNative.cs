// Hand-written, and checked against the catalog by tests rather than generated from it. The package's
// [QwaveNativeMethods] generator emits DllImport for any project; the runtime wants LibraryImport on
// net8.0 (stubs made at compile time: trimming and Native AOT) and DllImport on netstandard2.0, and a
// generator's [LibraryImport] output would never be implemented, since generators do not see each
// other's output. Building the runtime with its own generator would also tie the library to the compiler
// plug-ins' build. So the eleven declarations are written out here, and SignatureTests checks both builds
// against QwaveCatalog: one declaration per export, entry point and module, SetLastError, WINAPI, exact
// spelling, and every parameter's ABI kind. docs/design/runtime.md says more.
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Interop;

/// <summary>
/// Exact-ABI declarations of the eleven qwave.dll exports: blittable, SetLastError, pointer-sized
/// HANDLE and SOCKET, QOS_FLOWID by value where qos2.h passes it by value, BOOL as int, WINAPI
/// (the platform default: stdcall on x86). Checked against the catalog by the runtime tests.
/// net8.0 declares them with LibraryImport; netstandard2.0 with the same signatures as DllImport
/// externs (blittable, so no marshalling stub either way), whose error
/// <see cref="NativeQwaveBackend"/> copies into <see cref="Compat.LastError"/>.
/// </summary>
[SupportedOSPlatform("windows6.0.6000")]
internal static unsafe partial class QwaveNative
{
    private const string Qwave = QwaveCatalog.ModuleName;

    [QwaveEntryPoint("QOSCreateHandle")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSCreateHandle", SetLastError = true)]
    internal static partial int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle);
#else
    [DllImport(Qwave, EntryPoint = "QOSCreateHandle", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle);
#endif

    [QwaveEntryPoint("QOSCloseHandle")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSCloseHandle", SetLastError = true)]
    internal static partial int QOSCloseHandle(nint qosHandle);
#else
    [DllImport(Qwave, EntryPoint = "QOSCloseHandle", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSCloseHandle(nint qosHandle);
#endif

    [QwaveEntryPoint("QOSStartTrackingClient")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSStartTrackingClient", SetLastError = true)]
    internal static partial int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags);
#else
    [DllImport(Qwave, EntryPoint = "QOSStartTrackingClient", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags);
#endif

    [QwaveEntryPoint("QOSStopTrackingClient")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSStopTrackingClient", SetLastError = true)]
    internal static partial int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags);
#else
    [DllImport(Qwave, EntryPoint = "QOSStopTrackingClient", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags);
#endif

    [QwaveEntryPoint("QOSEnumerateFlows")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSEnumerateFlows", SetLastError = true)]
    internal static partial int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer);
#else
    [DllImport(Qwave, EntryPoint = "QOSEnumerateFlows", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer);
#endif

    [QwaveEntryPoint("QOSAddSocketToFlow")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSAddSocketToFlow", SetLastError = true)]
    internal static partial int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId);
#else
    [DllImport(Qwave, EntryPoint = "QOSAddSocketToFlow", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId);
#endif

    [QwaveEntryPoint("QOSRemoveSocketFromFlow")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
    internal static partial int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags);
#else
    [DllImport(Qwave, EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags);
#endif

    [QwaveEntryPoint("QOSSetFlow")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSSetFlow", SetLastError = true)]
    internal static partial int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped);
#else
    [DllImport(Qwave, EntryPoint = "QOSSetFlow", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped);
#endif

    [QwaveEntryPoint("QOSQueryFlow")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSQueryFlow", SetLastError = true)]
    internal static partial int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);
#else
    [DllImport(Qwave, EntryPoint = "QOSQueryFlow", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);
#endif

    [QwaveEntryPoint("QOSNotifyFlow")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSNotifyFlow", SetLastError = true)]
    internal static partial int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);
#else
    [DllImport(Qwave, EntryPoint = "QOSNotifyFlow", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);
#endif

    [QwaveEntryPoint("QOSCancel")]
#if NET
    [LibraryImport(Qwave, EntryPoint = "QOSCancel", SetLastError = true)]
    internal static partial int QOSCancel(nint qosHandle, NativeOverlapped* overlapped);
#else
    [DllImport(Qwave, EntryPoint = "QOSCancel", SetLastError = true, ExactSpelling = true)]
    internal static extern int QOSCancel(nint qosHandle, NativeOverlapped* overlapped);
#endif
}
