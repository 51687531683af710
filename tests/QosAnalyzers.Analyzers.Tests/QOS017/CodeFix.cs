using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS017;

public class CodeFix
{
    [Fact]
    public Task TOS_bytes_are_shifted_where_they_are_written() => Run.CodeFix<DscpOutOfRangeAnalyzer, DscpOutOfRangeCodeFix>("""
        using App;
        using Interop;
        using QosAnalyzers;

        unsafe class C
        {
            void M(nint h, uint id, QosSession session, QosFlowId flow, VoiceFlow voice)
            {
                uint tos = 0xB8;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), [|&tos|], 0, null);
                uint cast = (uint)0x28 * 4;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), [|&cast|], 0, null);
                session.SetOutgoingDscp(flow, [|184|]);
                // Not a TOS byte: no fix.
                voice.SetOutgoingDscp([|99|]);
            }
        }
        """,
        Bindings.LibraryImportPointers + "\n" + FlowClasses.Voice,
        """
        using App;
        using Interop;
        using QosAnalyzers;

        unsafe class C
        {
            void M(nint h, uint id, QosSession session, QosFlowId flow, VoiceFlow voice)
            {
                uint tos = 0xB8 >> 2;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &tos, 0, null);
                uint cast = ((uint)0x28 * 4) >> 2;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &cast, 0, null);
                session.SetOutgoingDscp(flow, 184 >> 2);
                // Not a TOS byte: no fix.
                voice.SetOutgoingDscp([|99|]);
            }
        }
        """);
}
