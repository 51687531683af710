using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow.Facets
{
    /// <summary>
    /// One concern of the shared walk: it owns a slot of <see cref="FlowState"/> (its state type, with its own
    /// join), the transfer steps that change that slot, and the results it records for the rules. The walk
    /// (<see cref="FlowWalk"/>) decodes each operation once and hands the facets the events below, in the same
    /// order for all of them; the steps particular to one facet (an add, a close, a socket close) it calls on
    /// that facet directly. A facet may read another facet's slot, never write it.
    /// </summary>
    internal abstract class FlowFacet
    {
        /// <summary>What the facet follows, as the documentation names it.</summary>
        public abstract string Name { get; }

        /// <summary>Code the walk cannot see was given the storage's value: it may remove, cancel or close what it names.</summary>
        public virtual FlowState Escaped(FlowState state, ISymbol key) => state;

        /// <summary>The storage now holds something else: everything known about it is forgotten.</summary>
        public virtual FlowState Overwritten(FlowState state, ISymbol key) => state;

        /// <summary>A call that cannot be summarized may reach the type's members through <c>this</c>.</summary>
        public virtual FlowState MembersReached(FlowState state) => state;

        /// <summary>On a branch where these qWAVE calls are known to have returned TRUE.</summary>
        public virtual FlowState Succeeded(FlowState state, ImmutableHashSet<IInvocationOperation> calls) => state;

        /// <summary>On a branch where these qWAVE calls are known to have returned FALSE; <paramref name="handler"/> is the statement handling that, if any.</summary>
        public virtual FlowState Failed(FlowState state, ImmutableHashSet<IInvocationOperation> calls, SyntaxNode? handler) => state;

        /// <summary>On a branch where the flow-id storage <paramref name="id"/> holds 0: no flow was added under it.</summary>
        public virtual FlowState FlowIdIsZero(FlowState state, ISymbol id, IOperation condition) => state;

        /// <summary>A normal exit of the graph, with the state there.</summary>
        public virtual void AtExit(FlowState state)
        {
        }

        /// <summary>The path leaves these regions (their locals' lifetimes end).</summary>
        public virtual void AtLeave(FlowState state, ImmutableArray<ControlFlowRegion> regions)
        {
        }

        // The result collections are made on first use: most walks leave most of them empty.
        protected static void Accumulate<TKey, T>(ref Dictionary<TKey, ImmutableHashSet<T>>? records, TKey at, ImmutableHashSet<T> found)
            where TKey : class
        {
            records ??= new Dictionary<TKey, ImmutableHashSet<T>>();
            if (found.IsEmpty)
            {
                if (!records.ContainsKey(at))
                {
                    records[at] = found;
                }

                return;
            }

            records[at] = records.TryGetValue(at, out ImmutableHashSet<T>? existing) ? existing.Union(found) : found;
        }

        protected static IReadOnlyDictionary<TKey, TValue> Read<TKey, TValue>(Dictionary<TKey, TValue>? records)
            where TKey : notnull =>
            (IReadOnlyDictionary<TKey, TValue>?)records ?? EmptyResults<TKey, TValue>.Map;

        protected static IReadOnlyList<T> Read<T>(List<T>? records) => (IReadOnlyList<T>?)records ?? System.Array.Empty<T>();

        /// <summary>A shared empty map for results nothing was recorded in (never written).</summary>
        private static class EmptyResults<TKey, TValue>
            where TKey : notnull
        {
            public static readonly IReadOnlyDictionary<TKey, TValue> Map = new Dictionary<TKey, TValue>();
        }
    }
}
