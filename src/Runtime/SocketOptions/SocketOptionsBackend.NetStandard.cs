// netstandard2.0 only: the public shape of SocketOptionsBackend (SocketOptionsBackend.cs is net8.0 only).
// Marking needs Socket.SetRawSocketOption and SafeSocketHandle, which are .NET 5+, so here the
// constructor always throws and QosSession.Open() off Windows reports that.
#if !NET
using System;
using System.Runtime.Versioning;
using System.Threading;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

/// <summary>
/// qWAVE's contract given its meaning through socket options, where there is no qwave.dll (Linux, macOS,
/// FreeBSD). This is the netstandard2.0 build of QosAnalyzers, where packet marking is not available:
/// the constructor throws <see cref="PlatformNotSupportedException"/>. Marking needs .NET 5 or later,
/// whose build of the package implements it; <see cref="QwaveSimulator"/> works on every target.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class SocketOptionsBackend : QwaveBackend
{
    internal const string NotSupportedMessage =
        "Packet marking through socket options (QosSession.Open() on Linux, macOS and FreeBSD) needs .NET 5 or later; " +
        "this is the netstandard2.0 build of QosAnalyzers. On Windows, QosSession.Open() uses qwave.dll; " +
        "for a simulated network use QosSession.Open(new QwaveSimulator()).";

    /// <summary>Creates the backend for this OS.</summary>
    /// <exception cref="PlatformNotSupportedException">Always in the netstandard2.0 build: marking needs .NET 5 or later.</exception>
    public SocketOptionsBackend() => throw new PlatformNotSupportedException(NotSupportedMessage);

    /// <inheritdoc/>
    public override string Name => "socket options";

    /// <summary>The DSCP each socket of <paramref name="flowId"/> is marked with now, or null when the flow is unknown.</summary>
    /// <param name="flowId">A flow of this backend.</param>
    /// <returns>The DSCP (0-63) in effect.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The public shape of the net8.0 build.")]
    public int? MarkingOf(QosFlowId flowId) => throw new PlatformNotSupportedException(NotSupportedMessage);

    internal override unsafe int QOSCreateHandle(QOS_VERSION* version, nint* qosHandle) => throw Unsupported();

    internal override int QOSCloseHandle(nint qosHandle) => throw Unsupported();

    internal override unsafe int QOSStartTrackingClient(nint qosHandle, byte* destAddr, uint flags) => throw Unsupported();

    internal override unsafe int QOSStopTrackingClient(nint qosHandle, byte* destAddr, uint flags) => throw Unsupported();

    internal override unsafe int QOSEnumerateFlows(nint qosHandle, uint* size, void* buffer) => throw Unsupported();

    internal override unsafe int QOSAddSocketToFlow(nint qosHandle, nint socket, byte* destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, uint* flowId) => throw Unsupported();

    internal override int QOSRemoveSocketFromFlow(nint qosHandle, nint socket, uint flowId, uint flags) => throw Unsupported();

    internal override unsafe int QOSSetFlow(nint qosHandle, uint flowId, QOS_SET_FLOW operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped) => throw Unsupported();

    internal override unsafe int QOSQueryFlow(nint qosHandle, uint flowId, QOS_QUERY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped) => throw Unsupported();

    internal override unsafe int QOSNotifyFlow(nint qosHandle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped) => throw Unsupported();

    internal override unsafe int QOSCancel(nint qosHandle, NativeOverlapped* overlapped) => throw Unsupported();

    internal override QosCompletionBinding BindHandle(QosHandle handle) => throw Unsupported();

    private static PlatformNotSupportedException Unsupported() => new(NotSupportedMessage);
}
#endif
