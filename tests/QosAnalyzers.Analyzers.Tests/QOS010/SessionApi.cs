using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.AdaptiveFlowRequiredAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS010;

/// <summary>QOS010 on this package's QosSession API, whose AddSocketToFlow takes 'adaptive' instead of Flags.</summary>
public class SessionApi
{

    [Fact]
    public Task Fundamentals_and_notifications_on_a_non_adaptive_session_flow() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>(
        new[]
        {
            """
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using QosAnalyzers;

            class C
            {
                async Task M(QosSession session, Socket audio, Socket video)
                {
                    QosFlowId flow = {|#1:session.AddSocketToFlow(audio, null, QosTrafficType.Voice, adaptive: false)|};
                    _ = {|#0:session.QueryFundamentals(flow)|};
                    await {|#2:session.WhenCongestedAsync(flow)|};

                    QosFlowId adaptive = {|#4:session.AddSocketToFlow(audio, null, QosTrafficType.AudioVideo, true)|};
                    {|#3:session.AddSocketToExistingFlow(adaptive, video, null, QosTrafficType.AudioVideo)|};
                }
            }
            """,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("flow", "QosSession.QueryFundamentals", "a flow created by AddSocketToFlow(adaptive: false), which gathers no network data; QueryFundamentals needs an adaptive flow"),
        Diagnostic().WithLocation(2).WithAdditionalLocations(1).WithArguments("flow", "QosSession.WhenCongestedAsync", "a flow created by AddSocketToFlow(adaptive: false), which gathers no network data; WhenCongestedAsync needs an adaptive flow"),
        Diagnostic().WithLocation(3).WithAdditionalLocations(4).WithArguments("adaptive", "QosSession.AddSocketToExistingFlow", "the adaptive flow created by AddSocketToFlow(adaptive: true); only a non-adaptive flow can take a second socket"));

    [Fact]
    public Task Matching_kinds_and_unknown_kinds_stay_silent() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>(
        new[]
        {
            """
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using QosAnalyzers;

            class C
            {
                async Task M(QosSession session, Socket audio, Socket video, bool adaptive, QosFlowId given)
                {
                    QosFlowId flow = session.AddSocketToFlow(audio, null, QosTrafficType.Voice, adaptive: true);
                    _ = session.QueryFundamentals(flow);
                    await session.WhenCongestedAsync(flow);

                    QosFlowId shared = session.AddSocketToFlow(audio, null, QosTrafficType.Voice, adaptive: false);
                    session.AddSocketToExistingFlow(shared, video, null, QosTrafficType.Voice);
                    _ = session.QueryOutgoingRate(shared);

                    QosFlowId either = session.AddSocketToFlow(audio, null, QosTrafficType.Voice, adaptive);
                    _ = session.QueryFundamentals(either);
                    _ = session.QueryFundamentals(given);
                }
            }
            """,
        });
}
