// The synchronous QOSSetFlow and QOSQueryFlow calls behind the Set*/Query* members.
using System;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

public sealed partial class QosSession
{
    private unsafe QosException? SetFlow(QosFlowId flowId, QOS_SET_FLOW operation, void* buffer, int size)
    {
        using CallScope scope = EnterCall();
        return Backend.QOSSetFlow(RawHandle, flowId.Value, operation, (uint)size, buffer, 0, null) == 0
            ? FlowError(QwaveCatalog.QOSSetFlow, flowId)
            : null;
    }

    private unsafe QosException? SetRate(QosFlowId flowId, ulong bitsPerSecond, QosShaping shaping, QosFlowRateReason reason)
    {
        CheckFlowId(flowId);
        CheckRate(bitsPerSecond, shaping, reason);
        var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = bitsPerSecond, ShapingBehavior = (QOS_SHAPING)shaping, Reason = (QOS_FLOWRATE_REASON)reason };
        return SetFlow(flowId, QOS_SET_FLOW.QOSSetOutgoingRate, &rate, sizeof(QOS_FLOWRATE_OUTGOING));
    }

    private unsafe QosException? SetDscp(QosFlowId flowId, int dscp)
    {
        CheckFlowId(flowId);
        if (dscp is < 0 or > QwaveCatalog.MaxDscp)
        {
            throw new ArgumentOutOfRangeException(nameof(dscp), dscp, "A DSCP value has 6 bits: 0-63 (not a TOS byte).");
        }

        uint value = (uint)dscp;
        return SetFlow(flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, &value, sizeof(uint));
    }

    private unsafe void Query(QosFlowId flowId, QOS_QUERY_FLOW operation, void* buffer, int size, uint flags)
    {
        CheckFlowId(flowId);
        using CallScope scope = EnterCall();
        uint inOut = (uint)size;
        if (Backend.QOSQueryFlow(RawHandle, flowId.Value, operation, &inOut, buffer, flags, null) == 0)
        {
            throw FlowError(QwaveCatalog.QOSQueryFlow, flowId);
        }
    }

    private static QosFlowFundamentals ToFundamentals(QOS_FLOW_FUNDAMENTALS f) => new(
        f.BottleneckBandwidthSet != 0 ? f.BottleneckBandwidth : null,
        f.AvailableBandwidthSet != 0 ? f.AvailableBandwidth : null,
        f.RTTSet != 0 ? TimeSpan.FromTicks(f.RTT * TimeSpans.TicksPerMicrosecond) : null);
}
