using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS017;

public class Valid
{
    [Fact]
    public Task DSCP_values_and_values_that_are_not_evident() => Run.Analyzer<DscpOutOfRangeAnalyzer>(new[]
    {
        """
        using App;
        using Interop;
        using QosAnalyzers;

        unsafe class C
        {
            void M(nint h, uint id, uint fromCaller, QosSession session, QosFlowId flow, VoiceFlow voice, int dscp, bool high)
            {
                uint ef = 46;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &ef, 0, null);
                uint top = 63, zero = 0;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &top, 0, null);
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &zero, 0, null);
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &fromCaller, 0, null);

                // Written again before the call: not evident.
                uint changed = 0xB8;
                if (high)
                {
                    changed >>= 2;
                }

                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &changed, 0, null);

                // Other Operations take other values: a traffic type, a rate.
                uint rateLike = 184;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, &rateLike, 0, null);

                session.SetOutgoingDscp(flow, 46);
                session.SetOutgoingDscp(flow, dscp);
                voice.SetOutgoingDscp(0x2E);
                _ = voice.TrySetOutgoingDscp(63, out _);
            }
        }

        class Unrelated
        {
            public void SetOutgoingDscp(int dscp) { }
            void M() => SetOutgoingDscp(184);
        }
        """,
        Bindings.LibraryImportPointers,
        FlowClasses.Voice,
    });
}
