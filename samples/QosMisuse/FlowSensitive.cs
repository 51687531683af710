using System;
using System.Net.Sockets;
using System.Threading;

namespace QosMisuse;

/// <summary>Mistakes that depend on what happened earlier on the path: QOS006, QOS008, QOS009, QOS010, QOS014, QOS015, QOS019, QOS020.</summary>
internal static unsafe class FlowSensitive
{
    private const int QOSNotifyCongested = 0;

    /// <summary>One adaptive flow per peer, but the second iteration passes the first flow's id.</summary>
    public static bool OneFlowPerPeer(nint qosHandle, Socket socket, nint[] peers)
    {
        uint flowId = 0;
        foreach (nint peer in peers)
        {
            if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, (void*)peer, Qwave.QOSTrafficTypeVoice, 0, ref flowId)) // expect: QOS006, QOS009
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Each iteration overwrites the id of the flow the previous one added: only the last flow is removed.</summary>
    public static bool OneFlowPerPeerOverwritten(nint qosHandle, Socket socket, nint[] peers)
    {
        uint flowId = 0;
        foreach (nint peer in peers)
        {
            flowId = 0;
            if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, (void*)peer, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId)) // expect: QOS009
            {
                return false;
            }
        }

        return Qwave.QOSRemoveSocketFromFlow(qosHandle, socket.Handle, flowId, 0);
    }

    /// <summary>Closing the handle ends its flows: the removal afterwards works on a dead (or reused) handle.</summary>
    public static bool RemoveAfterClose(nint qosHandle, Socket socket, uint flowId)
    {
        bool closed = Qwave.QOSCloseHandle(qosHandle);
        return Qwave.QOSRemoveSocketFromFlow(qosHandle, socket.Handle, flowId, 0) && closed; // expect: QOS008
    }

    /// <summary>A non-adaptive flow gathers no network data, so there is nothing to be notified about.</summary>
    public static bool NotifyOnNonAdaptiveFlow(nint qosHandle, Socket socket, NativeOverlapped* overlapped)
    {
        uint flowId = 0;
        if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, null, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId)) // expect: QOS009
        {
            return false;
        }

        return Qwave.QOSNotifyFlow(qosHandle, flowId, QOSNotifyCongested, null, null, 0, overlapped); // expect: QOS010
    }

    /// <summary>The flow outlives the socket whose handle value it holds.</summary>
    public static bool SocketClosedFirst(nint qosHandle, Socket socket)
    {
        uint flowId = 0;
        if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, null, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId))
        {
            return false;
        }

        socket.Dispose(); // expect: QOS020
        return Qwave.QOSRemoveSocketFromFlow(qosHandle, IntPtr.Zero, flowId, 0);
    }

    /// <summary>FALSE from an overlapped call usually means "queued" (ERROR_IO_PENDING), not "failed".</summary>
    public static void WatchCongestion(nint qosHandle, uint flowId, NativeOverlapped* overlapped)
    {
        if (!Qwave.QOSNotifyFlow(qosHandle, flowId, QOSNotifyCongested, null, null, 0, overlapped)) // expect: QOS014
        {
            throw new System.ComponentModel.Win32Exception();
        }
    }

    /// <summary>Reporting FALSE as failure to the caller drops a notification that is merely queued.</summary>
    public static bool StartWatching(nint qosHandle, uint flowId, NativeOverlapped* overlapped)
    {
        if (!Qwave.QOSNotifyFlow(qosHandle, flowId, QOSNotifyCongested, null, null, 0, overlapped)) // expect: QOS014
        {
            return false;
        }

        return true;
    }

    /// <summary>The early return keeps the flow alive, and nobody else knows its id.</summary>
    public static bool FlowLostOnEarlyReturn(nint qosHandle, Socket socket, bool cancelled)
    {
        uint flowId = 0;
        if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, null, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId)) // expect: QOS009
        {
            return false;
        }

        if (cancelled)
        {
            return false;
        }

        return Qwave.QOSRemoveSocketFromFlow(qosHandle, socket.Handle, flowId, 0);
    }

    /// <summary>The notification completes after the method has returned, into its dead stack frame.</summary>
    public static bool WatchFromTheStack(nint qosHandle, uint flowId)
    {
        NativeOverlapped overlapped = default;
        return Qwave.QOSNotifyFlow(qosHandle, flowId, QOSNotifyCongested, null, null, 0, &overlapped); // expect: QOS015
    }

    /// <summary>The pin ends with the fixed block, but the wait for the notification only comes after it.</summary>
    public static bool WaitAfterTheFixedBlock(nint qosHandle, uint flowId, NativeOverlapped[] slot, ManualResetEvent done)
    {
        fixed (NativeOverlapped* overlapped = &slot[0])
        {
            if (Qwave.QOSNotifyFlow(qosHandle, flowId, QOSNotifyCongested, null, null, 0, overlapped)) // expect: QOS015
            {
                return true;
            }
        }

        return done.WaitOne();
    }

    /// <summary>A datagram socket that is neither connected nor given a destination.</summary>
    public static bool UnconnectedWithoutDestination(nint qosHandle)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        uint flowId = 0;
        if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, null, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId)) // expect: QOS019
        {
            return false;
        }

        return Qwave.QOSRemoveSocketFromFlow(qosHandle, socket.Handle, flowId, 0);
    }

    /// <summary>The same flows done right: a fresh id per add, remove before closing anything. Nothing to report.</summary>
    public static bool Correct(nint qosHandle, Socket socket, nint[] peers)
    {
        foreach (nint peer in peers)
        {
            uint flowId = 0;
            if (!Qwave.QOSAddSocketToFlow(qosHandle, socket.Handle, (void*)peer, Qwave.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId))
            {
                return false;
            }

            if (!Qwave.QOSRemoveSocketFromFlow(qosHandle, socket.Handle, flowId, 0))
            {
                return false;
            }
        }

        socket.Dispose();
        return Qwave.QOSCloseHandle(qosHandle);
    }
}
