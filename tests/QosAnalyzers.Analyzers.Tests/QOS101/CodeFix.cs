using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Attributes;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS101;

/// <summary>QOS101, QOS102 and QOS110: the modifiers the generator needs, added where they are missing.</summary>
public class CodeFix
{

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
            """
            using QosAnalyzers;

            namespace App;

            [QwaveNativeMethods]
            internal static partial class Native { }

            [QwaveNativeMethods("QOSCreateHandle")]
            static partial class Selected { }
            """);
}
