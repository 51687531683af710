namespace QosAnalyzers.Analyzers.Tests;

/// <summary>
/// [QosFlow] classes as users declare them. The tests reference the real runtime and run the real
/// generator (see QosAnalyzers.Testing.PackageApi), so these get the generated members users get.
/// </summary>
internal static class FlowClasses
{
    public const string Voice = """
        namespace App
        {
            using QosAnalyzers;

            [QosFlow(QosTrafficType.Voice)]
            public sealed partial class VoiceFlow
            {
            }
        }
        """;

    public const string Video = """
        namespace App
        {
            using QosAnalyzers;

            [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
            public sealed partial class VideoFlow
            {
            }
        }
        """;
}
