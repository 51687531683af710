using System.Net.Sockets;

namespace QosMisuse;

internal static unsafe class Misuse
{
    /// <summary>The only failure signal of a qWAVE call is its BOOL result.</summary>
    public static void ResultIgnored(nint qosHandle, Socket socket)
    {
        uint flowId = 0;
        Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, null, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId); // expect: QOS003, QOS009
    }

    /// <summary>QOSSetFlow's Flags is reserved: QOS_NON_ADAPTIVE_FLOW belongs to QOSAddSocketToFlow.</summary>
    public static bool ReservedFlags(nint qosHandle, uint flowId)
    {
        uint dscp = 46;
        return Qwave.QOSSetFlow(qosHandle, flowId, Qwave.QOSSetOutgoingDSCPValue, sizeof(uint), &dscp, Qwave.QOS_NON_ADAPTIVE_FLOW, null); // expect: QOS001
    }

    /// <summary>Closing the handle drops the flow behind the caller's back: remove it first.</summary>
    public static void ClosedBeforeRemove(nint qosHandle, Socket socket)
    {
        uint flowId = 0;
        if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, null, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId))
        {
            return;
        }

        _ = Qwave.QOSCloseHandle(qosHandle); // expect: QOS002
    }

    /// <summary>Windows accepts IP_TOS but does not mark the packets: qWAVE marks them there.</summary>
    public static void TypeOfService(Socket socket)
    {
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8); // expect: QOS023
    }

    /// <summary>The correct order: remove the flow, then close the handle. Nothing to report.</summary>
    public static bool RemovedThenClosed(nint qosHandle, Socket socket)
    {
        uint flowId = 0;
        if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, null, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId))
        {
            return false;
        }

        bool removed = Qwave.QOSRemoveSocketFromFlow(qosHandle, socket.Handle, flowId, 0);
        return Qwave.QOSCloseHandle(qosHandle) && removed;
    }
}
