using System.Collections.Generic;
using System.Net;
using System.Threading;
using QosAnalyzers.Interop;

namespace QosAnalyzers.Simulation;

/// <summary>One open QOS handle of the simulator.</summary>
internal sealed class SimulatedHandle
{
    public SimulatedHandle(nint value) => Value = value;

    public nint Value { get; }

    public HashSet<uint> Flows { get; } = new();

    /// <summary>Tracked clients: identified by address and family only (the port is ignored).</summary>
    public HashSet<IPAddress> TrackedClients { get; } = new();

    /// <summary>Set by a simulated power event: every call but QOSCloseHandle then fails with 1164.</summary>
    public bool NeedsReinitialization { get; set; }
}

/// <summary>One flow of the simulator.</summary>
internal sealed class SimulatedFlowState
{
    public SimulatedFlowState(uint id, nint handle, bool adaptive, QOS_TRAFFIC_TYPE trafficType)
    {
        Id = id;
        Handle = handle;
        Adaptive = adaptive;
        TrafficType = trafficType;
    }

    public uint Id { get; }

    public nint Handle { get; }

    public bool Adaptive { get; }

    public QOS_TRAFFIC_TYPE TrafficType { get; set; }

    public List<nint> Sockets { get; } = new();

    public ulong? OutgoingRate { get; set; }

    public QOS_SHAPING? Shaping { get; set; }

    public uint? Dscp { get; set; }
}

internal enum PendingKind
{
    SetFlow,
    QueryFlow,
    NotifyFlow,
}

/// <summary>An overlapped (or blocking NotifyFlow) request that has not completed.</summary>
internal sealed unsafe class PendingOperation
{
    public PendingOperation(PendingKind kind, nint handle, uint flowId, int operation, NativeOverlapped* overlapped)
    {
        Kind = kind;
        Handle = handle;
        FlowId = flowId;
        Operation = operation;
        Overlapped = overlapped;
    }

    public PendingKind Kind { get; }

    public nint Handle { get; }

    public uint FlowId { get; }

    public int Operation { get; }

    /// <summary>Null for a synchronous QOSNotifyFlow, which blocks its caller instead.</summary>
    public NativeOverlapped* Overlapped { get; }

    public string Function => Kind switch
    {
        PendingKind.SetFlow => "QOSSetFlow",
        PendingKind.QueryFlow => "QOSQueryFlow",
        _ => "QOSNotifyFlow",
    };

    // SetFlow: the validated value to apply at completion.
    public QOS_TRAFFIC_TYPE TrafficType { get; set; }

    public QOS_FLOWRATE_OUTGOING Rate { get; set; }

    public uint Dscp { get; set; }

    // QueryFlow: where the result goes at completion.
    public uint* Size { get; set; }

    public void* Buffer { get; set; }

    public bool Fresh { get; set; }

    // NotifyFlow (Available): the threshold read at submission.
    public ulong Threshold { get; set; }

    /// <summary>Set/Query requests wait here while the simulator holds completions.</summary>
    public bool Scheduled { get; set; }

    // Synchronous NotifyFlow: the blocked caller waits on this.
    public ManualResetEventSlim? Waiter { get; set; }

    public int Result { get; set; }
}
