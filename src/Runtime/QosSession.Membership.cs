// Sockets joining and leaving flows, and the session's flow table that follows qWAVE's answers.
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

public sealed partial class QosSession
{
    /// <summary>
    /// QOSAddSocketToFlow. Caller bugs that need no qWAVE to see (null, an undefined traffic type, a closed
    /// socket, a disposed session) always throw. What qWAVE itself refuses, including the addressing rules
    /// it answers with ERROR_INVALID_PARAMETER, is returned; with <paramref name="argumentsThrow"/> the
    /// addressing rules throw <see cref="ArgumentException"/> instead, with the same message.
    /// </summary>
    private unsafe QosException? AddSocket(QosFlowId existing, Socket socket, IPEndPoint? destination, QosTrafficType trafficType, bool adaptive, bool argumentsThrow, out QosFlowId flowId)
    {
        flowId = default;
        Guard.NotNull(socket);
        CheckDefined(trafficType, nameof(trafficType));
        using SocketLease lease = SocketLease.Acquire(socket, nameof(socket), "Add an open socket.");
        if (DestinationProblem(socket, destination, out string parameter) is string problem)
        {
            return argumentsThrow
                ? throw new ArgumentException(problem, parameter)
                : new QosException(QwaveCatalog.QOSAddSocketToFlow, QwaveCatalog.ERROR_INVALID_PARAMETER, problem);
        }

        byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
        if (destination is not null)
        {
            WindowsSockAddr.Write(destination, new Span<byte>(address, WindowsSockAddr.MaxSize));
        }

        using CallScope scope = EnterCall();

        // qWAVE's answer and the flow table change together: a removal racing this join cannot land
        // between them and leave the table disagreeing with qWAVE.
        lock (_membership)
        {
            return AddSocketInScope(existing, destination is null ? null : address, trafficType, adaptive, argumentsThrow, lease.Value, out flowId);
        }
    }

    private unsafe QosException? AddSocketInScope(QosFlowId existing, byte* address, QosTrafficType trafficType, bool adaptive, bool argumentsThrow, nint raw, out QosFlowId flowId)
    {
        flowId = default;
        lock (_sync)
        {
            foreach ((QosFlowId member, FlowEntry entry) in _flows)
            {
                if (entry.Sockets.Contains(raw))
                {
                    // After qWAVE dropped every flow the session cannot remove this one any more:
                    // say what will help (a new session) rather than "remove it first".
                    int reset = Volatile.Read(ref _reinitializationError);
                    if (reset != 0)
                    {
                        return new QosException(QwaveCatalog.QOSAddSocketToFlow, reset, "qWAVE dropped every flow of this session's handle earlier; dispose this session, open a new one and add the socket there.");
                    }

                    string already = $"The socket is already in flow {member} of this session, and a socket joins at most one flow; remove it from that flow first.";
                    return argumentsThrow
                        ? throw new ArgumentException(already, "socket")
                        : new QosException(QwaveCatalog.QOSAddSocketToFlow, QwaveCatalog.ERROR_INVALID_PARAMETER, already);
                }
            }
        }

        // FlowId 0 on input asks for a new flow; a nonzero id joins that flow.
        uint id = existing.Value;
        uint flags = adaptive ? 0 : QwaveCatalog.QOS_NON_ADAPTIVE_FLOW;
        if (Backend.QOSAddSocketToFlow(RawHandle, raw, address, (QOS_TRAFFIC_TYPE)trafficType, flags, &id) == 0)
        {
            return existing.Value == 0 ? SessionError(QwaveCatalog.QOSAddSocketToFlow) : FlowError(QwaveCatalog.QOSAddSocketToFlow, existing);
        }

        flowId = new QosFlowId(id);
        lock (_sync)
        {
            if (!_flows.TryGetValue(flowId, out FlowEntry? entry))
            {
                // A new flow, or (after a join qWAVE accepted) a flow the table had lost: a shared one.
                _flows[flowId] = entry = new FlowEntry(existing.Value == 0 && adaptive);
            }

            entry.Sockets.Add(raw);
        }

        return null;
    }

    /// <summary>
    /// A removal that fails because qWAVE has no such flow (ERROR_NOT_FOUND) leaves nothing to
    /// remove: the session forgets the flow too, so its sockets can join a flow again.
    /// </summary>
    private static bool QwaveNoLongerHasFlow(int error) => error == QwaveCatalog.ERROR_NOT_FOUND;

    private void ForgetSocket(QosFlowId flowId, nint raw)
    {
        lock (_sync)
        {
            if (_flows.TryGetValue(flowId, out FlowEntry? entry))
            {
                entry.Sockets.Remove(raw);
                if (entry.Sockets.Count == 0)
                {
                    _flows.Remove(flowId);
                }
            }
        }
    }

    private sealed class FlowEntry
    {
        public FlowEntry(bool adaptive) => Adaptive = adaptive;

        public bool Adaptive { get; }

        public List<nint> Sockets { get; } = new();
    }
}
