// net8.0 only: Socket.GetRawSocketOption/SetRawSocketOption and SafeSocketHandle are .NET 5+.
// The netstandard2.0 build has the same public type in SocketOptionsBackend.NetStandard.cs, whose constructor throws.
#if NET
using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;
using static QosAnalyzers.Catalog.QwaveCatalog;

namespace QosAnalyzers;

/// <summary>
/// qWAVE's contract given its meaning through socket options, where there is no qwave.dll (Linux, macOS,
/// FreeBSD): adding a socket to a flow marks its packets with the traffic type's DSCP (IP_TOS on IPv4,
/// IPV6_TCLASS on IPv6, both on a dual-mode socket); QOSSetOutgoingDSCPValue sets the DSCP; removing the
/// socket or the flow, or closing the handle, restores the marking the socket had before. Every argument,
/// flag and state rule of qWAVE is checked exactly as <see cref="QwaveSimulator"/> checks it.
/// </summary>
/// <remarks>
/// <para>What each operation does here (docs/getting-started.md has the table):</para>
/// <list type="bullet">
/// <item><description>QOSSetOutgoingRate: SO_MAX_PACING_RATE on Linux (bits per second / 8, per socket); ERROR_NOT_SUPPORTED elsewhere.</description></item>
/// <item><description>QOSQueryFlowFundamentals and QOSNotifyFlow: ERROR_NOT_SUPPORTED, as on a path without estimates.</description></item>
/// <item><description>No privilege is needed to mark (on Windows, QOSSetOutgoingDSCPValue needs Administrators or Network Configuration Operators).</description></item>
/// </list>
/// </remarks>
[UnsupportedOSPlatform("windows")]
public sealed class SocketOptionsBackend : QwaveBackend
{
    // IPPROTO_IP / IPPROTO_IPV6 and SOL_SOCKET are the same on Linux, macOS and FreeBSD; the option names differ.
    private const int IpProtocolIp = 0;
    private const int IpProtocolIpv6 = 41;
    private const int SolSocketLinux = 1;
    private const int SoMaxPacingRateLinux = 47;

    private readonly QwaveSimulator _contract = new() { IsElevated = true, GathersPathData = false };
    private readonly object _gate = new();
    private readonly Dictionary<uint, MarkedFlow> _flows = new();
    private readonly int _ipTos;
    private readonly int _ipv6TrafficClass;

    /// <summary>Creates the backend for this OS.</summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux, macOS or FreeBSD.</exception>
    public SocketOptionsBackend()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsAndroid())
        {
            (_ipTos, _ipv6TrafficClass) = (1, 67);
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsMacCatalyst())
        {
            (_ipTos, _ipv6TrafficClass) = (3, 36);
        }
        else if (OperatingSystem.IsFreeBSD())
        {
            (_ipTos, _ipv6TrafficClass) = (3, 61);
        }
        else
        {
            throw new PlatformNotSupportedException(
                "Packet marking through socket options is implemented for Linux, macOS and FreeBSD. On Windows, QosSession.Open() uses qwave.dll.");
        }
    }

    /// <inheritdoc/>
    public override string Name => "socket options";

    /// <summary>The DSCP each socket of <paramref name="flowId"/> is marked with now, or null when the flow is unknown.</summary>
    /// <param name="flowId">A flow of this backend.</param>
    /// <returns>The DSCP (0-63) in effect.</returns>
    public int? MarkingOf(QosFlowId flowId)
    {
        lock (_gate)
        {
            return _flows.TryGetValue(flowId.Value, out MarkedFlow? flow) ? flow.Dscp : null;
        }
    }

    internal override unsafe int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle) => _contract.QOSCreateHandle(version, qosHandle);

    internal override int QOSCloseHandle(nint qosHandle)
    {
        lock (_gate)
        {
            int result = _contract.QOSCloseHandle(qosHandle);
            if (result != 0)
            {
                // Closing the handle removes every flow on it: their sockets get their own marking back.
                var closed = new List<uint>();
                foreach (KeyValuePair<uint, MarkedFlow> pair in _flows)
                {
                    if (pair.Value.Handle == qosHandle)
                    {
                        pair.Value.RestoreAll();
                        closed.Add(pair.Key);
                    }
                }

                closed.ForEach(id => _flows.Remove(id));
            }

            return result;
        }
    }

    internal override unsafe int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags) => _contract.QOSStartTrackingClient(qosHandle, destAddr, flags);

    internal override unsafe int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags) => _contract.QOSStopTrackingClient(qosHandle, destAddr, flags);

    internal override unsafe int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer) => _contract.QOSEnumerateFlows(qosHandle, size, buffer);

    internal override unsafe int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId)
    {
        lock (_gate)
        {
            uint input = flowId == null ? 0 : *flowId;
            int result = _contract.QOSAddSocketToFlow(qosHandle, socket, destAddr, trafficType, flags, flowId);
            if (result == 0)
            {
                return 0;
            }

            if (!_flows.TryGetValue(*flowId, out MarkedFlow? flow))
            {
                flow = new MarkedFlow(this, qosHandle, trafficType);
                _flows.Add(*flowId, flow);
            }

            int error = flow.Mark(socket);
            if (error == 0)
            {
                return result;
            }

            // The OS refused the marking: undo the add, so the flow is as it was, and report why.
            _ = _contract.QOSRemoveSocketFromFlow(qosHandle, socket, *flowId, 0);
            if (flow.IsEmpty)
            {
                _flows.Remove(*flowId);
            }

            *flowId = input;
            LastError.Set(error);
            return 0;
        }
    }

    internal override int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags)
    {
        lock (_gate)
        {
            int result = _contract.QOSRemoveSocketFromFlow(qosHandle, socket, flowId, flags);
            if (result != 0 && _flows.TryGetValue(flowId, out MarkedFlow? flow))
            {
                // Socket 0 removes the whole flow; so does removing its last socket.
                if (socket == 0)
                {
                    flow.RestoreAll();
                }
                else
                {
                    flow.Restore(socket);
                }

                if (flow.IsEmpty)
                {
                    _flows.Remove(flowId);
                }
            }

            return result;
        }
    }

    internal override unsafe int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped)
    {
        lock (_gate)
        {
            if (operation == QOS_SET_FLOW.QOSSetOutgoingRate && !OperatingSystem.IsLinux())
            {
                // Only Linux has a per-socket pacing rate (SO_MAX_PACING_RATE).
                LastError.Set(ERROR_NOT_SUPPORTED);
                return 0;
            }

            // Read the value now: the contract below has checked nothing yet, so only a well-sized buffer is read.
            ulong? value = buffer == null ? null : operation switch
            {
                QOS_SET_FLOW.QOSSetOutgoingDSCPValue when size == sizeof(uint) => *(uint*)buffer,
                QOS_SET_FLOW.QOSSetTrafficType when size == sizeof(QOS_TRAFFIC_TYPE) => (ulong)*(QOS_TRAFFIC_TYPE*)buffer,
                QOS_SET_FLOW.QOSSetOutgoingRate when size == (uint)sizeof(QOS_FLOWRATE_OUTGOING) => ((QOS_FLOWRATE_OUTGOING*)buffer)->Bandwidth,
                _ => null,
            };

            int result = _contract.QOSSetFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped);
            bool accepted = result != 0 || LastError.Get() == ERROR_IO_PENDING;
            if (!accepted || value is not ulong set || !_flows.TryGetValue(flowId, out MarkedFlow? flow))
            {
                return result;
            }

            int lastError = LastError.Get();
            switch (operation)
            {
                case QOS_SET_FLOW.QOSSetOutgoingDSCPValue:
                    flow.ExplicitDscp = (int)set;
                    flow.MarkAll();
                    break;
                case QOS_SET_FLOW.QOSSetTrafficType:
                    flow.TrafficType = (QOS_TRAFFIC_TYPE)set;
                    flow.MarkAll();
                    break;
                case QOS_SET_FLOW.QOSSetOutgoingRate:
                    flow.PacingRate = set;
                    flow.PaceAll();
                    break;
            }

            // The completion (or the caller reading ERROR_IO_PENDING) sees the contract's result, not the socket calls'.
            LastError.Set(lastError);
            return result;
        }
    }

    internal override unsafe int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped) =>
        _contract.QOSQueryFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped);

    internal override unsafe int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped) =>
        _contract.QOSNotifyFlow(qosHandle, flowId, operation, size, buffer, flags, overlapped);

    internal override unsafe int QOSCancel(nint qosHandle, NativeOverlapped* overlapped) => _contract.QOSCancel(qosHandle, overlapped);

    internal override QosCompletionBinding BindHandle(QosHandle handle) => _contract.BindHandle(handle);

    /// <summary>Reads a 4-byte socket option; null when the socket does not have it.</summary>
    private static int? ReadOption(Socket view, int level, int name)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        try
        {
            return view.GetRawSocketOption(level, name, value) == sizeof(int) ? MemoryMarshal.Read<int>(value) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static void WriteOption(Socket view, int level, int name, int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        MemoryMarshal.Write(bytes, in value);
        view.SetRawSocketOption(level, name, bytes);
    }

    /// <summary>The marking a socket had before it joined a flow.</summary>
    private readonly record struct SavedMarking(int? Tos, int? TrafficClass);

    /// <summary>One flow: its traffic type, explicit DSCP and pacing rate, and the sockets it marks.</summary>
    private sealed class MarkedFlow
    {
        private readonly Dictionary<nint, SavedMarking> _sockets = new();
        private readonly SocketOptionsBackend _backend;

        public MarkedFlow(SocketOptionsBackend backend, nint handle, QOS_TRAFFIC_TYPE trafficType)
        {
            _backend = backend;
            Handle = handle;
            TrafficType = trafficType;
        }

        public nint Handle { get; }

        public QOS_TRAFFIC_TYPE TrafficType { get; set; }

        public int? ExplicitDscp { get; set; }

        public ulong? PacingRate { get; set; }

        public bool IsEmpty => _sockets.Count == 0;

        /// <summary>The explicit DSCP, else the traffic type's (BestEffort: unmarked, 0).</summary>
        public int Dscp => ExplicitDscp ?? Math.Max(0, QwaveCatalog.DscpFor((int)TrafficType));

        /// <summary>Marks <paramref name="socket"/>; 0, or the Win32 error the refusal maps to.</summary>
        public int Mark(nint socket)
        {
            try
            {
                using Socket view = View(socket);
                SavedMarking saved = _sockets.TryGetValue(socket, out SavedMarking existing) ? existing : Save(view, _backend);
                Apply(view, _backend, Dscp);
                _sockets[socket] = saved;
                if (PacingRate is ulong rate)
                {
                    Pace(view, rate);
                }

                return 0;
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode == SocketError.AccessDenied ? ERROR_ACCESS_DENIED : ERROR_NOT_SUPPORTED;
            }
            catch (ObjectDisposedException)
            {
                return ERROR_INVALID_PARAMETER;
            }
        }

        public void MarkAll()
        {
            foreach (nint socket in new List<nint>(_sockets.Keys))
            {
                _ = Mark(socket);
            }
        }

        public void PaceAll()
        {
            foreach (nint socket in _sockets.Keys)
            {
                try
                {
                    using Socket view = View(socket);
                    Pace(view, PacingRate ?? ulong.MaxValue);
                }
                catch (SocketException)
                {
                    // A socket the OS no longer knows keeps no rate.
                }
            }
        }

        public void Restore(nint socket)
        {
            if (!_sockets.Remove(socket, out SavedMarking saved))
            {
                return;
            }

            try
            {
                using Socket view = View(socket);
                if (saved.Tos is int tos)
                {
                    WriteOption(view, IpProtocolIp, _backend._ipTos, tos);
                }

                if (saved.TrafficClass is int trafficClass)
                {
                    WriteOption(view, IpProtocolIpv6, _backend._ipv6TrafficClass, trafficClass);
                }

                if (PacingRate is not null && OperatingSystem.IsLinux())
                {
                    Pace(view, ulong.MaxValue);
                }
            }
            catch (SocketException)
            {
                // The socket was closed first: there is nothing left to restore.
            }
        }

        public void RestoreAll()
        {
            foreach (nint socket in new List<nint>(_sockets.Keys))
            {
                Restore(socket);
            }
        }

        private static Socket View(nint socket) => new(new SafeSocketHandle(socket, ownsHandle: false));

        private static SavedMarking Save(Socket view, SocketOptionsBackend backend) => view.AddressFamily switch
        {
            AddressFamily.InterNetwork => new SavedMarking(ReadOption(view, IpProtocolIp, backend._ipTos), null),
            AddressFamily.InterNetworkV6 => new SavedMarking(
                view.DualMode ? ReadOption(view, IpProtocolIp, backend._ipTos) : null,
                ReadOption(view, IpProtocolIpv6, backend._ipv6TrafficClass)),
            _ => default,
        };

        private static void Apply(Socket view, SocketOptionsBackend backend, int dscp)
        {
            // DSCP is the upper six bits of the TOS / traffic-class byte; the lower two (ECN) are the stack's.
            int value = dscp << 2;
            if (view.AddressFamily == AddressFamily.InterNetwork || (view.AddressFamily == AddressFamily.InterNetworkV6 && view.DualMode))
            {
                WriteOption(view, IpProtocolIp, backend._ipTos, value);
            }

            if (view.AddressFamily == AddressFamily.InterNetworkV6)
            {
                WriteOption(view, IpProtocolIpv6, backend._ipv6TrafficClass, value);
            }
        }

        private static void Pace(Socket view, ulong bitsPerSecond)
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            // SO_MAX_PACING_RATE takes bytes per second; ~0U means unlimited.
            ulong bytesPerSecond = bitsPerSecond == ulong.MaxValue ? uint.MaxValue : Math.Min(bitsPerSecond / 8, uint.MaxValue);
            WriteOption(view, SolSocketLinux, SoMaxPacingRateLinux, unchecked((int)(uint)bytesPerSecond));
        }
    }
}
#endif
