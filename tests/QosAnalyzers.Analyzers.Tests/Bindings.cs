namespace QosAnalyzers.Analyzers.Tests;

/// <summary>
/// qWAVE bindings in every style the analyzers must recognize, as separate test documents. Each
/// declares SetLastError = true so that only the rule under test reports.
/// </summary>
internal static class Bindings
{
    /// <summary>Native enums and structs shared by the binding styles.</summary>
    public const string Types = """
        namespace Interop
        {
            public enum QOS_TRAFFIC_TYPE { QOSTrafficTypeBestEffort = 0, QOSTrafficTypeBackground = 1, QOSTrafficTypeExcellentEffort = 2, QOSTrafficTypeAudioVideo = 3, QOSTrafficTypeVoice = 4, QOSTrafficTypeControl = 5 }
            public enum QOS_SET_FLOW { QOSSetTrafficType = 0, QOSSetOutgoingRate = 1, QOSSetOutgoingDSCPValue = 2 }
            public enum QOS_QUERY_FLOW { QOSQueryFlowFundamentals = 0, QOSQueryPacketPriority = 1, QOSQueryOutgoingRate = 2 }
            public enum QOS_NOTIFY_FLOW { QOSNotifyCongested = 0, QOSNotifyUncongested = 1, QOSNotifyAvailable = 2 }
            public struct QOS_VERSION { public ushort MajorVersion; public ushort MinorVersion; }
            public static class QosConstants
            {
                public const uint QOS_QUERYFLOW_FRESH = 0x00000001;
                public const uint QOS_NON_ADAPTIVE_FLOW = 0x00000002;
            }
            [System.Flags]
            public enum QosFlags : uint { None = 0, Fresh = 1, NonAdaptive = 2 }
        }
        """;

    /// <summary>DllImport returning bool, IntPtr handles, native parameter names, class <c>Qwave</c>.</summary>
    public const string DllImportBool = Types + """

        namespace Interop
        {
            using System;
            using System.Runtime.InteropServices;

            public static class Qwave
            {
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSCreateHandle(ref QOS_VERSION Version, out IntPtr QOSHandle);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSCloseHandle(IntPtr QOSHandle);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, IntPtr Socket, IntPtr DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, ref uint FlowId);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSRemoveSocketFromFlow(IntPtr QOSHandle, IntPtr Socket, uint FlowId, uint Flags);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSSetFlow(IntPtr QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, IntPtr Buffer, uint Flags, IntPtr Overlapped);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSQueryFlow(IntPtr QOSHandle, uint FlowId, QOS_QUERY_FLOW Operation, ref uint Size, IntPtr Buffer, uint Flags, IntPtr Overlapped);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSNotifyFlow(IntPtr QOSHandle, uint FlowId, QOS_NOTIFY_FLOW Operation, IntPtr Size, IntPtr Buffer, uint Flags, IntPtr Overlapped);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSStartTrackingClient(IntPtr QOSHandle, IntPtr DestAddr, uint Flags);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSStopTrackingClient(IntPtr QOSHandle, IntPtr DestAddr, uint Flags);
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSCancel(IntPtr QOSHandle, IntPtr Overlapped);
            }
        }
        """;

    /// <summary>DllImport returning int, module through a constant ("QWAVE", no extension), EntryPoint aliases, nint and own parameter names, class <c>Native</c>.</summary>
    public const string DllImportIntAlias = Types + """

        namespace Interop
        {
            using System.Runtime.InteropServices;

            public static class Native
            {
                private const string Library = "QWAVE";

                [DllImport(Library, EntryPoint = "QOSCloseHandle", SetLastError = true)]
                public static extern int CloseHandle(nint handle);
                [DllImport(Library, EntryPoint = "QOSAddSocketToFlow", SetLastError = true)]
                public static extern int AddSocket(nint handle, nint socket, nint destination, QOS_TRAFFIC_TYPE type, uint options, ref uint flow);
                [DllImport(Library, EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
                public static extern int RemoveSocket(nint handle, nint socket, uint flow, uint reserved);
                [DllImport(Library, EntryPoint = "QOSSetFlow", SetLastError = true)]
                public static extern int SetFlow(nint handle, uint flow, QOS_SET_FLOW operation, uint size, nint buffer, uint reserved, nint overlapped);
                [DllImport(Library, EntryPoint = "QOSQueryFlow", SetLastError = true)]
                public static extern int QueryFlow(nint handle, uint flow, QOS_QUERY_FLOW operation, ref uint size, nint buffer, uint options, nint overlapped);
                [DllImport(Library, EntryPoint = "QOSNotifyFlow", SetLastError = true)]
                public static extern int NotifyFlow(nint handle, uint flow, QOS_NOTIFY_FLOW operation, nint size, nint buffer, uint reserved, nint overlapped);
                [DllImport(Library, EntryPoint = "QOSStartTrackingClient", SetLastError = true)]
                public static extern int StartTracking(nint handle, nint address, uint reserved);
                [DllImport(Library, EntryPoint = "QOSStopTrackingClient", SetLastError = true)]
                public static extern int StopTracking(nint handle, nint address, uint reserved);
                [DllImport(Library, EntryPoint = "QOSCancel", SetLastError = true)]
                public static extern int Cancel(nint handle, nint overlapped);
            }
        }
        """;

    /// <summary>LibraryImport with <c>[return: MarshalAs(Bool)]</c> and pointer parameters, class <c>Qos</c>.</summary>
    public const string LibraryImportPointers = Types + """

        namespace Interop
        {
            using System.Runtime.InteropServices;
            using System.Threading;

            public static unsafe partial class Qos
            {
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSCloseHandle(nint QOSHandle);
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSAddSocketToFlow(nint QOSHandle, nint Socket, void* DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, uint* FlowId);
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSRemoveSocketFromFlow(nint QOSHandle, nint Socket, uint FlowId, uint Flags);
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSSetFlow(nint QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, void* Buffer, uint Flags, NativeOverlapped* Overlapped);
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSQueryFlow(nint QOSHandle, uint FlowId, QOS_QUERY_FLOW Operation, uint* Size, void* Buffer, uint Flags, NativeOverlapped* Overlapped);
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSNotifyFlow(nint QOSHandle, uint FlowId, QOS_NOTIFY_FLOW Operation, uint* Size, void* Buffer, uint Flags, NativeOverlapped* Overlapped);
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSStartTrackingClient(nint QOSHandle, void* DestAddr, uint Flags);
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSStopTrackingClient(nint QOSHandle, void* DestAddr, uint Flags);
                [LibraryImport("qwave", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static partial bool QOSCancel(nint QOSHandle, NativeOverlapped* Overlapped);
            }
        }
        """;

    /// <summary>CsWin32's shape: BOOL and HANDLE structs, raw externs in Windows.Win32.PInvoke and SafeHandle friendly overloads.</summary>
    public const string CsWin32 = Types + """

        namespace Windows.Win32.Foundation
        {
            public readonly struct BOOL
            {
                private readonly int value;
                public BOOL(int value) => this.value = value;
                public static implicit operator bool(BOOL value) => value.value != 0;
                public static implicit operator BOOL(bool value) => new BOOL(value ? 1 : 0);
            }

            public readonly struct HANDLE
            {
                public readonly nint Value;
                public HANDLE(nint value) => Value = value;
            }
        }

        namespace Windows.Win32
        {
            using System.Runtime.InteropServices;
            using System.Threading;
            using Interop;
            using Windows.Win32.Foundation;

            public static unsafe partial class PInvoke
            {
                [DllImport("qwave.dll", ExactSpelling = true, SetLastError = true)]
                public static extern BOOL QOSCloseHandle(HANDLE QOSHandle);
                [DllImport("qwave.dll", ExactSpelling = true, SetLastError = true)]
                public static extern BOOL QOSRemoveSocketFromFlow(HANDLE QOSHandle, nuint Socket, uint FlowId, uint Flags);
                [DllImport("qwave.dll", ExactSpelling = true, SetLastError = true)]
                public static extern BOOL QOSSetFlow(HANDLE QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, void* Buffer, uint Flags, NativeOverlapped* Overlapped);
                [DllImport("qwave.dll", ExactSpelling = true, SetLastError = true)]
                public static extern BOOL QOSAddSocketToFlow(HANDLE QOSHandle, nuint Socket, void* DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, uint* FlowId);

                public static BOOL QOSSetFlow(SafeHandle QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, void* Buffer, uint Flags, NativeOverlapped* Overlapped)
                {
                    bool added = false;
                    try
                    {
                        QOSHandle.DangerousAddRef(ref added);
                        return QOSSetFlow(new HANDLE(QOSHandle.DangerousGetHandle()), FlowId, Operation, Size, Buffer, Flags, Overlapped);
                    }
                    finally
                    {
                        if (added)
                        {
                            QOSHandle.DangerousRelease();
                        }
                    }
                }

                public static BOOL QOSRemoveSocketFromFlow(SafeHandle QOSHandle, nuint Socket, uint FlowId, uint Flags)
                {
                    bool added = false;
                    try
                    {
                        QOSHandle.DangerousAddRef(ref added);
                        return QOSRemoveSocketFromFlow(new HANDLE(QOSHandle.DangerousGetHandle()), Socket, FlowId, Flags);
                    }
                    finally
                    {
                        if (added)
                        {
                            QOSHandle.DangerousRelease();
                        }
                    }
                }
            }
        }
        """;


    /// <summary>Wrappers marked with QwaveEntryPoint: a full-signature one (positional) and shorter ones (by name).</summary>
    public const string EntryPointMarked = Types + """

        namespace Interop
        {
            using System;
            using QosAnalyzers;

            public sealed class QosFlowApi
            {
                private readonly IntPtr _handle;

                public QosFlowApi(IntPtr handle) => _handle = handle;

                [QwaveEntryPoint("QOSSetFlow")]
                public static bool SetFlowRaw(IntPtr handle, uint flowId, QOS_SET_FLOW operation, uint size, IntPtr buffer, uint flags, IntPtr overlapped) => true;

                // Bound by parameter name: the handle is the instance's.
                [QwaveEntryPoint("QOSRemoveSocketFromFlow")]
                public bool Remove(IntPtr socket, uint flowId, uint flags = 0) => _handle != IntPtr.Zero;

                [QwaveEntryPoint("QOSStartTrackingClient")]
                public int StartTracking(IntPtr destAddr, uint flags) => 1;

                [QwaveEntryPoint("QOSCloseHandle")]
                public static bool Close(IntPtr qosHandle) => true;
            }
        }
        """;

    /// <summary>The same function names imported from other modules: never qWAVE calls.</summary>
    public const string OtherModules = """
        namespace Elsewhere
        {
            using System;
            using System.Runtime.InteropServices;
            using Interop;

            public static class Lookalike
            {
                [DllImport("qos2.dll")]
                public static extern bool QOSSetFlow(IntPtr QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, IntPtr Buffer, uint Flags, IntPtr Overlapped);
                [DllImport("qwave2.dll")]
                public static extern bool QOSRemoveSocketFromFlow(IntPtr QOSHandle, IntPtr Socket, uint FlowId, uint Flags);
                [DllImport("kernel32.dll", EntryPoint = "QOSCloseHandle")]
                public static extern bool QOSCloseHandle(IntPtr QOSHandle);

                // Not an import at all.
                public static bool QOSStartTrackingClient(IntPtr QOSHandle, IntPtr DestAddr, uint Flags) => true;
            }
        }
        """;

}
