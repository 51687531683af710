using System;

namespace QosAnalyzers.Compat;

/// <summary>The microsecond helpers of .NET 7+ <see cref="TimeSpan"/>, for both targets.</summary>
internal static class TimeSpans
{
    /// <summary>10 ticks of 100 ns.</summary>
    public const long TicksPerMicrosecond = 10;

    public static TimeSpan FromMicroseconds(long microseconds) => TimeSpan.FromTicks(microseconds * TicksPerMicrosecond);
}
