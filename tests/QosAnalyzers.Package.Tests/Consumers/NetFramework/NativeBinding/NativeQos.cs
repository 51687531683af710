using System;
using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Contoso.Desktop
{
    /// <summary>
    /// A hand-written qWAVE binding with the mistakes .NET Framework code typically has: each marked
    /// line is one the QOSnnn rules report, the rest is correct.
    /// </summary>
    internal static class NativeQos
    {
        private const uint QOS_NON_ADAPTIVE_FLOW = 0x00000002;
        private const int QOSTrafficTypeVoice = 3;

        [StructLayout(LayoutKind.Sequential)]
        public struct QOS_VERSION
        {
            public ushort MajorVersion;
            public ushort MinorVersion;
        }

        [DllImport("qwave.dll")] // expect: QOS004
        public static extern bool QOSCreateHandle(ref QOS_VERSION version, out IntPtr qosHandle);

        [DllImport("qwave.dll", SetLastError = true)]
        public static extern int QOSCloseHandle(IntPtr qosHandle);

        [DllImport("qwave.dll", SetLastError = true)]
        public static extern bool QOSAddSocketToFlow(IntPtr qosHandle, int socket, IntPtr destAddr, int trafficType, uint flags, ref uint flowId); // expect: QOS005

        [DllImport("qwave.dll", SetLastError = true)]
        public static extern bool QOSRemoveSocketFromFlow(IntPtr qosHandle, IntPtr socket, uint flowId, uint flags);

        [DllImport("qwave.dll", SetLastError = true)]
        public static extern int QOSCancel(IntPtr qosHandle, IntPtr overlapped);

        public static IntPtr Open()
        {
            var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
            IntPtr handle;
            if (!QOSCreateHandle(ref version, out handle))
            {
                throw new Win32Exception();
            }

            return handle;
        }

        public static uint AddVoice(IntPtr qosHandle, Socket socket)
        {
            uint flowId = 0;
            if (!QOSAddSocketToFlow(qosHandle, socket.Handle.ToInt32(), IntPtr.Zero, QOSTrafficTypeVoice, QOS_NON_ADAPTIVE_FLOW | 0x1, ref flowId)) // expect: QOS013
            {
                throw new Win32Exception();
            }

            return flowId;
        }

        public static void Remove(IntPtr qosHandle, uint flowId)
        {
            QOSRemoveSocketFromFlow(qosHandle, IntPtr.Zero, flowId, 1); // expect: QOS001, QOS003
        }

        public static bool Close(IntPtr qosHandle)
        {
            return QOSCloseHandle(qosHandle) == 1; // expect: QOS012
        }

        public static void CancelAll(IntPtr qosHandle)
        {
            QOSCancel(qosHandle, IntPtr.Zero); // expect: QOS003, QOS018
        }
    }
}
