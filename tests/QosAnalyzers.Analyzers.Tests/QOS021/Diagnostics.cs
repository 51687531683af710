using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.BandwidthMisuseAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS021;

public class Diagnostics
{
    [Fact]
    public Task Wrong_sentinels_and_byte_counts() => Run.Analyzer<BandwidthMisuseAnalyzer>(new[]
    {
        """
        using App;
        using Interop;
        using QosAnalyzers;

        class C
        {
            void M(QosSession session, QosFlowId id, VoiceFlow voice, ulong bytesPerSecond, int packetBytes, int packetsPerSecond)
            {
                var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = {|#0:ulong.MaxValue|} };
                rate.Bandwidth = {|#1:~0UL|};
                rate.Bandwidth = {|#2:bytesPerSecond|};
                rate.Bandwidth = {|#3:(ulong)(packetBytes * packetsPerSecond)|};
                session.SetOutgoingRate(id, {|#4:unchecked((ulong)-1)|});
                voice.SetOutgoingRate({|#5:bytesPerSecond + 1000|});
            }
        }
        """,
        NativeStructs.Source,
        FlowClasses.Voice,
    },
        Diagnostic().WithLocation(0).WithArguments("QOS_FLOWRATE_OUTGOING.Bandwidth", "is ulong.MaxValue, not QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH: the default-minimum sentinel is the 32-bit 0xFFFFFFFF"),
        Diagnostic().WithLocation(1),
        Diagnostic().WithLocation(2).WithArguments("QOS_FLOWRATE_OUTGOING.Bandwidth", "is computed from 'bytesPerSecond', a byte count, with no multiplication by 8: qWAVE bandwidths are bits per second"),
        Diagnostic().WithLocation(3),
        Diagnostic().WithLocation(4).WithArguments("The bitsPerSecond of QosSession.SetOutgoingRate", "is ulong.MaxValue, not QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH: the default-minimum sentinel is the 32-bit 0xFFFFFFFF"),
        Diagnostic().WithLocation(5));
}
