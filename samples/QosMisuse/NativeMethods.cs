using System.Runtime.InteropServices;
using System.Threading;

namespace QosMisuse;

/// <summary>Hand-written qWAVE bindings, as found in many code bases.</summary>
internal static unsafe class Qwave
{
    private const string Module = "qwave.dll";

    [StructLayout(LayoutKind.Sequential)]
    public struct QOS_VERSION
    {
        public ushort MajorVersion;
        public ushort MinorVersion;
    }

    [DllImport(Module)] // expect: QOS004
    public static extern bool QOSCreateHandle(ref QOS_VERSION version, out nint qosHandle);

    [DllImport(Module, SetLastError = true)]
    public static extern bool QOSCloseHandle(nint qosHandle);

    [DllImport(Module, SetLastError = true)]
    public static extern bool QOSAddSocketToFlow(nint qosHandle, nint socket, void* destAddr, int trafficType, uint flags, ref uint flowId);

    [DllImport(Module, SetLastError = true)]
    public static extern bool QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags);

    [DllImport(Module, SetLastError = true)]
    public static extern bool QOSSetFlow(nint qosHandle, uint flowId, int operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped);

    [DllImport(Module, SetLastError = true)]
    public static extern bool QOSNotifyFlow(nint qosHandle, uint flowId, int operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);

    public const uint QOS_NON_ADAPTIVE_FLOW = 0x2;
    public const int QOSTrafficTypeVoice = 4;
    public const int QOSSetOutgoingDSCPValue = 2;
}
