using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow.Facets
{
    /// <summary>
    /// Call results: per bool (or BOOL) local, the qWAVE calls whose result it may hold (<c>bool ok = QOSSetFlow(...)</c>,
    /// and copies of such a local), so that a branch on the local tells the other facets which calls succeeded or failed.
    /// It records no results of its own.
    /// </summary>
    internal sealed class CallResultsFacet : FlowFacet
    {
        /// <summary>The facet keeps nothing but its slot of the state, so every walk shares one.</summary>
        public static readonly CallResultsFacet Instance = new CallResultsFacet();

        private CallResultsFacet()
        {
        }

        public override string Name => "call results";

        public static bool TryGet(FlowState state, ISymbol local, out ImmutableHashSet<IInvocationOperation> calls)
        {
            if (state.Results.Of.TryGetValue(local, out ImmutableHashSet<IInvocationOperation>? held))
            {
                calls = held;
                return true;
            }

            calls = ImmutableHashSet<IInvocationOperation>.Empty;
            return false;
        }

        /// <summary>The local now holds the result of these calls.</summary>
        public static FlowState Set(FlowState state, ISymbol local, ImmutableHashSet<IInvocationOperation> calls) =>
            state.With(state.Results.With(StorageSets<IInvocationOperation>.Set(state.Results.Of, local, calls)));

        public override FlowState Overwritten(FlowState state, ISymbol key) =>
            state.Results.Of.ContainsKey(key) ? state.With(state.Results.With(state.Results.Of.Remove(key))) : state;
    }

    /// <summary>The state of <see cref="CallResultsFacet"/>.</summary>
    internal sealed class ResultState
    {
        public static readonly ResultState Empty = new ResultState(StorageSets<IInvocationOperation>.Empty);

        private ResultState(ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> of) => Of = of;

        /// <summary>Per local: the calls whose result it may hold.</summary>
        public ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> Of { get; }

        public ResultState With(ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> of) => ReferenceEquals(of, Of) ? this : new ResultState(of);

        public ResultState Join(ResultState other) => ReferenceEquals(this, other) ? this : With(StorageSets<IInvocationOperation>.Union(Of, other.Of));

        public bool SameAs(ResultState other) => ReferenceEquals(this, other) || StorageSets<IInvocationOperation>.Same(Of, other.Of);
    }
}
