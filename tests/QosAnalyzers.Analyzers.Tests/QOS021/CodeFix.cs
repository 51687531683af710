using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS021;

public class CodeFix
{
    [Fact]
    public Task Sentinels_become_0xFFFFFFFF_and_byte_counts_bits() => Run.CodeFix<BandwidthMisuseAnalyzer, BandwidthMisuseCodeFix>("""
        using App;
        using Interop;
        using QosAnalyzers;

        class C
        {
            void M(QosSession session, QosFlowId id, VoiceFlow voice, ulong bytesPerSecond)
            {
                var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = [|ulong.MaxValue|] };
                rate.Bandwidth = [|bytesPerSecond|];
                voice.SetOutgoingRate([|bytesPerSecond + 1000|]);
            }
        }

        class D
        {
            const ulong QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH = 0xFFFFFFFF;

            void M(QosSession session, QosFlowId id) => session.SetOutgoingRate(id, [|ulong.MaxValue|]);
        }
        """,
        NativeStructs.Source + "\n" + FlowClasses.Voice,
        """
        using App;
        using Interop;
        using QosAnalyzers;

        class C
        {
            void M(QosSession session, QosFlowId id, VoiceFlow voice, ulong bytesPerSecond)
            {
                var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = 0xFFFFFFFF };
                rate.Bandwidth = bytesPerSecond * 8;
                voice.SetOutgoingRate((bytesPerSecond + 1000) * 8);
            }
        }

        class D
        {
            const ulong QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH = 0xFFFFFFFF;

            void M(QosSession session, QosFlowId id) => session.SetOutgoingRate(id, QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH);
        }
        """);
}
