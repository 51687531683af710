using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS013;

public class Valid
{
    [Fact]
    public Task Documented_flags_unknown_values_and_reserved_flags() => Run.Analyzer<UndefinedOrMisplacedFlagAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr buffer, uint flags, QOS_QUERY_FLOW operation)
            {
                uint id = 0, size = 40;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, (uint)QosFlags.NonAdaptive, ref id);
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, flags, ref id);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref size, buffer, QosConstants.QOS_QUERYFLOW_FRESH, IntPtr.Zero);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, ref size, buffer, 0, IntPtr.Zero);

                // The Operation is not known here: FRESH may be right.
                _ = Qwave.QOSQueryFlow(h, id, operation, ref size, buffer, QosConstants.QOS_QUERYFLOW_FRESH, IntPtr.Zero);

                // Reserved Flags are QOS001's.
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 2);
                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, buffer, 1, IntPtr.Zero);
            }
        }
        """, Bindings.DllImportBool);
}
