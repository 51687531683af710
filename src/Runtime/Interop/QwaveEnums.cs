namespace QosAnalyzers.Interop;

// C enums are 4 bytes on both architectures; win32metadata types them as i32.

/// <summary>QOS_TRAFFIC_TYPE.</summary>
public enum QOS_TRAFFIC_TYPE
{
    /// <summary>Ordinary traffic; no marks.</summary>
    QOSTrafficTypeBestEffort = 0,

    /// <summary>DSCP 8, 802.1p 2.</summary>
    QOSTrafficTypeBackground = 1,

    /// <summary>DSCP 40, 802.1p 5.</summary>
    QOSTrafficTypeExcellentEffort = 2,

    /// <summary>DSCP 40, 802.1p 5.</summary>
    QOSTrafficTypeAudioVideo = 3,

    /// <summary>DSCP 56, 802.1p 7.</summary>
    QOSTrafficTypeVoice = 4,

    /// <summary>DSCP 56, 802.1p 7.</summary>
    QOSTrafficTypeControl = 5,
}

/// <summary>QOS_SET_FLOW: the Operation of QOSSetFlow.</summary>
public enum QOS_SET_FLOW
{
    /// <summary>Buffer: QOS_TRAFFIC_TYPE, 4 bytes.</summary>
    QOSSetTrafficType = 0,

    /// <summary>Buffer: QOS_FLOWRATE_OUTGOING, 16 bytes.</summary>
    QOSSetOutgoingRate = 1,

    /// <summary>Buffer: DWORD DSCP (0-63), 4 bytes. Windows 7 and later; needs elevation.</summary>
    QOSSetOutgoingDSCPValue = 2,
}

/// <summary>QOS_QUERY_FLOW: the Operation of QOSQueryFlow.</summary>
public enum QOS_QUERY_FLOW
{
    /// <summary>Buffer: QOS_FLOW_FUNDAMENTALS, 40 bytes. Adaptive flows only.</summary>
    QOSQueryFlowFundamentals = 0,

    /// <summary>Buffer: QOS_PACKET_PRIORITY, 16 bytes.</summary>
    QOSQueryPacketPriority = 1,

    /// <summary>Buffer: UINT64 rate in bits per second, 8 bytes.</summary>
    QOSQueryOutgoingRate = 2,
}

/// <summary>QOS_NOTIFY_FLOW: the Operation of QOSNotifyFlow.</summary>
public enum QOS_NOTIFY_FLOW
{
    /// <summary>Fires when the path becomes congested. Buffer must be NULL.</summary>
    QOSNotifyCongested = 0,

    /// <summary>Fires when the path becomes uncongested. Buffer must be NULL.</summary>
    QOSNotifyUncongested = 1,

    /// <summary>Fires when the UINT64 threshold in Buffer becomes available.</summary>
    QOSNotifyAvailable = 2,
}

/// <summary>QOS_SHAPING.</summary>
public enum QOS_SHAPING
{
    /// <summary>The packet scheduler holds back packets above the rate.</summary>
    QOSShapeOnly = 0,

    /// <summary>Shapes and gives packets conformant priority marks.</summary>
    QOSShapeAndMark = 1,

    /// <summary>Does not enforce the rate; packets above it get non-conformant marks.</summary>
    QOSUseNonConformantMarkings = 2,
}

/// <summary>QOS_FLOWRATE_REASON.</summary>
public enum QOS_FLOWRATE_REASON
{
    /// <summary>Use on the first QOSSetOutgoingRate call.</summary>
    QOSFlowRateNotApplicable = 0,

    /// <summary>The content changed.</summary>
    QOSFlowRateContentChange = 1,

    /// <summary>The rate changed because of congestion.</summary>
    QOSFlowRateCongestion = 2,

    /// <summary>A higher content encoding was chosen.</summary>
    QOSFlowRateHigherContentEncoding = 3,

    /// <summary>The user caused the change.</summary>
    QOSFlowRateUserCaused = 4,
}
