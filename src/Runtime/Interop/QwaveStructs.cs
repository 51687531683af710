using System.Runtime.InteropServices;

namespace QosAnalyzers.Interop;

// Field order, widths and natural alignment follow qos2.h exactly (no #pragma pack), so the
// layouts are identical on x86 and x64; the runtime tests pin every size and offset against the catalog.

/// <summary>QOS_VERSION: the qWAVE version a handle is created for. Must be 1.0.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct QOS_VERSION
{
    /// <summary>USHORT MajorVersion (offset 0). Must be 1.</summary>
    public ushort MajorVersion;

    /// <summary>USHORT MinorVersion (offset 2). Must be 0.</summary>
    public ushort MinorVersion;
}

/// <summary>QOS_FLOW_FUNDAMENTALS: path estimates of an adaptive flow (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct QOS_FLOW_FUNDAMENTALS
{
    /// <summary>BOOL (offset 0): nonzero when <see cref="BottleneckBandwidth"/> is valid.</summary>
    public int BottleneckBandwidthSet;

    /// <summary>UINT64 (offset 8): end-to-end link capacity in bits per second.</summary>
    public ulong BottleneckBandwidth;

    /// <summary>BOOL (offset 16): nonzero when <see cref="AvailableBandwidth"/> is valid.</summary>
    public int AvailableBandwidthSet;

    /// <summary>UINT64 (offset 24): spare capacity in bits per second.</summary>
    public ulong AvailableBandwidth;

    /// <summary>BOOL (offset 32): nonzero when <see cref="RTT"/> is valid.</summary>
    public int RTTSet;

    /// <summary>UINT32 (offset 36): round-trip time in microseconds.</summary>
    public uint RTT;
}

/// <summary>QOS_FLOWRATE_OUTGOING: the buffer of QOSSetFlow(QOSSetOutgoingRate) (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct QOS_FLOWRATE_OUTGOING
{
    /// <summary>UINT64 (offset 0): bits per second measured at the IP level (headers included).</summary>
    public ulong Bandwidth;

    /// <summary>QOS_SHAPING (offset 8).</summary>
    public QOS_SHAPING ShapingBehavior;

    /// <summary>QOS_FLOWRATE_REASON (offset 12).</summary>
    public QOS_FLOWRATE_REASON Reason;
}

/// <summary>QOS_PACKET_PRIORITY: the buffer of QOSQueryFlow(QOSQueryPacketPriority) (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct QOS_PACKET_PRIORITY
{
    /// <summary>ULONG (offset 0): DSCP of conformant packets.</summary>
    public uint ConformantDSCPValue;

    /// <summary>ULONG (offset 4): DSCP of non-conformant packets.</summary>
    public uint NonConformantDSCPValue;

    /// <summary>ULONG (offset 8): 802.1p value of conformant packets.</summary>
    public uint ConformantL2Value;

    /// <summary>ULONG (offset 12): 802.1p value of non-conformant packets.</summary>
    public uint NonConformantL2Value;
}
