using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// What a call of one of the program's own methods does to the storage the caller tracks, found by running
    /// the shared analysis over the callee with stand-ins for whatever the caller holds (see
    /// <see cref="FlowWalk.SummaryEntryState"/>). Keys are the callee's view of the storage:
    /// members (the same symbols in the caller) and by-value parameters (the caller's argument).
    /// </summary>
    /// <remarks>
    /// The order matters and is kept: a close reached while the caller's flows on the handle may still be
    /// outstanding is applied before the callee's removals; a close after them, after.
    /// </remarks>
    internal sealed class CalleeSummary
    {
        public CalleeSummary(
            ImmutableArray<(ISymbol Key, string Function)> usesWhileClosed,
            ImmutableArray<ISymbol> closesFirst,
            ImmutableArray<ISymbol> socketClosesFirst,
            ImmutableArray<(ISymbol Key, ObligationKind Kind)> releases,
            ImmutableArray<ISymbol> closesAfter,
            ImmutableArray<ISymbol> socketClosesAfter,
            ImmutableArray<MemberOutcome> members,
            ImmutableArray<Obligation> adds,
            bool drainsPending = false,
            ImmutableArray<ISymbol> memberKeys = default,
            int passesThrough = -1,
            ImmutableArray<int> throwsOnFailure = default,
            bool removesFlows = false)
        {
            RemovesFlows = removesFlows;
            PassesThrough = passesThrough;
            ThrowsOnFailure = throwsOnFailure.IsDefault ? ImmutableArray<int>.Empty : throwsOnFailure;
            DrainsPending = drainsPending;
            MemberKeys = memberKeys.IsDefault ? ImmutableArray<ISymbol>.Empty : memberKeys;
            UsesWhileClosed = usesWhileClosed;
            ClosesFirst = closesFirst;
            SocketClosesFirst = socketClosesFirst;
            Releases = releases;
            ClosesAfter = closesAfter;
            SocketClosesAfter = socketClosesAfter;
            Members = members;
            Adds = adds;
        }

        /// <summary>Storage the callee passes to a qWAVE call (with that function) on a path where a close made before the call is still in effect.</summary>
        public ImmutableArray<(ISymbol Key, string Function)> UsesWhileClosed { get; }

        /// <summary>Handles the callee may close while the caller's flows or operations on them are still outstanding.</summary>
        public ImmutableArray<ISymbol> ClosesFirst { get; }

        /// <summary>Sockets the callee may close before it releases anything of the caller's.</summary>
        public ImmutableArray<ISymbol> SocketClosesFirst { get; }

        /// <summary>Storage whose outstanding obligations of that kind the callee releases on every path (removes, cancels, waits for, stops, or hands on).</summary>
        public ImmutableArray<(ISymbol Key, ObligationKind Kind)> Releases { get; }

        /// <summary>Handles the callee may close after releasing what the caller had on them.</summary>
        public ImmutableArray<ISymbol> ClosesAfter { get; }

        /// <summary>Sockets the callee may close after its releases.</summary>
        public ImmutableArray<ISymbol> SocketClosesAfter { get; }

        /// <summary>What each member the callee touches holds when it returns.</summary>
        public ImmutableArray<MemberOutcome> Members { get; }

        /// <summary>Flows the callee adds on member handles and leaves outstanding when it returns.</summary>
        public ImmutableArray<Obligation> Adds { get; }

        /// <summary>The callee (or a helper it calls) calls QOSRemoveSocketFromFlow somewhere.</summary>
        public bool RemovesFlows { get; }

        /// <summary>The ordinal of the BOOL parameter the callee returns unchanged on every path (<c>bool Succeeded(bool ok) =&gt; ok;</c>), or -1.</summary>
        public int PassesThrough { get; }

        /// <summary>Ordinals of the result parameters the callee throws on (when they say failure) without ever comparing the last error with ERROR_IO_PENDING.</summary>
        public ImmutableArray<int> ThrowsOnFailure { get; }

        /// <summary>The members the callee (or a helper it calls) reaches: a caller summarizing itself tracks them too.</summary>
        public ImmutableArray<ISymbol> MemberKeys { get; }

        /// <summary>The callee waits for completions (a wait or an await): every pending operation is drained.</summary>
        public bool DrainsPending { get; }
    }

    /// <summary>A member's value when the callee returns, as far as the flow rules care.</summary>
    internal sealed class MemberOutcome
    {
        public MemberOutcome(ISymbol member, bool keepsIncomingFlowId, ImmutableHashSet<FlowIdSource> flowIdSources, bool keepsIncomingClose, bool mayBeClosed)
        {
            Member = member;
            KeepsIncomingFlowId = keepsIncomingFlowId;
            FlowIdSources = flowIdSources;
            KeepsIncomingClose = keepsIncomingClose;
            MayBeClosed = mayBeClosed;
        }

        public ISymbol Member { get; }

        /// <summary>On some path the member still holds the value it had at the call (as a flow id).</summary>
        public bool KeepsIncomingFlowId { get; }

        /// <summary>The flow-id values the callee may leave in it (besides the incoming one).</summary>
        public ImmutableHashSet<FlowIdSource> FlowIdSources { get; }

        /// <summary>On some path the member is not overwritten, so a close made before the call still applies to it.</summary>
        public bool KeepsIncomingClose { get; }

        /// <summary>The callee may leave it holding a handle it closed.</summary>
        public bool MayBeClosed { get; }

        /// <summary>Nothing changes for the caller.</summary>
        public bool IsUnchanged => KeepsIncomingFlowId && FlowIdSources.IsEmpty && KeepsIncomingClose && !MayBeClosed;
    }

    /// <summary>What the members of a type leave in its fields for the member analyzed: flows added elsewhere, and flow ids nothing resets.</summary>
    internal sealed class TypeLevelFacts
    {
        public static readonly TypeLevelFacts None = new TypeLevelFacts(
            ImmutableArray<(IMethodSymbol, Obligation)>.Empty,
            ImmutableDictionary<ISymbol, ImmutableArray<(IMethodSymbol, FlowIdSource)>>.Empty);

        public TypeLevelFacts(ImmutableArray<(IMethodSymbol Method, Obligation Flow)> flows, ImmutableDictionary<ISymbol, ImmutableArray<(IMethodSymbol Method, FlowIdSource Source)>> neverReset)
        {
            Flows = flows;
            NeverReset = neverReset;
        }

        /// <summary>Flows a member adds on a member handle and leaves outstanding, with that member.</summary>
        public ImmutableArray<(IMethodSymbol Method, Obligation Flow)> Flows { get; }

        /// <summary>Flow-id members written only by adds (never reset by any member), with the adds that write them.</summary>
        public ImmutableDictionary<ISymbol, ImmutableArray<(IMethodSymbol Method, FlowIdSource Source)>> NeverReset { get; }

        public bool IsEmpty => Flows.IsEmpty && NeverReset.IsEmpty;

        /// <summary>The facts as <paramref name="method"/> sees them: what the other members left.</summary>
        public IEnumerable<Obligation> FlowsFor(IMethodSymbol method)
        {
            foreach ((IMethodSymbol m, Obligation flow) in Flows)
            {
                if (!SymbolEqualityComparer.Default.Equals(m, method))
                {
                    yield return flow;
                }
            }
        }
    }

    /// <summary>In a summary run: what stands for the caller's state.</summary>
    internal sealed class SummaryProbe
    {
        public SummaryProbe(IOperation marker, IInvocationOperation? placeholder, ImmutableArray<ISymbol> keys)
        {
            Marker = marker;
            Placeholder = placeholder;
            Keys = keys;
        }

        /// <summary>Stands for a close the caller made before the call (in ClosedBy).</summary>
        public IOperation Marker { get; }

        /// <summary>The origin given to the stand-in obligations (any invocation of the callee; none when it calls nothing).</summary>
        public IInvocationOperation? Placeholder { get; }

        /// <summary>The storage the callee can reach: members and by-value parameters.</summary>
        public ImmutableArray<ISymbol> Keys { get; }
    }
}
