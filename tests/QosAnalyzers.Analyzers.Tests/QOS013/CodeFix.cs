using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS013;

public class CodeFix
{
    [Fact]
    public Task Keeps_the_documented_flags_by_name_or_passes_0() => Run.CodeFix<UndefinedOrMisplacedFlagAnalyzer, UndefinedOrMisplacedFlagCodeFix>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr buffer)
            {
                uint id = 0, size = 8;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, [|QosConstants.QOS_QUERYFLOW_FRESH|], ref id);
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, [|QosConstants.QOS_NON_ADAPTIVE_FLOW | 4|], ref id);
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, [|(uint)(QosFlags.NonAdaptive | QosFlags.Fresh)|], ref id);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, ref size, buffer, [|Flags: QosConstants.QOS_QUERYFLOW_FRESH|], Overlapped: IntPtr.Zero);
            }
        }
        """,
        Bindings.DllImportBool,
        """
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr buffer)
            {
                uint id = 0, size = 8;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, (uint)QosFlags.NonAdaptive, ref id);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, ref size, buffer, Flags: 0, Overlapped: IntPtr.Zero);
            }
        }
        """);
}
