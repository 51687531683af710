// Argument checks made before qWAVE is called: caller bugs that need no qWAVE to see, which throw
// from the Try* members too.
using System;

namespace QosAnalyzers;

public sealed partial class QosSession
{
    private static void CheckFlowId(QosFlowId flowId)
    {
        if (flowId.Value == 0)
        {
            throw new ArgumentException("Flow id 0 (default(" + nameof(QosFlowId) + ")) is never a valid flow; use an id returned by " + nameof(AddSocketToFlow) + ".", nameof(flowId));
        }
    }

    private static void CheckRate(ulong bitsPerSecond, QosShaping shaping, QosFlowRateReason reason)
    {
        if (bitsPerSecond == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerSecond), bitsPerSecond, "A rate of 0 bits/s would stop the flow; give the IP-level rate, or QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH (0xFFFFFFFF) for a small default.");
        }

        if (bitsPerSecond == ulong.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerSecond), bitsPerSecond, "ulong.MaxValue is not the default-minimum sentinel: QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH is 0xFFFFFFFF.");
        }

        CheckDefined(shaping, nameof(shaping));
        CheckDefined(reason, nameof(reason));
    }

    private static void CheckDefined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
#if NET
        if (!Enum.IsDefined(value))
#else
        if (!Enum.IsDefined(typeof(TEnum), value))
#endif
        {
            throw new ArgumentOutOfRangeException(name, value, $"Not a defined {typeof(TEnum).Name} value.");
        }
    }
}
