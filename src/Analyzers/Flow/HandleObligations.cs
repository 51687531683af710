using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>What must happen on a QOS handle before it is closed.</summary>
    internal enum ObligationKind
    {
        /// <summary>A flow added by QOSAddSocketToFlow: QOSRemoveSocketFromFlow it.</summary>
        Flow,

        /// <summary>An overlapped QOSSetFlow/QOSQueryFlow/QOSNotifyFlow: QOSCancel it and let it complete.</summary>
        PendingOperation,

        /// <summary>QOSStartTrackingClient: QOSStopTrackingClient it, or close the handle (which stops it).</summary>
        Tracking,
    }

    /// <summary>Where an obligation was created, relative to the method analyzed.</summary>
    internal enum ObligationScope
    {
        /// <summary>By a call in this method (or in a helper it calls).</summary>
        Method,

        /// <summary>By another member of the type, into members: outstanding whenever this member runs.</summary>
        Type,

        /// <summary>Stand-in for the caller's obligations while a callee is summarized.</summary>
        Caller,
    }

    /// <summary>One outstanding obligation, identified by the call that created it.</summary>
    internal sealed class Obligation
    {
        public Obligation(ObligationKind kind, IInvocationOperation origin, string function, ISymbol handle, ISymbol? value, ISymbol? socket = null, ILocalSymbol? lostId = null, ObligationScope scope = ObligationScope.Method)
        {
            Scope = scope;
            Kind = kind;
            _hash = (origin.GetHashCode() * 397) ^ (int)kind;
            Origin = origin;
            Function = function;
            Handle = handle;
            Value = value;
            Socket = socket;
            LostId = lostId;
        }

        private readonly int _hash;

        public ObligationKind Kind { get; }

        /// <summary>Where the obligation comes from: this method, another member of the type, or (in a callee summary) the caller.</summary>
        public ObligationScope Scope { get; }

        /// <summary>Added by another member of the type: judged only when this method removes it after closing.</summary>
        public bool IsInherited => Scope == ObligationScope.Type;

        /// <summary>A stand-in, while a callee is summarized, for whatever the caller may have outstanding on that storage.</summary>
        public bool IsIncoming => Scope == ObligationScope.Caller;

        /// <summary>The qWAVE call that created the obligation.</summary>
        public IInvocationOperation Origin { get; }

        public string Function { get; }

        /// <summary>The storage holding the QOS handle.</summary>
        public ISymbol Handle { get; }

        /// <summary>The storage holding the flow id (Flow), the OVERLAPPED (PendingOperation) or the client address (Tracking), when known.</summary>
        public ISymbol? Value { get; }

        /// <summary>For a flow: the storage holding the socket that was added, when known.</summary>
        public ISymbol? Socket { get; }

        /// <summary>For a flow: the local that held its id until it was overwritten while the flow was outstanding; nothing can name the flow any more.</summary>
        public ILocalSymbol? LostId { get; }

        /// <summary>The same obligation once the socket's storage holds another socket.</summary>
        public Obligation WithoutSocket() => new Obligation(Kind, Origin, Function, Handle, Value, socket: null, LostId, Scope);

        /// <summary>The same flow once <paramref name="id"/>, the local holding its id, is overwritten.</summary>
        public Obligation AsLost(ILocalSymbol id) => new Obligation(Kind, Origin, Function, Handle, value: null, Socket, id, Scope);

        /// <summary>The same obligation held in the caller's storage, as another member of the type left it.</summary>
        public Obligation Rebased(ISymbol handle, ISymbol? value, ISymbol? socket, ObligationScope scope) => new Obligation(Kind, Origin, Function, handle, value, socket, lostId: null, scope);

        public override bool Equals(object? obj) =>
            obj is Obligation o && o.Kind == Kind && o.Scope == Scope && ReferenceEquals(o.Origin, Origin) && SymbolEqualityComparer.Default.Equals(o.Socket, Socket)
            && SymbolEqualityComparer.Default.Equals(o.LostId, LostId) && SymbolEqualityComparer.Default.Equals(o.Handle, Handle);

        public override int GetHashCode() => _hash;
    }

    /// <summary>
    /// The lattice of the shared per-method analysis. Per storage (local, parameter, member):
    /// the obligations that may be outstanding on a handle; the qWAVE calls whose success a bool
    /// local records; the closes that may already have closed a handle; where the value a flow-id
    /// variable may hold came from. Every component is a may-set, and join is set union.
    /// </summary>
    internal sealed class HandleObligations
    {
        public static readonly HandleObligations Empty = new HandleObligations(
            Map<Obligation>.Empty,
            Map<IInvocationOperation>.Empty,
            Map<IOperation>.Empty,
            Map<FlowIdSource>.Empty,
            ImmutableHashSet<UncheckedFailure>.Empty,
            Map<IOperation>.Empty,
            ImmutableHashSet<EarlyClose>.Empty);

        private HandleObligations(
            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle,
            ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> resultOf,
            ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> closedBy,
            ImmutableDictionary<ISymbol, ImmutableHashSet<FlowIdSource>> flowIds,
            ImmutableHashSet<UncheckedFailure> uncheckedFailures,
            ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> unconnected,
            ImmutableHashSet<EarlyClose> closedEarly)
        {
            ClosedEarly = closedEarly;
            Unconnected = unconnected;
            ByHandle = byHandle;
            ResultOf = resultOf;
            ClosedBy = closedBy;
            FlowIds = flowIds;
            Unchecked = uncheckedFailures;
        }

        public ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> ByHandle { get; }

        public ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> ResultOf { get; }

        /// <summary>Per handle storage: the closes (QOSCloseHandle, SafeHandle Dispose/Close) that may have closed what it holds.</summary>
        public ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> ClosedBy { get; }

        /// <summary>Per flow-id storage: where the value it may hold came from. Absent: nothing known.</summary>
        public ImmutableDictionary<ISymbol, ImmutableHashSet<FlowIdSource>> FlowIds { get; }

        /// <summary>Overlapped calls whose FALSE result this path is handling without having compared the last error with ERROR_IO_PENDING.</summary>
        public ImmutableHashSet<UncheckedFailure> Unchecked { get; }

        public HandleObligations WithUnchecked(ImmutableHashSet<UncheckedFailure> uncheckedFailures) =>
            new HandleObligations(ByHandle, ResultOf, ClosedBy, FlowIds, uncheckedFailures, Unconnected, ClosedEarly);

        /// <summary>Per socket storage: the creations of a datagram socket it may hold that no path has connected since.</summary>
        public ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> Unconnected { get; }

        public ImmutableHashSet<IOperation> UnconnectedCreations(ISymbol? socket) =>
            socket is not null && Unconnected.TryGetValue(socket, out ImmutableHashSet<IOperation>? set) ? set : ImmutableHashSet<IOperation>.Empty;

        public HandleObligations SetUnconnected(ISymbol socket, ImmutableHashSet<IOperation>? creations) =>
            new HandleObligations(ByHandle, ResultOf, ClosedBy, FlowIds, Unchecked, Map<IOperation>.Set(Unconnected, socket, creations), ClosedEarly);

        /// <summary>
        /// Closes (of the handle, or of the socket) reached while a flow another member of the type added was
        /// outstanding: each becomes a finding only if the same path then removes that flow.
        /// </summary>
        public ImmutableHashSet<EarlyClose> ClosedEarly { get; }

        public HandleObligations WithClosedEarly(ImmutableHashSet<EarlyClose> closedEarly) =>
            ReferenceEquals(closedEarly, ClosedEarly) ? this : new HandleObligations(ByHandle, ResultOf, ClosedBy, FlowIds, Unchecked, Unconnected, closedEarly);

        public ImmutableHashSet<Obligation> For(ISymbol handle) =>
            ByHandle.TryGetValue(handle, out ImmutableHashSet<Obligation>? set) ? set : ImmutableHashSet<Obligation>.Empty;

        public ImmutableHashSet<IOperation> ClosesOf(ISymbol? handle) =>
            handle is not null && ClosedBy.TryGetValue(handle, out ImmutableHashSet<IOperation>? set) ? set : ImmutableHashSet<IOperation>.Empty;

        public ImmutableHashSet<FlowIdSource> SourcesOf(ISymbol? flowId) =>
            flowId is not null && FlowIds.TryGetValue(flowId, out ImmutableHashSet<FlowIdSource>? set) ? set : ImmutableHashSet<FlowIdSource>.Empty;

        public HandleObligations Add(Obligation obligation) =>
            With(ByHandle.SetItem(obligation.Handle, For(obligation.Handle).Add(obligation)), ResultOf, ClosedBy, FlowIds);

        /// <summary>Removes every obligation (of any handle) that satisfies <paramref name="predicate"/>.</summary>
        public HandleObligations RemoveWhere(System.Func<Obligation, bool> predicate)
        {
            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle = ByHandle;
            foreach (KeyValuePair<ISymbol, ImmutableHashSet<Obligation>> pair in ByHandle)
            {
                ImmutableHashSet<Obligation> kept = pair.Value;
                foreach (Obligation o in pair.Value)
                {
                    if (predicate(o))
                    {
                        kept = kept.Remove(o);
                    }
                }

                if (!ReferenceEquals(kept, pair.Value))
                {
                    byHandle = kept.IsEmpty ? byHandle.Remove(pair.Key) : byHandle.SetItem(pair.Key, kept);
                }
            }

            return With(byHandle, ResultOf, ClosedBy, FlowIds);
        }

        /// <summary>Replaces every obligation by <paramref name="selector"/>'s result (null: drop it).</summary>
        public HandleObligations Select(System.Func<Obligation, Obligation?> selector)
        {
            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle = ByHandle;
            foreach (KeyValuePair<ISymbol, ImmutableHashSet<Obligation>> pair in ByHandle)
            {
                ImmutableHashSet<Obligation> kept = pair.Value;
                foreach (Obligation o in pair.Value)
                {
                    Obligation? replacement = selector(o);
                    if (!ReferenceEquals(replacement, o))
                    {
                        kept = kept.Remove(o);
                        if (replacement is not null)
                        {
                            kept = kept.Add(replacement);
                        }
                    }
                }

                if (!ReferenceEquals(kept, pair.Value))
                {
                    byHandle = kept.IsEmpty ? byHandle.Remove(pair.Key) : byHandle.SetItem(pair.Key, kept);
                }
            }

            return With(byHandle, ResultOf, ClosedBy, FlowIds);
        }

        public HandleObligations SetResult(ISymbol local, ImmutableHashSet<IInvocationOperation>? calls) =>
            With(ByHandle, Map<IInvocationOperation>.Set(ResultOf, local, calls), ClosedBy, FlowIds);

        public HandleObligations SetClosedBy(ISymbol handle, ImmutableHashSet<IOperation>? closes) =>
            With(ByHandle, ResultOf, Map<IOperation>.Set(ClosedBy, handle, closes), FlowIds);

        public HandleObligations SetFlowId(ISymbol flowId, ImmutableHashSet<FlowIdSource>? sources) =>
            With(ByHandle, ResultOf, ClosedBy, Map<FlowIdSource>.Set(FlowIds, flowId, sources));

        /// <summary>Forgets the closes and flow-id values of every member (a call may reach them through <c>this</c>).</summary>
        public HandleObligations ForgetMemberValues() =>
            With(ByHandle, ResultOf, Map<IOperation>.RemoveKeys(ClosedBy, TrackedSymbols.IsMember), Map<FlowIdSource>.RemoveKeys(FlowIds, TrackedSymbols.IsMember));

        public HandleObligations Join(HandleObligations other)
        {
            if (ReferenceEquals(this, other))
            {
                return this;
            }

            HandleObligations joined = With(
                Map<Obligation>.Union(ByHandle, other.ByHandle),
                Map<IInvocationOperation>.Union(ResultOf, other.ResultOf),
                Map<IOperation>.Union(ClosedBy, other.ClosedBy),
                Map<FlowIdSource>.Union(FlowIds, other.FlowIds),
                Unchecked.Union(other.Unchecked));
            ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> unconnected = Map<IOperation>.Union(Unconnected, other.Unconnected);
            ImmutableHashSet<EarlyClose> closedEarly = other.ClosedEarly.IsEmpty ? joined.ClosedEarly : joined.ClosedEarly.Union(other.ClosedEarly);
            return ReferenceEquals(unconnected, joined.Unconnected) && ReferenceEquals(closedEarly, joined.ClosedEarly)
                ? joined
                : new HandleObligations(joined.ByHandle, joined.ResultOf, joined.ClosedBy, joined.FlowIds, joined.Unchecked, unconnected, closedEarly);
        }

        public bool SameAs(HandleObligations other) =>
            ReferenceEquals(this, other)
            || (Map<Obligation>.Same(ByHandle, other.ByHandle)
                && Map<IInvocationOperation>.Same(ResultOf, other.ResultOf)
                && Map<IOperation>.Same(ClosedBy, other.ClosedBy)
                && Map<FlowIdSource>.Same(FlowIds, other.FlowIds)
                && Unchecked.SetEquals(other.Unchecked)
                && Map<IOperation>.Same(Unconnected, other.Unconnected)
                && ClosedEarly.SetEquals(other.ClosedEarly));

        private HandleObligations With(
            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle,
            ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> resultOf,
            ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> closedBy,
            ImmutableDictionary<ISymbol, ImmutableHashSet<FlowIdSource>> flowIds,
            ImmutableHashSet<UncheckedFailure>? uncheckedFailures = null) =>
            ReferenceEquals(byHandle, ByHandle) && ReferenceEquals(resultOf, ResultOf) && ReferenceEquals(closedBy, ClosedBy) && ReferenceEquals(flowIds, FlowIds) && (uncheckedFailures is null || ReferenceEquals(uncheckedFailures, Unchecked))
                ? this
                : new HandleObligations(byHandle, resultOf, closedBy, flowIds, uncheckedFailures ?? Unchecked, Unconnected, ClosedEarly);

        /// <summary>Operations on a map from storage to a may-set.</summary>
        private static class Map<T>
        {
            public static readonly ImmutableDictionary<ISymbol, ImmutableHashSet<T>> Empty =
                ImmutableDictionary.Create<ISymbol, ImmutableHashSet<T>>(SymbolEqualityComparer.Default);

            public static ImmutableDictionary<ISymbol, ImmutableHashSet<T>> Set(ImmutableDictionary<ISymbol, ImmutableHashSet<T>> map, ISymbol key, ImmutableHashSet<T>? value) =>
                value is null || value.IsEmpty ? map.Remove(key) : map.SetItem(key, value);

            public static ImmutableDictionary<ISymbol, ImmutableHashSet<T>> RemoveKeys(ImmutableDictionary<ISymbol, ImmutableHashSet<T>> map, System.Func<ISymbol, bool> predicate)
            {
                foreach (ISymbol key in map.Keys)
                {
                    if (predicate(key))
                    {
                        map = map.Remove(key);
                    }
                }

                return map;
            }

            public static ImmutableDictionary<ISymbol, ImmutableHashSet<T>> Union(ImmutableDictionary<ISymbol, ImmutableHashSet<T>> left, ImmutableDictionary<ISymbol, ImmutableHashSet<T>> right)
            {
                if (ReferenceEquals(left, right) || right.IsEmpty)
                {
                    return left;
                }

                ImmutableDictionary<ISymbol, ImmutableHashSet<T>> result = left;
                foreach (KeyValuePair<ISymbol, ImmutableHashSet<T>> pair in right)
                {
                    result = result.SetItem(pair.Key, left.TryGetValue(pair.Key, out ImmutableHashSet<T>? mine) ? mine.Union(pair.Value) : pair.Value);
                }

                return result;
            }

            public static bool Same(ImmutableDictionary<ISymbol, ImmutableHashSet<T>> left, ImmutableDictionary<ISymbol, ImmutableHashSet<T>> right)
            {
                if (ReferenceEquals(left, right))
                {
                    return true;
                }

                if (left.Count != right.Count)
                {
                    return false;
                }

                foreach (KeyValuePair<ISymbol, ImmutableHashSet<T>> pair in left)
                {
                    if (!right.TryGetValue(pair.Key, out ImmutableHashSet<T>? theirs) || !theirs.SetEquals(pair.Value))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    /// <summary>An overlapped call on the path where its FALSE result is being handled, with the statement handling it.</summary>
    internal sealed class UncheckedFailure
    {
        public UncheckedFailure(IInvocationOperation call, SyntaxNode handler)
        {
            Call = call;
            Handler = handler;
        }

        public IInvocationOperation Call { get; }

        /// <summary>The if statement (or conditional) whose condition tested the result.</summary>
        public SyntaxNode Handler { get; }

        public override bool Equals(object? obj) => obj is UncheckedFailure o && ReferenceEquals(o.Call, Call) && o.Handler == Handler;

        public override int GetHashCode() => Call.GetHashCode() ^ Handler.GetHashCode();
    }

    /// <summary>A close reached while a flow added by another member of the type was outstanding: of its handle, or (with <see cref="Socket"/>) of its socket.</summary>
    internal sealed class EarlyClose
    {
        public EarlyClose(IInvocationOperation close, Obligation flow, ISymbol? socket)
        {
            Close = close;
            Flow = flow;
            Socket = socket;
        }

        /// <summary>The close, or the call of the helper that closes.</summary>
        public IInvocationOperation Close { get; }

        public Obligation Flow { get; }

        /// <summary>For a socket close: the socket's storage; null for a close of the handle.</summary>
        public ISymbol? Socket { get; }

        public override bool Equals(object? obj) => obj is EarlyClose o && ReferenceEquals(o.Close, Close) && o.Flow.Equals(Flow) && SymbolEqualityComparer.Default.Equals(o.Socket, Socket);

        public override int GetHashCode() => Close.GetHashCode() ^ Flow.GetHashCode();
    }
}
