namespace QosAnalyzers.Tests.Shared;

/// <summary>
/// Correct class-based qWAVE code the way applications write it: handles and flows in fields, teardown in
/// Dispose or Dispose(bool) through private helpers, flows kept in collections, a static manager, overlapped
/// notifications with heap OVERLAPPEDs, and the usual ways of telling ERROR_IO_PENDING from a failure.
/// </summary>
public static partial class ValidCorpus
{
    /// <summary>DllImport with a SafeHandle, a dictionary of flows, Dispose(bool) through helpers, a static manager.</summary>
    public const string DllImportClasses = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Microsoft.Win32.SafeHandles;

        namespace Corpus.Classes
        {
            internal enum QOS_TRAFFIC_TYPE { BestEffort = 0, Background = 1, ExcellentEffort = 2, AudioVideo = 3, Voice = 4, Control = 5 }
            internal enum QOS_SET_FLOW { QOSSetTrafficType = 0, QOSSetOutgoingRate = 1, QOSSetOutgoingDSCPValue = 2 }
            internal enum QOS_NOTIFY_FLOW { QOSNotifyCongested = 0, QOSNotifyUncongested = 1, QOSNotifyAvailable = 2 }
            internal enum QOS_SHAPING { QOSShapeOnly = 0, QOSShapeAndMark = 1, QOSUseNonConformantMarkings = 2 }

            [StructLayout(LayoutKind.Sequential)]
            internal struct QOS_VERSION { public ushort MajorVersion; public ushort MinorVersion; }

            [StructLayout(LayoutKind.Sequential)]
            internal struct QOS_FLOWRATE_OUTGOING { public ulong Bandwidth; public QOS_SHAPING ShapingBehavior; public int Reason; }

            internal sealed class QosSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
            {
                public QosSafeHandle() : base(true) { }
                protected override bool ReleaseHandle() => NativeMethods.QOSCloseHandle(handle);
            }

            internal static unsafe class NativeMethods
            {
                public const uint QOS_NON_ADAPTIVE_FLOW = 0x00000002;

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSCreateHandle(ref QOS_VERSION version, out QosSafeHandle handle);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSCloseHandle(IntPtr handle);

                [DllImport("qwave.dll", SetLastError = true, EntryPoint = "QOSCloseHandle")]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSCloseRawHandle(IntPtr handle);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSAddSocketToFlow(QosSafeHandle handle, IntPtr socket, IntPtr destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, ref uint flowId);

                [DllImport("qwave.dll", SetLastError = true, EntryPoint = "QOSAddSocketToFlow")]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSAddSocketToRawFlow(IntPtr handle, IntPtr socket, IntPtr destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, ref uint flowId);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSRemoveSocketFromFlow(QosSafeHandle handle, IntPtr socket, uint flowId, uint flags);

                [DllImport("qwave.dll", SetLastError = true, EntryPoint = "QOSRemoveSocketFromFlow")]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSRemoveSocketFromRawFlow(IntPtr handle, IntPtr socket, uint flowId, uint flags);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSSetFlow(QosSafeHandle handle, uint flowId, QOS_SET_FLOW operation, uint size, ref uint buffer, uint flags, IntPtr overlapped);

                [DllImport("qwave.dll", SetLastError = true, EntryPoint = "QOSCreateHandle")]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSCreateRawHandle(ref QOS_VERSION version, out IntPtr handle);

                [DllImport("qwave.dll", SetLastError = true, EntryPoint = "QOSSetFlow")]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSSetRawFlow(IntPtr handle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSNotifyFlow(IntPtr handle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSCancel(IntPtr handle, NativeOverlapped* overlapped);
            }

            /// <summary>The sockets of a call, one flow each, all removed when the call ends.</summary>
            public sealed class VoiceQos : IDisposable
            {
                private readonly QosSafeHandle _qos;
                private readonly Dictionary<Socket, uint> _flows = new Dictionary<Socket, uint>();
                private bool _disposed;

                public VoiceQos()
                {
                    var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                    if (!NativeMethods.QOSCreateHandle(ref version, out _qos))
                    {
                        throw new Win32Exception(Marshal.GetLastWin32Error());
                    }
                }

                public void Add(Socket socket)
                {
                    if (_disposed)
                    {
                        throw new ObjectDisposedException(nameof(VoiceQos));
                    }

                    uint flowId = 0;
                    if (!NativeMethods.QOSAddSocketToFlow(_qos, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.Voice, NativeMethods.QOS_NON_ADAPTIVE_FLOW, ref flowId))
                    {
                        throw new Win32Exception(Marshal.GetLastWin32Error());
                    }

                    _flows[socket] = flowId;
                }

                public bool SetDscp(Socket socket, uint dscp)
                {
                    return _flows.TryGetValue(socket, out uint flowId)
                        && NativeMethods.QOSSetFlow(_qos, flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), ref dscp, 0, IntPtr.Zero);
                }

                public void Remove(Socket socket)
                {
                    if (_flows.TryGetValue(socket, out uint flowId))
                    {
                        _flows.Remove(socket);
                        _ = NativeMethods.QOSRemoveSocketFromFlow(_qos, socket.Handle, flowId, 0);
                    }
                }

                public void Dispose()
                {
                    if (_disposed)
                    {
                        return;
                    }

                    _disposed = true;
                    foreach (KeyValuePair<Socket, uint> flow in _flows)
                    {
                        NativeMethods.QOSRemoveSocketFromFlow(_qos, flow.Key.Handle, flow.Value, 0);
                    }

                    _flows.Clear();
                    _qos.Dispose();
                }
            }

            /// <summary>Dispose(bool) with a raw handle and one flow, the teardown split into private helpers.</summary>
            public class Streamer : IDisposable
            {
                private IntPtr _handle;
                private uint _flowId;
                private readonly Socket _socket;

                public Streamer(IPEndPoint remote)
                {
                    _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    _socket.Connect(remote);
                    var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                    if (NativeMethods.QOSCreateRawHandle(ref version, out _handle)
                        && !NativeMethods.QOSAddSocketToRawFlow(_handle, _socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.AudioVideo, 0, ref _flowId))
                    {
                        _flowId = 0;
                    }
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (_handle != IntPtr.Zero)
                    {
                        RemoveFlow();
                        CloseQos();
                    }

                    if (disposing)
                    {
                        _socket.Dispose();
                    }
                }

                private void RemoveFlow()
                {
                    if (_flowId != 0)
                    {
                        NativeMethods.QOSRemoveSocketFromRawFlow(_handle, _socket.Handle, _flowId, 0);
                        _flowId = 0;
                    }
                }

                private void CloseQos()
                {
                    NativeMethods.QOSCloseRawHandle(_handle);
                    _handle = IntPtr.Zero;
                }

                ~Streamer() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }
            }

            /// <summary>One handle for the process, flows keyed by socket handle, a congestion notification on the heap.</summary>
            internal static unsafe class QosManager
            {
                private const int ERROR_IO_PENDING = 997;
                private static IntPtr s_handle;
                private static readonly Dictionary<IntPtr, uint> s_flows = new Dictionary<IntPtr, uint>();
                private static readonly object s_lock = new object();
                private static NativeOverlapped* s_overlapped;

                public static bool Initialize()
                {
                    var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                    return NativeMethods.QOSCreateRawHandle(ref version, out s_handle);
                }

                public static void Prioritize(Socket socket, ulong bitsPerSecond)
                {
                    lock (s_lock)
                    {
                        uint flowId = 0;
                        if (!NativeMethods.QOSAddSocketToRawFlow(s_handle, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.AudioVideo, 0, ref flowId))
                        {
                            throw new Win32Exception(Marshal.GetLastWin32Error());
                        }

                        s_flows.Add(socket.Handle, flowId);
                        var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = bitsPerSecond, ShapingBehavior = QOS_SHAPING.QOSShapeAndMark };
                        if (!NativeMethods.QOSSetRawFlow(s_handle, flowId, QOS_SET_FLOW.QOSSetOutgoingRate, (uint)sizeof(QOS_FLOWRATE_OUTGOING), &rate, 0, null))
                        {
                            throw new Win32Exception(Marshal.GetLastWin32Error());
                        }
                    }
                }

                public static bool WatchCongestion(uint flowId)
                {
                    s_overlapped = (NativeOverlapped*)Marshal.AllocHGlobal(sizeof(NativeOverlapped));
                    *s_overlapped = default;
                    if (!NativeMethods.QOSNotifyFlow(s_handle, flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, s_overlapped))
                    {
                        return Marshal.GetLastWin32Error() == ERROR_IO_PENDING;
                    }

                    return true;
                }

                public static void Unprioritize(Socket socket)
                {
                    lock (s_lock)
                    {
                        if (s_flows.TryGetValue(socket.Handle, out uint flowId))
                        {
                            s_flows.Remove(socket.Handle);
                            _ = NativeMethods.QOSRemoveSocketFromRawFlow(s_handle, socket.Handle, flowId, 0);
                        }
                    }
                }

                public static void Shutdown()
                {
                    lock (s_lock)
                    {
                        if (s_overlapped != null)
                        {
                            _ = NativeMethods.QOSCancel(s_handle, s_overlapped);
                        }

                        foreach (KeyValuePair<IntPtr, uint> flow in s_flows)
                        {
                            _ = NativeMethods.QOSRemoveSocketFromRawFlow(s_handle, flow.Key, flow.Value, 0);
                        }

                        s_flows.Clear();
                        _ = NativeMethods.QOSCloseRawHandle(s_handle);
                        s_handle = IntPtr.Zero;
                    }
                }
            }

            /// <summary>The ways correct code tells ERROR_IO_PENDING from a failure.</summary>
            internal static unsafe class PendingForms
            {
                private const int ERROR_IO_PENDING = 997;

                public static bool Combined(IntPtr qos, uint flow, NativeOverlapped* ov)
                {
                    bool ok = NativeMethods.QOSNotifyFlow(qos, flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, ov);
                    if (!ok && Marshal.GetLastWin32Error() != ERROR_IO_PENDING)
                    {
                        throw new Win32Exception();
                    }

                    return ok;
                }

                public static void Switch(IntPtr qos, uint flow, NativeOverlapped* ov)
                {
                    if (NativeMethods.QOSNotifyFlow(qos, flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, ov))
                    {
                        return;
                    }

                    switch (Marshal.GetLastWin32Error())
                    {
                        case ERROR_IO_PENDING:
                            return;
                        case int error:
                            throw new Win32Exception(error);
                    }
                }

                public static void ExceptionExaminedFirst(IntPtr qos, uint flow, NativeOverlapped* ov)
                {
                    if (!NativeMethods.QOSNotifyFlow(qos, flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, ov))
                    {
                        var error = new Win32Exception();
                        if (error.NativeErrorCode != ERROR_IO_PENDING)
                        {
                            throw error;
                        }
                    }
                }

                public static void ThroughHelper(IntPtr qos, uint flow, NativeOverlapped* ov)
                {
                    if (!NativeMethods.QOSNotifyFlow(qos, flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, ov))
                    {
                        ThrowUnlessPending();
                    }
                }

                private static void ThrowUnlessPending()
                {
                    int error = Marshal.GetLastWin32Error();
                    if (error != ERROR_IO_PENDING)
                    {
                        throw new Win32Exception(error);
                    }
                }
            }
        }
        """;
}
