// Representative user code for the generator tests.
namespace QosAnalyzers.Generator.Tests.Infrastructure;

internal static class Inputs
{
    /// <summary>Non-adaptive, block namespace, every option set.</summary>
    public const string VoiceFlow = """
        using QosAnalyzers;

        namespace Contoso.Media
        {
            [QosFlow(QosTrafficType.Voice, Dscp = 46, OutgoingRate = 2_000_000, Shaping = QosShaping.ShapeAndMark)]
            public sealed partial class VoiceFlow
            {
            }
        }
        """;

    /// <summary>Adaptive, file-scoped namespace, internal and unsealed, no options.</summary>
    public const string VideoFlow = """
        using QosAnalyzers;

        namespace Contoso.Video;

        [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
        internal partial class VideoFlow
        {
        }
        """;

    /// <summary>Global namespace, nested in a partial class, a partial record struct and a generic class.</summary>
    public const string NestedFlow = """
        using QosAnalyzers;

        public static partial class Transport
        {
            internal partial record struct Channel
            {
                private partial class Pool<T>
                {
                    [QosFlow(QosTrafficType.Control)]
                    protected internal partial class ControlFlow
                    {
                    }
                }
            }
        }
        """;

    /// <summary>All eleven entry points.</summary>
    public const string AllNativeMethods = """
        using QosAnalyzers;

        namespace Contoso.Interop;

        [QwaveNativeMethods]
        internal static partial class Qwave
        {
        }
        """;

    /// <summary>A selection, given out of catalog order and with a repeat.</summary>
    public const string SelectedNativeMethods = """
        using QosAnalyzers;

        namespace Contoso.Interop
        {
            public static partial class Outer
            {
                [QwaveNativeMethods("QOSCloseHandle", "QOSCreateHandle", "QOSCloseHandle")]
                internal static partial class Handles
                {
                }
            }
        }
        """;

    /// <summary>An assembly with runtime marshalling disabled, where SetLastError = true is unusable.</summary>
    public const string NativeMethodsWithoutRuntimeMarshalling = """
        using QosAnalyzers;

        [assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]

        namespace Contoso.Interop;

        [QwaveNativeMethods("QOSCreateHandle", "QOSSetFlow")]
        internal static partial class QwaveNoMarshalling
        {
        }
        """;
}
