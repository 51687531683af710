using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS010;

public class Valid
{
    [Fact]
    public Task Adaptive_flow_with_notifications_and_non_adaptive_with_other_operations() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void Adaptive(IntPtr h, IntPtr s, IntPtr overlapped, IntPtr buffer)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    return;
                }

                uint size = 40;
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref size, buffer, 0, IntPtr.Zero);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);
            }

            void NonAdaptive(IntPtr h, IntPtr audio, IntPtr video, IntPtr buffer)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, audio, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                _ = Qwave.QOSAddSocketToFlow(h, video, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                uint size = 16;
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryPacketPriority, ref size, buffer, 0, IntPtr.Zero);
                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, buffer, 0, IntPtr.Zero);
            }

            void Reset(IntPtr h, IntPtr first, IntPtr second)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, first, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, second, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Incomplete_evidence_stays_silent() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private uint _flowId;

            void Parameter(IntPtr h, uint id, IntPtr overlapped) =>
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);

            void Field(IntPtr h, IntPtr overlapped) =>
                _ = Qwave.QOSNotifyFlow(h, _flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);

            void FlagsNotConstant(IntPtr h, IntPtr s, uint flags, IntPtr overlapped)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, flags, ref id);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);
            }

            void EitherKind(IntPtr h, IntPtr s, bool adaptive, IntPtr overlapped)
            {
                uint id = 0;
                if (adaptive)
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }
                else
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                }

                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);
            }

            void OperationNotConstant(IntPtr h, IntPtr s, QOS_QUERY_FLOW operation, IntPtr buffer)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                uint size = 40;
                _ = Qwave.QOSQueryFlow(h, id, operation, ref size, buffer, 0, IntPtr.Zero);
            }

            void FailedAdd(IntPtr h, IntPtr s, IntPtr overlapped)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id))
                {
                    _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);
                }
            }
        }
        """, Bindings.DllImportBool);
}
