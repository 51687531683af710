using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow.Facets
{
    /// <summary>
    /// Pinning: where a path leaves a <c>fixed</c> statement (its pointers' lifetime ends and the memory may move), the
    /// overlapped operations that may still be pending there, read from <see cref="PendingOperationsFacet"/>'s slot. It keeps
    /// no state of its own.
    /// </summary>
    internal sealed class PinningFacet : FlowFacet
    {
        private Dictionary<IInvocationOperation, ImmutableHashSet<ILocalSymbol>>? _pendingWhenUnpinned;

        public override string Name => "pinning";

        /// <summary>Overlapped operations that may still be pending where some path leaves a <c>fixed</c> statement, with the pointers it declared (unpinned there).</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<ILocalSymbol>> PendingWhenUnpinned => Read(_pendingWhenUnpinned);

        public override void AtLeave(FlowState state, ImmutableArray<ControlFlowRegion> regions)
        {
            if (state.Pending.Operations.IsEmpty)
            {
                return;
            }

            foreach (ControlFlowRegion region in regions)
            {
                if (region.Kind != ControlFlowRegionKind.LocalLifetime)
                {
                    continue;
                }

                foreach (ILocalSymbol local in region.Locals)
                {
                    if (!local.IsFixed)
                    {
                        continue;
                    }

                    foreach (Obligation o in state.Pending.Operations.All())
                    {
                        Accumulate(ref _pendingWhenUnpinned, o.Origin, ImmutableHashSet.Create<ILocalSymbol>(SymbolEqualityComparer.Default, local));
                    }
                }
            }
        }
    }
}
