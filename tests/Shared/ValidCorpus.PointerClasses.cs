namespace QosAnalyzers.Tests.Shared;

public static partial class ValidCorpus
{
    /// <summary>
    /// LibraryImport with pointers and CsWin32-style BOOL/HANDLE, written as classes: flows in a list of tuples,
    /// a reconnect that removes before it adds, an id pinned in a field, a heap OVERLAPPED cancelled and waited for.
    /// </summary>
    public const string PointerClasses = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using System.Threading;

        namespace Corpus.PointerClasses
        {
            public enum QOS_TRAFFIC_TYPE { QOSTrafficTypeBestEffort, QOSTrafficTypeBackground, QOSTrafficTypeExcellentEffort, QOSTrafficTypeAudioVideo, QOSTrafficTypeVoice, QOSTrafficTypeControl }
            public enum QOS_SET_FLOW { QOSSetTrafficType, QOSSetOutgoingRate, QOSSetOutgoingDSCPValue }
            public enum QOS_NOTIFY_FLOW { QOSNotifyCongested, QOSNotifyUncongested, QOSNotifyAvailable }
            public struct QOS_VERSION { public ushort MajorVersion; public ushort MinorVersion; }

            internal static unsafe partial class Qos
            {
                [LibraryImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                internal static partial bool QOSCreateHandle(QOS_VERSION* Version, nint* QOSHandle);
                [LibraryImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                internal static partial bool QOSCloseHandle(nint QOSHandle);
                [LibraryImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                internal static partial bool QOSAddSocketToFlow(nint QOSHandle, nint Socket, void* DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, uint* FlowId);
                [LibraryImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                internal static partial bool QOSRemoveSocketFromFlow(nint QOSHandle, nint Socket, uint FlowId, uint Flags);
                [LibraryImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                internal static partial bool QOSSetFlow(nint QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, void* Buffer, uint Flags, NativeOverlapped* Overlapped);
            }

            /// <summary>A game client: one handle, a flow per server connection, DSCP raised when allowed.</summary>
            public sealed unsafe class GameQos : IDisposable
            {
                private nint _handle;
                private readonly List<(Socket Socket, uint Flow)> _flows = new();

                private GameQos(nint handle) => _handle = handle;

                public static GameQos? TryCreate()
                {
                    QOS_VERSION version = new() { MajorVersion = 1, MinorVersion = 0 };
                    nint handle;
                    return Qos.QOSCreateHandle(&version, &handle) ? new GameQos(handle) : null;
                }

                public bool Track(Socket socket)
                {
                    uint flowId = 0;
                    if (!Qos.QOSAddSocketToFlow(_handle, socket.Handle, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeControl, 0, &flowId))
                    {
                        return false;
                    }

                    _flows.Add((socket, flowId));
                    uint dscp = 46;
                    if (!Qos.QOSSetFlow(_handle, flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &dscp, 0, null))
                    {
                        System.Diagnostics.Debug.WriteLine("DSCP not set: " + Marshal.GetLastPInvokeError());
                    }

                    return true;
                }

                public void Untrack(Socket socket)
                {
                    for (int i = _flows.Count - 1; i >= 0; i--)
                    {
                        if (_flows[i].Socket == socket)
                        {
                            if (!Qos.QOSRemoveSocketFromFlow(_handle, socket.Handle, _flows[i].Flow, 0))
                            {
                                throw new Win32Exception(Marshal.GetLastPInvokeError());
                            }

                            _flows.RemoveAt(i);
                        }
                    }
                }

                public void Dispose()
                {
                    if (_handle == 0)
                    {
                        return;
                    }

                    foreach ((Socket socket, uint flow) in _flows)
                    {
                        Qos.QOSRemoveSocketFromFlow(_handle, socket.Handle, flow, 0);
                    }

                    _flows.Clear();
                    Qos.QOSCloseHandle(_handle);
                    _handle = 0;
                }
            }

            /// <summary>A conference client: the old flow removed before a reconnect adds the new one; ids pinned in a field.</summary>
            public sealed unsafe class Conference : IDisposable
            {
                private readonly nint _qos;
                private readonly Socket _media;
                private uint _flow;
                private readonly uint[] _extra = new uint[4];
                private readonly object _gate = new();

                public Conference(nint qos, Socket media)
                {
                    _qos = qos;
                    _media = media;
                }

                public void Reconnect(EndPoint peer)
                {
                    lock (_gate)
                    {
                        if (_flow != 0)
                        {
                            _ = Qos.QOSRemoveSocketFromFlow(_qos, _media.Handle, _flow, 0);
                            _flow = 0;
                        }

                        _media.Connect(peer);
                        fixed (uint* id = &_flow)
                        {
                            if (!Qos.QOSAddSocketToFlow(_qos, _media.Handle, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, id))
                            {
                                *id = 0;
                            }
                        }
                    }
                }

                public bool TrackExtra(Socket socket, int slot)
                {
                    fixed (uint* id = &_extra[slot])
                    {
                        return Qos.QOSAddSocketToFlow(_qos, socket.Handle, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, id);
                    }
                }

                public void SetRate(ulong bps)
                {
                    uint flow = Volatile.Read(ref _flow);
                    if (flow == 0)
                    {
                        return;
                    }

                    ulong* rate = stackalloc ulong[2];
                    rate[0] = bps;
                    rate[1] = 1;
                    if (!Qos.QOSSetFlow(_qos, flow, QOS_SET_FLOW.QOSSetOutgoingRate, 16, rate, 0, null))
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }
                }

                public void Dispose()
                {
                    lock (_gate)
                    {
                        if (_flow != 0)
                        {
                            _ = Qos.QOSRemoveSocketFromFlow(_qos, _media.Handle, _flow, 0);
                            _flow = 0;
                        }

                        foreach (uint extra in _extra)
                        {
                            if (extra != 0)
                            {
                                _ = Qos.QOSRemoveSocketFromFlow(_qos, 0, extra, 0);
                            }
                        }
                    }

                    _media.Dispose();
                    _ = Qos.QOSCloseHandle(_qos);
                }
            }
        }
        """;
}
