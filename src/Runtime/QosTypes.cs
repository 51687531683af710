using System;

namespace QosAnalyzers;

/// <summary>The traffic type of a flow (QOS_TRAFFIC_TYPE; same numeric values).</summary>
public enum QosTrafficType
{
    /// <summary>Ordinary traffic; no marks.</summary>
    BestEffort = 0,

    /// <summary>Below best effort: DSCP 8, 802.1p 2.</summary>
    Background = 1,

    /// <summary>DSCP 40, 802.1p 5.</summary>
    ExcellentEffort = 2,

    /// <summary>Audio/video streaming: DSCP 40, 802.1p 5.</summary>
    AudioVideo = 3,

    /// <summary>Real-time voice: DSCP 56, 802.1p 7.</summary>
    Voice = 4,

    /// <summary>Network control: DSCP 56, 802.1p 7.</summary>
    Control = 5,
}

/// <summary>How an outgoing rate is enforced (QOS_SHAPING; same numeric values).</summary>
public enum QosShaping
{
    /// <summary>The packet scheduler holds back packets above the rate.</summary>
    ShapeOnly = 0,

    /// <summary>Shapes and gives packets conformant priority marks.</summary>
    ShapeAndMark = 1,

    /// <summary>Does not enforce the rate; packets above it get non-conformant marks.</summary>
    UseNonConformantMarkings = 2,
}

/// <summary>Why an outgoing rate changed (QOS_FLOWRATE_REASON; same numeric values).</summary>
public enum QosFlowRateReason
{
    /// <summary>Use on the first rate of a flow.</summary>
    NotApplicable = 0,

    /// <summary>The content changed.</summary>
    ContentChange = 1,

    /// <summary>The rate changed because of congestion.</summary>
    Congestion = 2,

    /// <summary>A higher content encoding was chosen.</summary>
    HigherContentEncoding = 3,

    /// <summary>The user caused the change.</summary>
    UserCaused = 4,
}

/// <summary>A qWAVE flow id (QOS_FLOWID). 0 is never a valid flow.</summary>
/// <param name="Value">The native 32-bit id.</param>
public readonly record struct QosFlowId(uint Value)
{
    /// <summary>The id as qWAVE prints it.</summary>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Path estimates of an adaptive flow (QOS_FLOW_FUNDAMENTALS); null means "not known yet".</summary>
/// <param name="BottleneckBandwidth">End-to-end link capacity in bits per second.</param>
/// <param name="AvailableBandwidth">Spare capacity in bits per second.</param>
/// <param name="RoundTripTime">Round-trip time (microsecond resolution).</param>
public readonly record struct QosFlowFundamentals(ulong? BottleneckBandwidth, ulong? AvailableBandwidth, TimeSpan? RoundTripTime);

/// <summary>The marks qWAVE applies to a flow's packets (QOS_PACKET_PRIORITY).</summary>
/// <param name="ConformantDscp">DSCP of conformant packets.</param>
/// <param name="NonConformantDscp">DSCP of non-conformant packets.</param>
/// <param name="ConformantL2">802.1p value of conformant packets.</param>
/// <param name="NonConformantL2">802.1p value of non-conformant packets.</param>
public readonly record struct QosPacketPriority(uint ConformantDscp, uint NonConformantDscp, uint ConformantL2, uint NonConformantL2);
