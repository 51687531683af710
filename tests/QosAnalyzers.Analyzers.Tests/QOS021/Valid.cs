using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS021;

public class Valid
{
    [Fact]
    public Task Bits_per_second_and_the_right_sentinel() => Run.Analyzer<BandwidthMisuseAnalyzer>(new[]
    {
        """
        using App;
        using Interop;
        using QosAnalyzers;

        class C
        {
            const ulong QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH = 0xFFFFFFFF;

            void M(QosSession session, QosFlowId id, VoiceFlow voice, ulong bytesPerSecond, ulong bitsPerSecond, int packetBytes, int packets)
            {
                var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH };
                rate.Bandwidth = uint.MaxValue;
                rate.Bandwidth = bytesPerSecond * 8;
                rate.Bandwidth = bytesPerSecond << 3;
                rate.Bandwidth = (ulong)(packetBytes * packets) * 8000 / 1000;
                rate.Bandwidth = bitsPerSecond;
                session.SetOutgoingRate(id, 2_000_000);
                voice.SetOutgoingRate(8 * bytesPerSecond);
                _ = session.WhenAvailableAsync(id, bitsPerSecond);
            }
        }

        // Another struct's Bandwidth is not qWAVE's.
        struct LinkStats { public ulong Bandwidth; }

        class D
        {
            void M(ulong bytes) => _ = new LinkStats { Bandwidth = bytes };
        }
        """,
        NativeStructs.Source,
        FlowClasses.Voice,
    });
}
