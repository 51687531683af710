using System;

namespace QosAnalyzers;

/// <summary>
/// Turns a partial class into a strongly typed qWAVE flow wrapper (source-generated).
/// The flow is non-adaptive (QOS_NON_ADAPTIVE_FLOW) unless <see cref="Adaptive"/> is true.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class QosFlowAttribute : Attribute
{
    /// <summary>Creates the attribute for flows of <paramref name="trafficType"/>.</summary>
    /// <param name="trafficType">The traffic type the flow is added with.</param>
    public QosFlowAttribute(QosTrafficType trafficType) => TrafficType = trafficType;

    /// <summary>The traffic type the flow is added with.</summary>
    public QosTrafficType TrafficType { get; }

    /// <summary>True for an adaptive flow; false (the default) passes QOS_NON_ADAPTIVE_FLOW.</summary>
    public bool Adaptive { get; set; }

    /// <summary>An outgoing DSCP value (0-63) set after the add, or -1 (the default) for none.</summary>
    public int Dscp { get; set; } = -1;

    /// <summary>An outgoing rate in bits per second at the IP level, or 0 (the default) for none.</summary>
    public long OutgoingRate { get; set; }

    /// <summary>The shaping used with <see cref="OutgoingRate"/>.</summary>
    public QosShaping Shaping { get; set; }
}

/// <summary>
/// On a static partial class: emits exact-ABI declarations of the selected qWAVE entry points
/// (all eleven when none is named).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class QwaveNativeMethodsAttribute : Attribute
{
    /// <summary>Selects the entry points to declare; none selects all eleven.</summary>
    /// <param name="functions">Exported names, e.g. "QOSCreateHandle".</param>
    public QwaveNativeMethodsAttribute(params string[] functions) => Functions = functions ?? Array.Empty<string>();

    /// <summary>The selected entry points; empty means all eleven.</summary>
#pragma warning disable CA1819 // An attribute argument array is the natural shape here.
    public string[] Functions { get; }
#pragma warning restore CA1819
}

/// <summary>
/// Marks a method that calls the named qWAVE entry point with the native parameter order, so the
/// analyzers treat calls to it as calls to that entry point.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class QwaveEntryPointAttribute : Attribute
{
    /// <summary>Names the qWAVE entry point the method stands for.</summary>
    /// <param name="name">The exported name, e.g. "QOSSetFlow".</param>
    public QwaveEntryPointAttribute(string name) => Name = name;

    /// <summary>The exported name of the entry point.</summary>
    public string Name { get; }
}
