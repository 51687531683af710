using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow.Facets
{
    /// <summary>
    /// Handle obligations: per QOS handle storage, the flows (QOSAddSocketToFlow) and client tracking
    /// (QOSStartTrackingClient) that may be outstanding, the closes that may already have closed it, and the
    /// closes of the handle made while a flow another member added was outstanding. Records every close with
    /// what was outstanding there, every qWAVE call reached with a handle some path closed, and what is left at
    /// the exit.
    /// </summary>
    internal sealed class HandleObligationsFacet : FlowFacet
    {
        private Dictionary<IInvocationOperation, CloseSite>? _closes;
        private Dictionary<IInvocationOperation, ISymbol>? _memberAdds;
        private Dictionary<IInvocationOperation, ImmutableHashSet<IOperation>>? _usesAfterClose;
        private Dictionary<IInvocationOperation, HelperUse>? _helperUsesAfterClose;
        private List<(EarlyClose Close, IInvocationOperation Removal)>? _earlyCloses;
        private Dictionary<IInvocationOperation, ImmutableHashSet<IOperation>>? _sessionUsesAfterDispose;
        private ImmutableHashSet<Obligation> _outstandingAtExit = ImmutableHashSet<Obligation>.Empty;

        public override string Name => "handle obligations";

        /// <summary>Every close reached, with what may be outstanding on the handle there (flows, tracking and pending operations, joined over all paths).</summary>
        public IReadOnlyCollection<CloseSite> Closes => (IReadOnlyCollection<CloseSite>?)_closes?.Values ?? System.Array.Empty<CloseSite>();

        /// <summary>QOSAddSocketToFlow calls whose handle is a field or property of the type, with that member.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ISymbol> MemberAdds => Read(_memberAdds);

        /// <summary>True when the graph calls QOSRemoveSocketFromFlow anywhere (or a helper that does).</summary>
        public bool RemovesFlows { get; private set; }

        /// <summary>True when the graph calls QOSStopTrackingClient anywhere.</summary>
        public bool StopsTracking { get; private set; }

        /// <summary>Every qWAVE call that takes a handle (closes included), with the closes some path reaching it already made of that handle (often none).</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>> UsesAfterClose => Read(_usesAfterClose);

        /// <summary>Calls of the program's own methods that pass a handle to qWAVE after the caller closed it, with what they call.</summary>
        public IReadOnlyDictionary<IInvocationOperation, HelperUse> HelperUsesAfterClose => Read(_helperUsesAfterClose);

        /// <summary>Closes of a handle reached while a flow another member added was outstanding, each with the removal of that flow the same path makes afterwards.</summary>
        public IReadOnlyList<(EarlyClose Close, IInvocationOperation Removal)> EarlyCloses => Read(_earlyCloses);

        /// <summary>
        /// Calls of a QosSession's members (other than Dispose/DisposeAsync) reached after some path disposed that session,
        /// with those disposals: every such member throws ObjectDisposedException.
        /// </summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>> SessionUsesAfterDispose => Read(_sessionUsesAfterDispose);

        /// <summary>Flows and tracking that some path leaves outstanding when the graph returns.</summary>
        public ImmutableHashSet<Obligation> OutstandingAtExit => _outstandingAtExit;

        public static FlowState Add(FlowState state, Obligation obligation) => state.With(state.Handles.With(state.Handles.Obligations.Add(obligation)));

        public static ImmutableHashSet<IOperation> ClosesOf(FlowState state, ISymbol? handle) => StorageSets<IOperation>.Get(state.Handles.ClosedBy, handle);

        public static FlowState SetClosedBy(FlowState state, ISymbol handle, ImmutableHashSet<IOperation>? closes) =>
            state.With(state.Handles.WithClosedBy(StorageSets<IOperation>.Set(state.Handles.ClosedBy, handle, closes)));

        /// <summary>A flow whose id <paramref name="id"/> may name is outstanding.</summary>
        public static bool HoldsFlow(FlowState state, ISymbol id)
        {
            foreach (Obligation o in state.Handles.Obligations.All())
            {
                if (o.Kind == ObligationKind.Flow && SymbolEqualityComparer.Default.Equals(o.Value, id))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The local holding a flow's id is overwritten while the flow is outstanding: nothing can name the flow any more.</summary>
        public static FlowState IdLost(FlowState state, ILocalSymbol id) =>
            state.Handles.Obligations.IsEmpty
                ? state
                : state.With(state.Handles.With(state.Handles.Obligations.Select(o => o.Kind == ObligationKind.Flow && SymbolEqualityComparer.Default.Equals(o.Value, id) ? o.AsLost(id) : o)));

        /// <summary>QOSRemoveSocketFromFlow or QOSStopTrackingClient (or a helper that releases): the obligations of that kind it may satisfy.</summary>
        public static FlowState Release(FlowState state, ObligationKind kind, ISymbol? handle, ISymbol? value) =>
            state.With(state.Handles.With(state.Handles.Obligations.Release(kind, handle, value)));

        /// <summary>Releases of <paramref name="kind"/> on the storage, whether it holds the handle or the value.</summary>
        public static FlowState ReleaseAll(FlowState state, ObligationKind kind, ISymbol released) =>
            state.With(state.Handles.With(state.Handles.Obligations.RemoveWhere(o => o.Kind == kind && (SymbolEqualityComparer.Default.Equals(o.Handle, released) || SymbolEqualityComparer.Default.Equals(o.Value, released)))));

        public void RecordRemoval() => RemovesFlows = true;

        /// <summary>
        /// A call of a member of the QosSession in <paramref name="session"/>: a use after some path disposed it is recorded;
        /// Dispose/DisposeAsync is the session's close (it removes the session's flows and closes its handle).
        /// </summary>
        public FlowState SessionCall(FlowState state, IInvocationOperation call, ISymbol session, bool ends)
        {
            ImmutableHashSet<IOperation> disposals = ClosesOf(state, session);
            if (ends)
            {
                return SetClosedBy(state, session, disposals.Add(call));
            }

            if (!disposals.IsEmpty)
            {
                Accumulate(ref _sessionUsesAfterDispose, call, disposals);
            }

            return state;
        }

        public void RecordStopTracking() => StopsTracking = true;

        public void RecordUse(IInvocationOperation call, ImmutableHashSet<IOperation> closes) => Accumulate(ref _usesAfterClose, call, closes);

        public void RecordMemberAdd(IInvocationOperation add, ISymbol handle) => (_memberAdds ??= new Dictionary<IInvocationOperation, ISymbol>())[add] = handle;

        public void RecordHelperUse(IInvocationOperation call, ISymbol handle, string function, ImmutableHashSet<IOperation> closes)
        {
            _helperUsesAfterClose ??= new Dictionary<IInvocationOperation, HelperUse>();
            _helperUsesAfterClose[call] = _helperUsesAfterClose.TryGetValue(call, out HelperUse? known) ? known.With(closes) : new HelperUse(handle, function, closes);
        }

        /// <summary>
        /// A close of <paramref name="handle"/> (QOSCloseHandle, a SafeHandle's Dispose/Close, or a helper that closes): records
        /// what is outstanding there (the pending operations of <see cref="PendingOperationsFacet"/> included), remembers the
        /// flows of other members it cut short, and drops the handle's flows and tracking.
        /// </summary>
        public FlowState Close(FlowState state, IInvocationOperation close, ISymbol handle)
        {
            HandleState handles = state.Handles;
            ImmutableHashSet<Obligation> outstanding = handles.Obligations.For(handle).Union(state.Pending.Operations.For(handle));
            ImmutableHashSet<EarlyClose> early = handles.ClosedEarly;
            foreach (Obligation o in outstanding)
            {
                if (o.IsInherited && o.Kind == ObligationKind.Flow)
                {
                    early = early.Add(new EarlyClose(close, o, socket: null));
                }
            }

            _closes ??= new Dictionary<IInvocationOperation, CloseSite>();
            if (_closes.TryGetValue(close, out CloseSite? site))
            {
                site.Outstanding = site.Outstanding.Union(outstanding);
            }
            else
            {
                _closes.Add(close, new CloseSite(close, handle, outstanding));
            }

            ObligationMap left = handles.Obligations.RemoveWhere(o => SymbolEqualityComparer.Default.Equals(o.Handle, handle));
            return state.With(handles.With(left, StorageSets<IOperation>.Set(handles.ClosedBy, handle, ClosesOf(state, handle).Add(close)), early));
        }

        /// <summary>A removal of flows on <paramref name="handle"/> (or of the flow <paramref name="value"/> names) confirms the early closes of such a flow on this path.</summary>
        public FlowState ConfirmEarlyCloses(FlowState state, IInvocationOperation removal, ISymbol? handle, ISymbol? value) =>
            state.With(state.Handles.WithClosedEarly(EarlyClose.Confirm(state.Handles.ClosedEarly, removal, handle, value, ref _earlyCloses)));

        public override FlowState Escaped(FlowState state, ISymbol key) => state.With(state.Handles.With(state.Handles.Obligations.Escaped(key)));

        public override FlowState Overwritten(FlowState state, ISymbol key)
        {
            HandleState handles = state.Handles;
            ObligationMap obligations = handles.Obligations.Escaped(key);
            if (!obligations.IsEmpty)
            {
                obligations = obligations.Select(o => SymbolEqualityComparer.Default.Equals(o.Socket, key) ? o.WithoutSocket() : o);
            }

            return state.With(handles.With(obligations, StorageSets<IOperation>.Set(handles.ClosedBy, key, null), EarlyClose.Overwritten(handles.ClosedEarly, key)));
        }

        public override FlowState MembersReached(FlowState state) =>
            state.With(state.Handles.With(state.Handles.Obligations.WithoutMembers(), StorageSets<IOperation>.RemoveKeys(state.Handles.ClosedBy, TrackedSymbols.IsMember), state.Handles.ClosedEarly));

        /// <summary>A failed add created no flow, a failed start tracks nothing.</summary>
        public override FlowState Failed(FlowState state, ImmutableHashSet<IInvocationOperation> calls, SyntaxNode? handler) =>
            state.Handles.Obligations.IsEmpty
                ? state
                : state.With(state.Handles.With(state.Handles.Obligations.RemoveWhere(o => (o.Kind == ObligationKind.Flow || o.Kind == ObligationKind.Tracking) && !o.IsIncoming && calls.Contains(o.Origin))));

        /// <summary>A successful add writes a nonzero id: where the id is 0, no flow was added under it.</summary>
        public override FlowState FlowIdIsZero(FlowState state, ISymbol id, IOperation condition)
        {
            HandleState handles = state.Handles;
            ObligationMap obligations = handles.Obligations.IsEmpty
                ? handles.Obligations
                : handles.Obligations.RemoveWhere(o => o.Kind == ObligationKind.Flow && !o.IsIncoming && SymbolEqualityComparer.Default.Equals(o.Value, id));
            return state.With(handles.With(obligations, handles.ClosedBy, EarlyClose.WithoutFlowsIn(handles.ClosedEarly, id)));
        }

        public override void AtExit(FlowState state)
        {
            foreach (Obligation o in state.Handles.Obligations.All())
            {
                _outstandingAtExit = _outstandingAtExit.Add(o);
            }
        }
    }

    /// <summary>The state of <see cref="HandleObligationsFacet"/>: may-sets per storage, joined by union.</summary>
    internal sealed class HandleState
    {
        public static readonly HandleState Empty = new HandleState(ObligationMap.Empty, StorageSets<IOperation>.Empty, ImmutableHashSet<EarlyClose>.Empty);

        public HandleState(ObligationMap obligations, ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> closedBy, ImmutableHashSet<EarlyClose> closedEarly)
        {
            Obligations = obligations;
            ClosedBy = closedBy;
            ClosedEarly = closedEarly;
        }

        /// <summary>Per handle storage: the flows and tracking that may be outstanding on it.</summary>
        public ObligationMap Obligations { get; }

        /// <summary>Per handle storage: the closes (QOSCloseHandle, SafeHandle Dispose/Close) that may have closed what it holds.</summary>
        public ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> ClosedBy { get; }

        /// <summary>
        /// Closes of a handle reached while a flow another member of the type added was outstanding: each becomes a
        /// finding only if the same path then removes that flow.
        /// </summary>
        public ImmutableHashSet<EarlyClose> ClosedEarly { get; }

        public HandleState With(ObligationMap obligations) => ReferenceEquals(obligations, Obligations) ? this : new HandleState(obligations, ClosedBy, ClosedEarly);

        public HandleState WithClosedBy(ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> closedBy) => ReferenceEquals(closedBy, ClosedBy) ? this : new HandleState(Obligations, closedBy, ClosedEarly);

        public HandleState WithClosedEarly(ImmutableHashSet<EarlyClose> closedEarly) => ReferenceEquals(closedEarly, ClosedEarly) ? this : new HandleState(Obligations, ClosedBy, closedEarly);

        /// <summary>This state with these components; itself (nothing allocated) when every component is the same object.</summary>
        public HandleState With(ObligationMap obligations, ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> closedBy, ImmutableHashSet<EarlyClose> closedEarly) =>
            ReferenceEquals(obligations, Obligations) && ReferenceEquals(closedBy, ClosedBy) && ReferenceEquals(closedEarly, ClosedEarly) ? this : new HandleState(obligations, closedBy, closedEarly);

        public HandleState Join(HandleState other)
        {
            if (ReferenceEquals(this, other))
            {
                return this;
            }

            return With(
                Obligations.Union(other.Obligations),
                StorageSets<IOperation>.Union(ClosedBy, other.ClosedBy),
                other.ClosedEarly.IsEmpty ? ClosedEarly : ClosedEarly.Union(other.ClosedEarly));
        }

        public bool SameAs(HandleState other) =>
            ReferenceEquals(this, other)
            || (Obligations.SameAs(other.Obligations) && StorageSets<IOperation>.Same(ClosedBy, other.ClosedBy) && ClosedEarly.SetEquals(other.ClosedEarly));
    }

    /// <summary>A call of one of the program's own methods that passes a handle the caller closed to qWAVE.</summary>
    internal sealed class HelperUse
    {
        public HelperUse(ISymbol handle, string function, ImmutableHashSet<IOperation> closes)
        {
            Handle = handle;
            Function = function;
            Closes = closes;
        }

        public ISymbol Handle { get; }

        /// <summary>The qWAVE function the callee passes it to.</summary>
        public string Function { get; }

        /// <summary>The closes that may have closed it.</summary>
        public ImmutableHashSet<IOperation> Closes { get; }

        public HelperUse With(ImmutableHashSet<IOperation> closes) => new HelperUse(Handle, Function, Closes.Union(closes));
    }

    /// <summary>A close of a QOS handle and what may be outstanding on it there.</summary>
    internal sealed class CloseSite
    {
        public CloseSite(IInvocationOperation close, ISymbol handle, ImmutableHashSet<Obligation> outstanding)
        {
            Close = close;
            Handle = handle;
            Outstanding = outstanding;
        }

        public IInvocationOperation Close { get; }

        public ISymbol Handle { get; }

        public ImmutableHashSet<Obligation> Outstanding { get; set; }
    }
}
