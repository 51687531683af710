using QosAnalyzers;

namespace QosDemo;

/// <summary>Voice: non-adaptive, so it is marked DSCP 56 from the first packet and can carry several sockets.</summary>
[QosFlow(QosTrafficType.Voice)]
internal sealed partial class VoiceFlow;

/// <summary>Video: adaptive, so qWAVE estimates the path and tells us about congestion.</summary>
[QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
internal sealed partial class VideoFlow;
