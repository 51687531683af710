using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Attributes;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS101;

/// <summary>QOS101, QOS102 and QOS110: the modifiers the generator needs, added where they are missing.</summary>
public class CodeFix
{
    /// <summary>The runtime's attributes, as source: the tests of this project do not reference the runtime.</summary>
    internal const string Attributes = """
        namespace QosAnalyzers
        {
            public enum QosTrafficType { BestEffort = 0, Background = 1, ExcellentEffort = 2, AudioVideo = 3, Voice = 4, Control = 5 }
            public enum QosShaping { ShapeOnly = 0, ShapeAndMark = 1, UseNonConformantMarkings = 2 }

            [System.AttributeUsage(System.AttributeTargets.Class, Inherited = false)]
            public sealed class QosFlowAttribute : System.Attribute
            {
                public QosFlowAttribute(QosTrafficType trafficType) => TrafficType = trafficType;
                public QosTrafficType TrafficType { get; }
                public bool Adaptive { get; set; }
                public int Dscp { get; set; } = -1;
                public long OutgoingRate { get; set; }
                public QosShaping Shaping { get; set; }
            }

            [System.AttributeUsage(System.AttributeTargets.Class, Inherited = false)]
            public sealed class QwaveNativeMethodsAttribute : System.Attribute
            {
                public QwaveNativeMethodsAttribute(params string[] functions) => Functions = functions;
                public string[] Functions { get; }
            }
        }
        """;

    [Fact]
    public Task A_class_without_modifiers_becomes_partial_keeping_its_layout() =>
        Run.CodeFix<QosAttributeUsageAnalyzer, AttributedTypeModifierCodeFix>("""
            using QosAnalyzers;

            namespace App;

            [QosFlow(QosTrafficType.Voice)]
            class {|QOS101:VoiceFlow|}
            {
            }

            /// <summary>Video.</summary>
            [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
            public sealed class {|QOS101:VideoFlow|} { }
            """,
            Attributes,
            """
            using QosAnalyzers;

            namespace App;

            [QosFlow(QosTrafficType.Voice)]
            partial class VoiceFlow
            {
            }

            /// <summary>Video.</summary>
            [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
            public sealed partial class VideoFlow { }
            """);

    [Fact]
    public Task Every_containing_type_becomes_partial() =>
        Run.CodeFix<QosAttributeUsageAnalyzer, AttributedTypeModifierCodeFix>("""
            using QosAnalyzers;

            namespace App
            {
                public static class Media
                {
                    internal struct Streams
                    {
                        [QosFlow(QosTrafficType.Voice)]
                        internal sealed partial class {|QOS102:{|QOS102:VoiceFlow|}|} { }

                        [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
                        internal sealed partial class {|QOS102:{|QOS102:VideoFlow|}|} { }
                    }
                }
            }
            """,
            Attributes,
            """
            using QosAnalyzers;

            namespace App
            {
                public static partial class Media
                {
                    internal partial struct Streams
                    {
                        [QosFlow(QosTrafficType.Voice)]
                        internal sealed partial class VoiceFlow { }

                        [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
                        internal sealed partial class VideoFlow { }
                    }
                }
            }
            """);

    [Fact]
    public Task A_native_methods_class_becomes_static_before_partial() =>
        Run.CodeFix<QosAttributeUsageAnalyzer, AttributedTypeModifierCodeFix>("""
            using QosAnalyzers;

            namespace App;

            [QwaveNativeMethods]
            internal partial class {|QOS110:Native|} { }

            [QwaveNativeMethods("QOSCreateHandle")]
            partial class {|QOS110:Selected|} { }
            """,
            Attributes,
            """
            using QosAnalyzers;

            namespace App;

            [QwaveNativeMethods]
            internal static partial class Native { }

            [QwaveNativeMethods("QOSCreateHandle")]
            static partial class Selected { }
            """);
}
