using System.Runtime.InteropServices;
using System.Threading;

namespace QosMisuse;

/// <summary>
/// A hand-written binding with the signature mistakes QOS005 finds. Each one compiles; at run time
/// each truncates a handle, unbalances the stack, misreads the BOOL or fails to find the export.
/// </summary>
internal static class WrongQwave
{
    [DllImport("qwave.dll", SetLastError = true)]
    public static extern bool QOSCreateHandle(ref Qwave.QOS_VERSION version, out int qosHandle); // expect: QOS005

    [DllImport("qwave.dll", SetLastError = true, CallingConvention = CallingConvention.Cdecl)] // expect: QOS005
    public static extern bool QOSCloseHandle(nint qosHandle);

    [DllImport("qwave.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static extern bool QOSRemoveSocketFromFlow(nint qosHandle, nint socket, ref uint flowId, uint flags); // expect: QOS005, QOS005

    [DllImport("qwave.dll", SetLastError = true)]
    public static extern bool QOSAddSocketToFlow(nint qosHandle, int socket, nint destAddr, int trafficType, uint flags, out uint flowId); // expect: QOS005, QOS005

    [DllImport("qwave.dll", EntryPoint = "QosSetFlow", SetLastError = true)] // expect: QOS005
    public static extern bool SetFlow(nint qosHandle, uint flowId, int operation, uint size, nint buffer, uint flags, out NativeOverlapped overlapped); // expect: QOS005

    [DllImport("qos2.dll", SetLastError = true)] // expect: QOS005
    public static extern bool QOSCancel(nint qosHandle, nint overlapped);
}

/// <summary>qos2.h's QOS_FLOW_FUNDAMENTALS is 40 bytes with natural alignment; Pack = 1 makes it 32.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)] // expect: QOS005
internal struct QOS_FLOW_FUNDAMENTALS
{
    public int BottleneckBandwidthSet;
    public ulong BottleneckBandwidth;
    public int AvailableBandwidthSet;
    public ulong AvailableBandwidth;
    public int RTTSet;
    public uint RTT;
}

/// <summary>Bandwidth is a UINT64 in qos2.h.</summary>
internal struct QOS_FLOWRATE_OUTGOING
{
    public uint Bandwidth; // expect: QOS005
    public int ShapingBehavior;
    public int Reason;
}

/// <summary>A correct QOS_FLOWRATE_OUTGOING under another name (recognized by its fields).</summary>
internal struct FlowRate
{
    public ulong Bandwidth;
    public int ShapingBehavior;
    public int Reason;
}

/// <summary>A correct binding that returns the BOOL as int, for the calls below.</summary>
internal static unsafe class QwaveRaw
{
    private const string Module = "qwave.dll";

    [DllImport(Module, SetLastError = true)]
    public static extern int QOSCreateHandle(ref Qwave.QOS_VERSION version, out nint qosHandle);

    [DllImport(Module, SetLastError = true)]
    public static extern int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags);

    [DllImport(Module, SetLastError = true)]
    public static extern int QOSSetFlow(nint qosHandle, uint flowId, int operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped);

    [DllImport(Module, SetLastError = true)]
    public static extern int QOSQueryFlow(nint qosHandle, uint flowId, int operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);

    [DllImport(Module, SetLastError = true)]
    public static extern int QOSNotifyFlow(nint qosHandle, uint flowId, int operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);

    [DllImport(Module, SetLastError = true)]
    public static extern int QOSCancel(nint qosHandle, NativeOverlapped* overlapped);

    public const int QOSSetOutgoingRate = 1;
    public const int QOSQueryOutgoingRate = 2;
    public const int QOSNotifyCongested = 0;
    public const uint QOS_QUERYFLOW_FRESH = 0x1;
    public const int TRUE = 1;
}

/// <summary>Calls with wrong values: each line marked is one the rules report.</summary>
internal static unsafe class ValueMisuse
{
    /// <summary>qWAVE accepts only version 1.0.</summary>
    public static nint CreateWithVersion2()
    {
        var version = new Qwave.QOS_VERSION { MajorVersion = 2 };
        return QwaveRaw.QOSCreateHandle(ref version, out nint handle) != 0 ? handle : 0; // expect: QOS007
    }

    /// <summary>QOSSetOutgoingRate takes a 16-byte QOS_FLOWRATE_OUTGOING; ulong.MaxValue is not the default-minimum sentinel.</summary>
    public static int SetRate(nint qosHandle, uint flowId)
    {
        var rate = new FlowRate { Bandwidth = ulong.MaxValue }; // expect: QOS021
        return QwaveRaw.QOSSetFlow(qosHandle, flowId, QwaveRaw.QOSSetOutgoingRate, 8, &rate, 0, null); // expect: QOS011
    }

    /// <summary>0xB8 is the TOS byte of DSCP 46.</summary>
    public static bool SetDscp(nint qosHandle, uint flowId)
    {
        uint dscp = 0xB8;
        return Qwave.QOSSetFlow(qosHandle, flowId, Qwave.QOSSetOutgoingDSCPValue, sizeof(uint), &dscp, 0, null); // expect: QOS017
    }

    /// <summary>Success is any nonzero BOOL, not just 1.</summary>
    public static bool Remove(nint qosHandle, uint flowId) =>
        QwaveRaw.QOSRemoveSocketFromFlow(qosHandle, 0, flowId, 0) == QwaveRaw.TRUE; // expect: QOS012

    /// <summary>QOS_QUERYFLOW_FRESH applies only to QOSQueryFlowFundamentals.</summary>
    public static ulong QueryRate(nint qosHandle, uint flowId)
    {
        ulong rate;
        uint size = sizeof(ulong);
        return QwaveRaw.QOSQueryFlow(qosHandle, flowId, QwaveRaw.QOSQueryOutgoingRate, &size, &rate, QwaveRaw.QOS_QUERYFLOW_FRESH, null) != 0 ? rate : 0; // expect: QOS013
    }

    /// <summary>Without an OVERLAPPED, QOSNotifyFlow blocks until the path is congested.</summary>
    public static int WaitForCongestion(nint qosHandle, uint flowId) =>
        QwaveRaw.QOSNotifyFlow(qosHandle, flowId, QwaveRaw.QOSNotifyCongested, null, null, 0, null); // expect: QOS016

    /// <summary>QOSCancel cancels the operation of one OVERLAPPED; NULL cancels nothing.</summary>
    public static int CancelEverything(nint qosHandle) => QwaveRaw.QOSCancel(qosHandle, null); // expect: QOS018

    /// <summary>A handle that never came from QOSCreateHandle.</summary>
    public static int RemoveWithoutHandle(uint flowId) => QwaveRaw.QOSRemoveSocketFromFlow(0, 0, flowId, 0); // expect: QOS022
}
