using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Analyzers.Flow.Facets;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// The lattice of the shared walk: the product of the facets' own states, one slot per facet. Each slot is
    /// joined and compared by its facet's state type; a slot nothing changed is shared between states, so the
    /// join and the fixed-point test of an untouched facet cost one reference comparison.
    /// </summary>
    internal sealed class FlowState
    {
        public static readonly FlowState Empty = new FlowState(HandleState.Empty, PendingState.Empty, FlowIdState.Empty, SocketState.Empty, ResultState.Empty);

        private FlowState(HandleState handles, PendingState pending, FlowIdState flowIds, SocketState sockets, ResultState results)
        {
            Handles = handles;
            Pending = pending;
            FlowIds = flowIds;
            Sockets = sockets;
            Results = results;
        }

        /// <summary>The handle-obligations facet: flows and tracking per handle, the closes a handle may have had, closes made early.</summary>
        public HandleState Handles { get; }

        /// <summary>The pending-operations facet: overlapped operations per handle, failures being handled unchecked.</summary>
        public PendingState Pending { get; }

        /// <summary>The flow-id provenance facet: where each flow-id storage's value may have come from.</summary>
        public FlowIdState FlowIds { get; }

        /// <summary>The sockets facet: unconnected datagram sockets, socket closes made early.</summary>
        public SocketState Sockets { get; }

        /// <summary>The call-results facet: the qWAVE calls whose BOOL a local holds.</summary>
        public ResultState Results { get; }

        public FlowState With(HandleState handles) => ReferenceEquals(handles, Handles) ? this : new FlowState(handles, Pending, FlowIds, Sockets, Results);

        public FlowState With(PendingState pending) => ReferenceEquals(pending, Pending) ? this : new FlowState(Handles, pending, FlowIds, Sockets, Results);

        public FlowState With(FlowIdState flowIds) => ReferenceEquals(flowIds, FlowIds) ? this : new FlowState(Handles, Pending, flowIds, Sockets, Results);

        public FlowState With(SocketState sockets) => ReferenceEquals(sockets, Sockets) ? this : new FlowState(Handles, Pending, FlowIds, sockets, Results);

        public FlowState With(ResultState results) => ReferenceEquals(results, Results) ? this : new FlowState(Handles, Pending, FlowIds, Sockets, results);

        public FlowState Join(FlowState other)
        {
            if (ReferenceEquals(this, other))
            {
                return this;
            }

            HandleState handles = Handles.Join(other.Handles);
            PendingState pending = Pending.Join(other.Pending);
            FlowIdState flowIds = FlowIds.Join(other.FlowIds);
            SocketState sockets = Sockets.Join(other.Sockets);
            ResultState results = Results.Join(other.Results);
            return ReferenceEquals(handles, Handles) && ReferenceEquals(pending, Pending) && ReferenceEquals(flowIds, FlowIds) && ReferenceEquals(sockets, Sockets) && ReferenceEquals(results, Results)
                ? this
                : new FlowState(handles, pending, flowIds, sockets, results);
        }

        public bool SameAs(FlowState other) =>
            ReferenceEquals(this, other)
            || (Handles.SameAs(other.Handles) && Pending.SameAs(other.Pending) && FlowIds.SameAs(other.FlowIds) && Sockets.SameAs(other.Sockets) && Results.SameAs(other.Results));
    }

    /// <summary>Operations on a map from storage to a may-set (an absent key is the empty set).</summary>
    internal static class StorageSets<T>
    {
        public static readonly ImmutableDictionary<ISymbol, ImmutableHashSet<T>> Empty =
            ImmutableDictionary.Create<ISymbol, ImmutableHashSet<T>>(SymbolEqualityComparer.Default);

        public static ImmutableHashSet<T> Get(ImmutableDictionary<ISymbol, ImmutableHashSet<T>> map, ISymbol? key) =>
            key is not null && map.TryGetValue(key, out ImmutableHashSet<T>? set) ? set : ImmutableHashSet<T>.Empty;

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
