// Flow classes as users write them; the generator runs in this project's own build, so the tests
// below call the wrappers exactly as an application would.
using QosAnalyzers;

namespace QosAnalyzers.Generator.Tests.EndToEnd;

[QosFlow(QosTrafficType.Voice, Dscp = 46, OutgoingRate = 2_000_000, Shaping = QosShaping.ShapeAndMark)]
internal sealed partial class VoiceFlow;

[QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
internal partial class VideoFlow;

[QosFlow(QosTrafficType.Background)]
internal sealed partial class BulkFlow
{
    // User members live alongside the generated ones.
    public string Describe() => "bulk flow " + Id.Value;
}

internal static partial class Transport
{
    [QosFlow(QosTrafficType.Control, OutgoingRate = 64_000, Shaping = QosShaping.ShapeOnly)]
    internal sealed partial class ControlFlow;
}
