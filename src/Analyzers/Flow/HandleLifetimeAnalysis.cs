using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// The one forward analysis every flow rule shares. Through one method's control flow it tracks,
    /// per handle, the flows and overlapped operations that may be outstanding and the closes that may
    /// already have closed it; per flow-id variable, where its value may have come from. It records
    /// what the rules need at each close, add, query, notify and socket close (joined over all paths).
    /// </summary>
    /// <remarks>
    /// Errs towards silence: whatever the method hands to code it cannot see (the handle, the flow id
    /// or the OVERLAPPED passed to another method; members when it calls its own type; locals a
    /// closure captures; storage overwritten) is assumed to be taken care of there.
    /// </remarks>
    internal sealed class HandleLifetimeAnalysis : ForwardDataflow<HandleObligations>
    {
        private readonly QwaveRecognizer _recognizer;
        private readonly TrackedSymbols _symbols;
        private readonly FlowEnvironment _environment;
        private readonly INamedTypeSymbol? _owningType;
        private readonly IMethodSymbol? _owningMethod;
        private readonly bool _skipsLocalsInit;
        private Dictionary<IInvocationOperation, CloseSite>? _closes;
        private Dictionary<IInvocationOperation, ISymbol>? _memberAdds;
        private Dictionary<IInvocationOperation, ImmutableHashSet<IOperation>>? _usesAfterClose;
        private Dictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>>? _flowIdInputs;
        private Dictionary<IInvocationOperation, ImmutableHashSet<Obligation>>? _socketCloses;
        private Dictionary<IInvocationOperation, ImmutableHashSet<IOperation>>? _failuresHandled;
        private ImmutableHashSet<Obligation> _outstandingAtExit = ImmutableHashSet<Obligation>.Empty;
        private ImmutableHashSet<Obligation> _pendingAtExit = ImmutableHashSet<Obligation>.Empty;
        private Dictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>>? _sessionFlowIdInputs;
        private Dictionary<IInvocationOperation, ImmutableHashSet<IOperation>>? _unconnectedAdds;
        private HashSet<IInvocationOperation>? _packageAdds;
        private Dictionary<IOperation, ImmutableHashSet<UncheckedFailure>>? _comparedWithIoPending;
        private Dictionary<IInvocationOperation, ImmutableHashSet<ILocalSymbol>>? _pendingWhenUnpinned;
        private Dictionary<IInvocationOperation, HelperUse>? _helperUsesAfterClose;
        private List<(EarlyClose Close, IInvocationOperation Removal)>? _earlyCloses;
        private List<(ISymbol Socket, bool BeforeReleases)>? _summarySocketCloses;
        private readonly FlowPass? _pass;
        private readonly SummaryProbe? _probe;
        private readonly TypeLevelFacts? _typeFacts;
        private readonly System.Threading.CancellationToken _cancellationToken;
        private HandleObligations? _exitState;

        /// <param name="graph">The graph to analyze.</param>
        /// <param name="recognizer">Recognizes qWAVE calls under any binding.</param>
        /// <param name="symbols">How the graph's operations map to storage.</param>
        /// <param name="environment">The compilation's well-known types.</param>
        /// <param name="owningSymbol">The method (or function) the graph belongs to.</param>
        /// <param name="pass">Where summaries of the program's own methods come from; null: such calls are opaque.</param>
        /// <param name="probe">For a summary run: the stand-ins for the caller's state.</param>
        /// <param name="typeFacts">For a member of a type: what the other members leave in its fields.</param>
        /// <param name="cancellationToken">Cancels summaries computed on the way.</param>
        public HandleLifetimeAnalysis(ControlFlowGraph graph, QwaveRecognizer recognizer, TrackedSymbols symbols, FlowEnvironment environment, ISymbol? owningSymbol,
            FlowPass? pass = null, SummaryProbe? probe = null, TypeLevelFacts? typeFacts = null, System.Threading.CancellationToken cancellationToken = default)
            : base(graph)
        {
            _recognizer = recognizer;
            _symbols = symbols;
            _environment = environment;
            _owningType = owningSymbol?.ContainingType;
            _owningMethod = owningSymbol as IMethodSymbol;
            _skipsLocalsInit = environment.SkipsLocalsInit(owningSymbol);
            _pass = pass;
            _probe = probe;
            _typeFacts = typeFacts;
            _cancellationToken = cancellationToken;
        }


        /// <summary>The method waits for completions somewhere (a wait or an await), which drains every pending operation.</summary>
        public bool DrainsPending { get; private set; }

        /// <summary>The state joined over every normal exit (null when the method never returns).</summary>
        public HandleObligations? ExitState => _exitState;

        /// <summary>Calls of the program's own methods that pass a handle to qWAVE after the caller closed it, with what they call.</summary>
        public IReadOnlyDictionary<IInvocationOperation, HelperUse> HelperUsesAfterClose => (IReadOnlyDictionary<IInvocationOperation, HelperUse>?)_helperUsesAfterClose ?? EmptyResults<IInvocationOperation, HelperUse>.Map;

        /// <summary>Closes reached while a flow another member added was outstanding, each with the removal of that flow the same path makes afterwards.</summary>
        public IReadOnlyList<(EarlyClose Close, IInvocationOperation Removal)> EarlyCloses => (IReadOnlyList<(EarlyClose Close, IInvocationOperation Removal)>?)_earlyCloses ?? System.Array.Empty<(EarlyClose, IInvocationOperation)>();

        /// <summary>In a summary run: each socket close, and whether stand-in flows were still outstanding there.</summary>
        public IReadOnlyList<(ISymbol Socket, bool BeforeReleases)> SummarySocketCloses => (IReadOnlyList<(ISymbol Socket, bool BeforeReleases)>?)_summarySocketCloses ?? System.Array.Empty<(ISymbol, bool)>();

        /// <summary>The graph analyzed.</summary>
        public ControlFlowGraph FlowGraph => Graph;

        /// <summary>How this method's operations map to storage.</summary>
        public TrackedSymbols Symbols => _symbols;

        /// <summary>Every close reached, with what may be outstanding on the handle there (joined over all paths).</summary>
        public IReadOnlyCollection<CloseSite> Closes => (IReadOnlyCollection<CloseSite>?)_closes?.Values ?? System.Array.Empty<CloseSite>();

        /// <summary>QOSAddSocketToFlow calls whose handle is a field or property of the type, with that member.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ISymbol> MemberAdds => (IReadOnlyDictionary<IInvocationOperation, ISymbol>?)_memberAdds ?? EmptyResults<IInvocationOperation, ISymbol>.Map;

        /// <summary>True when the method calls QOSRemoveSocketFromFlow anywhere.</summary>
        public bool RemovesFlows { get; private set; }

        /// <summary>qWAVE calls (closes included) reached with a handle some path has already closed, with those closes.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>> UsesAfterClose => (IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>>?)_usesAfterClose ?? EmptyResults<IInvocationOperation, ImmutableHashSet<IOperation>>.Map;

        /// <summary>For each QOSAddSocketToFlow, QOSQueryFlow and QOSNotifyFlow: where the FlowId it was given may have come from.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>> FlowIdInputs => (IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>>?)_flowIdInputs ?? EmptyResults<IInvocationOperation, ImmutableHashSet<FlowIdSource>>.Map;

        /// <summary>Closes of a socket reached while a flow added with that socket may not have been removed.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<Obligation>> SocketCloses => (IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<Obligation>>?)_socketCloses ?? EmptyResults<IInvocationOperation, ImmutableHashSet<Obligation>>.Map;

        /// <summary>
        /// Overlapped calls whose FALSE result is handled as a failure on a path that never compared the last error with
        /// ERROR_IO_PENDING, with that handling: the thrown exception, the constant returned (<c>false</c>, a negative
        /// number), or a <c>Win32Exception</c> created.
        /// </summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>> FailuresHandled => (IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>>?)_failuresHandled ?? EmptyResults<IInvocationOperation, ImmutableHashSet<IOperation>>.Map;

        /// <summary>Flows and tracking that some path leaves outstanding when the method returns.</summary>
        public ImmutableHashSet<Obligation> OutstandingAtExit => _outstandingAtExit;

        /// <summary>For QosSession members that take a flow id: where the id passed may have come from.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>> SessionFlowIdInputs => (IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>>?)_sessionFlowIdInputs ?? EmptyResults<IInvocationOperation, ImmutableHashSet<FlowIdSource>>.Map;

        /// <summary>QOSAddSocketToFlow calls with a null DestAddr for a socket some path created here as an unconnected datagram socket, with those creations.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>> UnconnectedAdds => (IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>>?)_unconnectedAdds ?? EmptyResults<IInvocationOperation, ImmutableHashSet<IOperation>>.Map;

        /// <summary>Overlapped operations that some path may leave pending when the method returns (never cancelled, waited for or seen to complete).</summary>
        public ImmutableHashSet<Obligation> PendingAtExit => _pendingAtExit;

        /// <summary>True when the method calls QOSStopTrackingClient anywhere.</summary>
        public bool StopsTracking { get; private set; }

        /// <summary>Calls of this package's API that add a socket with a destination: QosSession's AddSocketToFlow, TryAddSocketToFlow, AddSocketToExistingFlow, and the generated Add/TryAdd of a [QosFlow] class.</summary>
        public IReadOnlyCollection<IInvocationOperation> PackageAdds => (IReadOnlyCollection<IInvocationOperation>?)_packageAdds ?? System.Array.Empty<IInvocationOperation>();

        /// <summary>Overlapped operations that may still be pending where some path leaves a <c>fixed</c> statement, with the pointers it declared (unpinned there).</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<ILocalSymbol>> PendingWhenUnpinned => (IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<ILocalSymbol>>?)_pendingWhenUnpinned ?? EmptyResults<IInvocationOperation, ImmutableHashSet<ILocalSymbol>>.Map;

        protected override void OnLeave(HandleObligations state, ImmutableArray<ControlFlowRegion> regions)
        {
            if (state.ByHandle.IsEmpty)
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

                    foreach (ImmutableHashSet<Obligation> obligations in state.ByHandle.Values)
                    {
                        foreach (Obligation o in obligations)
                        {
                            if (o.Kind == ObligationKind.PendingOperation)
                            {
                                Accumulate(ref _pendingWhenUnpinned, o.Origin, ImmutableHashSet.Create<ILocalSymbol>(SymbolEqualityComparer.Default, local));
                            }
                        }
                    }
                }
            }
        }

        protected override void OnExit(HandleObligations state)
        {
            _exitState = _exitState is null ? state : _exitState.Join(state);
            foreach (ImmutableHashSet<Obligation> obligations in state.ByHandle.Values)
            {
                foreach (Obligation o in obligations)
                {
                    if (o.Kind != ObligationKind.PendingOperation)
                    {
                        _outstandingAtExit = _outstandingAtExit.Add(o);
                    }
                    else
                    {
                        _pendingAtExit = _pendingAtExit.Add(o);
                    }
                }
            }
        }

        /// <summary>The state at the method's entry: under [SkipLocalsInit], every integer local holds whatever the stack held.</summary>
        public HandleObligations EntryState()
        {
            HandleObligations state = _probe is not null ? SummaryEntryState(_probe) : InheritedState();
            if (!_skipsLocalsInit)
            {
                return state;
            }

            var pending = new Stack<ControlFlowRegion>();
            pending.Push(Graph.Root);
            while (pending.Count > 0)
            {
                ControlFlowRegion region = pending.Pop();
                foreach (ILocalSymbol local in region.Locals)
                {
                    if (IsInteger(local.Type))
                    {
                        state = state.SetFlowId(local, ImmutableHashSet.Create(new FlowIdSource(FlowIdSourceKind.Uninitialized, Graph.OriginalOperation)));
                    }
                }

                foreach (ControlFlowRegion nested in region.NestedRegions)
                {
                    pending.Push(nested);
                }
            }

            return state;
        }

        /// <summary>
        /// A summary run starts with a stand-in for everything the caller may hold in each reachable storage:
        /// a flow, a pending operation and tracking on it, a close already made, a flow id it held. What is
        /// left of them at the exit says what the callee did to the caller's state.
        /// </summary>
        internal static HandleObligations SummaryEntryState(SummaryProbe probe)
        {
            HandleObligations state = HandleObligations.Empty;
            foreach (ISymbol key in probe.Keys)
            {
                if (probe.Placeholder is IInvocationOperation origin)
                {
                    state = state
                        .Add(new Obligation(ObligationKind.Flow, origin, string.Empty, key, key, scope: ObligationScope.Caller))
                        .Add(new Obligation(ObligationKind.PendingOperation, origin, string.Empty, key, key, scope: ObligationScope.Caller))
                        .Add(new Obligation(ObligationKind.Tracking, origin, string.Empty, key, key, scope: ObligationScope.Caller));
                }

                state = state
                    .SetClosedBy(key, ImmutableHashSet.Create(probe.Marker))
                    .SetFlowId(key, ImmutableHashSet.Create(new FlowIdSource(FlowIdSourceKind.Incoming, probe.Marker)));
            }

            return state;
        }

        /// <summary>
        /// A member of a type starts with what the other members may have left in the fields: the flows they add
        /// on member handles, and in a flow-id member that no member resets, the id an earlier add left there.
        /// </summary>
        private HandleObligations InheritedState()
        {
            HandleObligations state = HandleObligations.Empty;
            if (_typeFacts is null || _owningMethod is null || _typeFacts.IsEmpty)
            {
                return state;
            }

            foreach (Obligation flow in _typeFacts.FlowsFor(_owningMethod))
            {
                state = state.Add(flow);
            }

            foreach (KeyValuePair<ISymbol, ImmutableArray<(IMethodSymbol Method, FlowIdSource Source)>> member in _typeFacts.NeverReset)
            {
                ImmutableHashSet<FlowIdSource> sources = ImmutableHashSet.Create(new FlowIdSource(FlowIdSourceKind.EarlierCall, Graph.OriginalOperation));
                foreach ((IMethodSymbol method, FlowIdSource source) in member.Value)
                {
                    if (!SymbolEqualityComparer.Default.Equals(method, _owningMethod))
                    {
                        sources = sources.Add(source);
                    }
                }

                state = state.SetFlowId(member.Key, sources);
            }

            return state;
        }

        protected override HandleObligations Join(HandleObligations left, HandleObligations right) => left.Join(right);

        protected override bool AreEqual(HandleObligations left, HandleObligations right) => left.SameAs(right);

        protected override HandleObligations Transfer(HandleObligations state, IOperation operation)
        {
            // Operands are evaluated before the operation that uses them.
            foreach (IOperation child in operation.ChildOperations)
            {
                state = Transfer(state, child);
            }

            switch (operation)
            {
                case IInvocationOperation invocation:
                    return VisitInvocation(ExaminesLastError(invocation) ? state.WithUnchecked(ImmutableHashSet<UncheckedFailure>.Empty) : state, invocation);
                case IBinaryOperation or IIsPatternOperation when !state.Unchecked.IsEmpty && ComparesWithIoPending(operation):
                    if (operation is IBinaryOperation)
                    {
                        // Remembered so that the branch on this comparison knows which calls a result other than 997 says failed.
                        Accumulate(ref _comparedWithIoPending, operation, state.Unchecked);
                    }

                    return state.WithUnchecked(ImmutableHashSet<UncheckedFailure>.Empty);
                case IObjectCreationOperation creation when !state.Unchecked.IsEmpty && _environment.IsWin32Exception(creation.Type):
                    // Kept in a local whose error code is compared with 997 ('if (e.NativeErrorCode != 997) throw e;'), it is
                    // judged where it is thrown, after that comparison.
                    if (StoredIn(creation) is not ILocalSymbol kept || !ErrorCodeComparedWithIoPending(kept))
                    {
                        RecordFailureHandling(state, creation);
                    }

                    return state;
                case IFlowCaptureOperation capture when !state.Unchecked.IsEmpty && IsFailureConstant(capture.Value) && IsReturnedArm(capture.Value.Syntax):
                    // 'return Call(...) ? x : -1': the arm the failure takes.
                    RecordFailureHandling(state, capture.Value);
                    return state;
                case ISimpleAssignmentOperation assignment:
                    return VisitAssignment(state, assignment);
                case ILocalReferenceOperation local:
                    return VisitLocalReference(state, local);
                case IAwaitOperation:
                    // Awaiting is how overlapped completions are usually waited for.
                    DrainsPending = true;
                    return Noting(state, DrainPending(state));
                case ICompoundAssignmentOperation compound:
                    return Overwritten(state, _symbols.KeyOf(compound.Target));
                case IIncrementOrDecrementOperation increment:
                    return Overwritten(state, _symbols.KeyOf(increment.Target));
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (IOperation target in deconstruction.Target.DescendantsAndSelf())
                    {
                        state = Overwritten(state, _symbols.KeyOf(target));
                    }

                    return state;
                default:
                    return state;
            }
        }

        protected override HandleObligations Refine(HandleObligations state, IOperation condition, bool value)
        {
            if (FlowIdComparedWithZero(state, condition, value, out ISymbol? idKey, out bool isZero))
            {
                return isZero ? WithoutFlow(state, idKey!, condition) : state.SetFlowId(idKey!, state.SourcesOf(idKey).Except(FilterKind(state.SourcesOf(idKey), FlowIdSourceKind.Zero)));
            }

            if (_comparedWithIoPending is { Count: > 0 } && IsOtherThanIoPending(condition, value) is ImmutableHashSet<UncheckedFailure> failed)
            {
                // FALSE with an error other than ERROR_IO_PENDING: the call failed, and nothing is pending.
                return state.RemoveWhere(o => o.Kind == ObligationKind.PendingOperation && !o.IsIncoming && ContainsCall(failed, o.Origin));
            }

            if (!TryInterpret(state, condition, out ImmutableHashSet<IInvocationOperation>? calls, out bool trueMeansSuccess))
            {
                return state;
            }

            bool succeeded = value == trueMeansSuccess;

            // A failed add created no flow and wrote no id, a failed start tracks nothing; an overlapped call that returned TRUE completed
            // synchronously. FALSE from an overlapped call may be ERROR_IO_PENDING, so it stays pending.
            if (succeeded)
            {
                return state.RemoveWhere(o => o.Kind == ObligationKind.PendingOperation && !o.IsIncoming && calls.Contains(o.Origin));
            }

            state = state.RemoveWhere(o => (o.Kind == ObligationKind.Flow || o.Kind == ObligationKind.Tracking) && !o.IsIncoming && calls.Contains(o.Origin));
            if (FailureHandler(condition) is SyntaxNode handler)
            {
                ImmutableHashSet<UncheckedFailure> failures = state.Unchecked;
                foreach (IInvocationOperation call in calls)
                {
                    if (IsOverlappedCall(call))
                    {
                        failures = failures.Add(new UncheckedFailure(call, handler));
                    }
                }

                state = state.WithUnchecked(failures);
            }

            foreach (KeyValuePair<ISymbol, ImmutableHashSet<FlowIdSource>> pair in state.FlowIds)
            {
                ImmutableHashSet<FlowIdSource> kept = pair.Value;
                foreach (FlowIdSource source in pair.Value)
                {
                    if (source.Kind == FlowIdSourceKind.FromAdd && source.Add is IInvocationOperation add && calls.Contains(add))
                    {
                        kept = kept.Remove(source);
                    }
                }

                if (!ReferenceEquals(kept, pair.Value))
                {
                    // What the id held before the failed call is no longer known here.
                    state = state.SetFlowId(pair.Key, null);
                }
            }

            return state;
        }

        /// <summary><c>id == 0</c>, <c>id != 0</c>, <c>0 == id</c> (or <c>id &gt; 0</c>) for a flow-id storage: on which edge the id is 0.</summary>
        private bool FlowIdComparedWithZero(HandleObligations state, IOperation condition, bool value, out ISymbol? key, out bool isZero)
        {
            key = null;
            isZero = false;
            condition = _symbols.Unwrap(condition) ?? condition;
            if (condition is not IBinaryOperation comparison)
            {
                return false;
            }

            IOperation? other = IsIntegerZero(comparison.RightOperand) ? comparison.LeftOperand : IsIntegerZero(comparison.LeftOperand) ? comparison.RightOperand : null;
            bool zeroOnTrue;
            switch (comparison.OperatorKind)
            {
                case BinaryOperatorKind.Equals:
                    zeroOnTrue = true;
                    break;
                case BinaryOperatorKind.NotEquals:
                    zeroOnTrue = false;
                    break;
                case BinaryOperatorKind.GreaterThan when IsIntegerZero(comparison.RightOperand):
                    zeroOnTrue = false;
                    break;
                default:
                    return false;
            }

            if (other is null || !IsInteger(WithoutConversions(other)?.Type) || _symbols.KeyOf(other) is not ISymbol id)
            {
                return false;
            }

            if (!state.FlowIds.ContainsKey(id) && !HoldsFlow(state, id))
            {
                return false;
            }

            key = id;
            isZero = value == zeroOnTrue;
            return true;
        }

        private static bool IsIntegerZero(IOperation operation) =>
            operation.ConstantValue.HasValue && operation.ConstantValue.Value is not bool && ConstantValues.TryGetInteger(operation, out ulong v) && v == 0;

        private static bool HoldsFlow(HandleObligations state, ISymbol id)
        {
            foreach (ImmutableHashSet<Obligation> obligations in state.ByHandle.Values)
            {
                foreach (Obligation o in obligations)
                {
                    if (o.Kind == ObligationKind.Flow && SymbolEqualityComparer.Default.Equals(o.Value, id))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>On the edge where the flow id is 0: no flow was added under it (a successful add writes a nonzero id).</summary>
        private static HandleObligations WithoutFlow(HandleObligations state, ISymbol id, IOperation condition)
        {
            state = state.RemoveWhere(o => o.Kind == ObligationKind.Flow && !o.IsIncoming && SymbolEqualityComparer.Default.Equals(o.Value, id));
            if (!state.ClosedEarly.IsEmpty)
            {
                state = state.WithClosedEarly(state.ClosedEarly.Except(state.ClosedEarly.Where(e => SymbolEqualityComparer.Default.Equals(e.Flow.Value, id))));
            }

            return state.SetFlowId(id, ImmutableHashSet.Create(new FlowIdSource(FlowIdSourceKind.Zero, condition)));
        }

        protected override void OnThrow(HandleObligations state, IOperation exception) => RecordFailureHandling(state, exception);

        protected override void OnReturn(HandleObligations state, IOperation value)
        {
            if (!state.Unchecked.IsEmpty && IsFailureConstant(value))
            {
                RecordFailureHandling(state, value);
            }
        }

        private void RecordFailureHandling(HandleObligations state, IOperation handling)
        {
            foreach (UncheckedFailure failure in state.Unchecked)
            {
                if (failure.Handler.Span.Contains(handling.Syntax.Span))
                {
                    Accumulate(ref _failuresHandled, failure.Call, ImmutableHashSet.Create(handling));
                }
            }
        }

        /// <summary><c>false</c> or a negative number: a constant that can only report failure, and that drops the last error.</summary>
        private static bool IsFailureConstant(IOperation value)
        {
            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            if (!value.ConstantValue.HasValue)
            {
                return false;
            }

            switch (value.ConstantValue.Value)
            {
                case false:
                    return true;
                case int i:
                    return i < 0;
                case long l:
                    return l < 0;
                case short s:
                    return s < 0;
                case sbyte b:
                    return b < 0;
                default:
                    return false;
            }
        }

        /// <summary>An arm of a conditional expression whose value the function returns.</summary>
        private static bool IsReturnedArm(SyntaxNode node)
        {
            bool inArm = false;
            for (SyntaxNode? parent = node.Parent; parent is not null; node = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case ParenthesizedExpressionSyntax:
                        continue;
                    case ConditionalExpressionSyntax conditional when conditional.Condition != node:
                        inArm = true;
                        continue;
                    case ReturnStatementSyntax:
                    case ArrowExpressionClauseSyntax:
                    case LambdaExpressionSyntax:
                        return inArm;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>On the edge where <paramref name="condition"/> (<c>error == 997</c> or <c>error != 997</c>) says the error is not ERROR_IO_PENDING: the calls whose failure it judges.</summary>
        private ImmutableHashSet<UncheckedFailure>? IsOtherThanIoPending(IOperation condition, bool value)
        {
            condition = _symbols.Unwrap(condition) ?? condition;
            if (condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                || _comparedWithIoPending is null || !_comparedWithIoPending.TryGetValue(comparison, out ImmutableHashSet<UncheckedFailure>? failures))
            {
                return null;
            }

            bool equalsMeansTrue = comparison.OperatorKind == BinaryOperatorKind.Equals;
            return value == equalsMeansTrue ? null : failures;
        }

        private static bool ContainsCall(ImmutableHashSet<UncheckedFailure> failures, IInvocationOperation call)
        {
            foreach (UncheckedFailure failure in failures)
            {
                if (ReferenceEquals(failure.Call, call))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The if statement or conditional expression whose condition is <paramref name="condition"/>: where its outcome is handled.</summary>
        private static SyntaxNode? FailureHandler(IOperation condition)
        {
            for (SyntaxNode? node = condition.Syntax; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case IfStatementSyntax ifStatement when ifStatement.Condition.Span.Contains(condition.Syntax.Span):
                        return ifStatement;
                    case ConditionalExpressionSyntax conditional when conditional.Condition.Span.Contains(condition.Syntax.Span):
                        return conditional;
                    case StatementSyntax:
                    case LambdaExpressionSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>QOSSetFlow/QOSQueryFlow/QOSNotifyFlow given an OVERLAPPED that is not provably null: FALSE may mean ERROR_IO_PENDING.</summary>
        private bool IsOverlappedCall(IInvocationOperation invocation) =>
            _recognizer.TryGetCall(invocation, out QwaveCall call)
            && call.Function.StartsOverlappedOperation
            && call.Argument(ParameterRole.Overlapped) is IArgumentOperation overlapped
            && !ConstantValues.IsNullOrZero(overlapped.Value);

        /// <summary>A comparison (or pattern, or switch case) involving the constant 997, ERROR_IO_PENDING under any name.</summary>
        private static bool ComparesWithIoPending(IOperation operation)
        {
            foreach (IOperation part in operation.DescendantsAndSelf())
            {
                if (part.ConstantValue.HasValue && ConstantValues.TryGetInteger(part, out ulong value) && value == QwaveCatalog.ERROR_IO_PENDING)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Somewhere in the graph, <c>local.NativeErrorCode</c> (a Win32Exception's error) is compared with 997.</summary>
        private bool ErrorCodeComparedWithIoPending(ILocalSymbol local)
        {
            foreach (IOperation operation in GraphOperations.All(Graph))
            {
                if (operation is IPropertyReferenceOperation { Property.Name: "NativeErrorCode", Instance: ILocalReferenceOperation instance }
                    && SymbolEqualityComparer.Default.Equals(instance.Local, local)
                    && ComparisonAround(operation) is IOperation comparison
                    && ComparesWithIoPending(comparison))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The local <paramref name="value"/> is assigned to (through conversions: a target-typed <c>new()</c>), if any.</summary>
        private static ILocalSymbol? StoredIn(IOperation value)
        {
            IOperation current = value;
            while (current.Parent is IConversionOperation conversion)
            {
                current = conversion;
            }

            return current.Parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment && ReferenceEquals(assignment.Value, current)
                ? target.Local
                : null;
        }

        private static IOperation? ComparisonAround(IOperation operand)
        {
            IOperation? current = operand.Parent;
            while (current is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current is IBinaryOperation or IIsPatternOperation ? current : null;
        }

        /// <summary>A helper handed the last error directly (<c>Check(Marshal.GetLastWin32Error())</c>) may well test for ERROR_IO_PENDING.</summary>
        private static bool ExaminesLastError(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IOperation value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (value is IInvocationOperation { TargetMethod.Name: string name } && IsLastErrorRead(name))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsLastErrorRead(string name) =>
            name == "GetLastPInvokeError" || name == "GetLastWin32Error" || name == "GetLastSystemError" || name == "GetLastError" || name == "WSAGetLastError";

        private bool TryInterpret(HandleObligations state, IOperation? condition, out ImmutableHashSet<IInvocationOperation> calls, out bool trueMeansSuccess)
        {
            calls = ImmutableHashSet<IInvocationOperation>.Empty;
            trueMeansSuccess = true;
            for (int depth = 0; depth < 16; depth++)
            {
                condition = _symbols.Unwrap(condition);
                switch (condition)
                {
                    case IConversionOperation conversion:
                        condition = conversion.Operand;
                        continue;
                    case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                        trueMeansSuccess = !trueMeansSuccess;
                        condition = not.Operand;
                        continue;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                        IOperation? other = IsFalseOrZero(comparison.RightOperand) ? comparison.LeftOperand
                            : IsFalseOrZero(comparison.LeftOperand) ? comparison.RightOperand
                            : null;
                        if (other is null)
                        {
                            return false;
                        }

                        if (comparison.OperatorKind == BinaryOperatorKind.Equals)
                        {
                            trueMeansSuccess = !trueMeansSuccess;
                        }

                        condition = other;
                        continue;
                    case IInvocationOperation invocation when _recognizer.TryGetCall(invocation, out QwaveCall call) && call.Method.ReturnsBool:
                        calls = ImmutableHashSet.Create(invocation);
                        return true;
                    case IInvocationOperation helper when PassedThrough(helper) is IOperation passed:
                        // 'Succeeded(call)' returns the BOOL it is given.
                        condition = passed;
                        continue;
                    case ILocalReferenceOperation local when state.ResultOf.TryGetValue(local.Local, out ImmutableHashSet<IInvocationOperation>? recorded):
                        calls = recorded;
                        return true;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool IsFalseOrZero(IOperation operation) =>
            operation.ConstantValue.HasValue && (operation.ConstantValue.Value is false || (ConstantValues.TryGetInteger(operation, out ulong v) && v == 0));

        private HandleObligations VisitInvocation(HandleObligations state, IInvocationOperation invocation)
        {
            if (_recognizer.TryGetCall(invocation, out QwaveCall call))
            {
                return VisitQwaveCall(state, call);
            }

            ISymbol? instance = invocation.Instance is null ? null : _symbols.KeyOf(invocation.Instance);
            if (instance is not null && IsRelease(invocation))
            {
                return Close(state, invocation, instance);
            }

            if (TryGetClosedSocket(invocation, out ISymbol? socket))
            {
                state = RecordSocketClose(state, invocation, socket);
            }

            if (_environment.IsPackageAdd(invocation.TargetMethod))
            {
                (_packageAdds ??= new HashSet<IInvocationOperation>()).Add(invocation);
                IArgumentOperation? sessionSocket = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == PackageApi.Parameters.Socket);
                IArgumentOperation? destination = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == PackageApi.Parameters.Destination);
                if (sessionSocket is not null && destination is not null && ConstantValues.IsNullOrZero(destination.Value))
                {
                    Accumulate(ref _unconnectedAdds, invocation, state.UnconnectedCreations(_symbols.SocketKeyOf(sessionSocket.Value)));
                }
            }

            state = ForgetConnections(state, invocation);
            if (_environment.QosSession is not null && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, _environment.QosSession))
            {
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == PackageApi.Parameters.FlowId && argument.Parameter.RefKind == RefKind.None)
                    {
                        Accumulate(ref _sessionFlowIdInputs, invocation, state.SourcesOf(_symbols.KeyOf(argument.Value)));
                    }
                }
            }

            if (IsSafeHandleBookkeeping(invocation))
            {
                return state;
            }

            if (IsWaitForCompletion(invocation.TargetMethod.Name))
            {
                DrainsPending = true;
                state = Noting(state, DrainPending(state));
            }

            CalleeSummary? summary = _pass?.SummaryOf(invocation, _recognizer, _cancellationToken);
            if (summary is not null && !summary.ThrowsOnFailure.IsEmpty)
            {
                RecordResultsHandedToThrowingHelper(invocation, summary);
            }

            if (summary is not null)
            {
                return ApplySummary(state, invocation, summary);
            }

            // Whatever the callee receives, it may remove, cancel or overwrite.
            HandleObligations before = state;
            state = Escaped(state, instance);
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                ISymbol? key = _symbols.KeyOf(argument.Value);
                state = WritesThrough(argument) ? Overwritten(state, key) : Escaped(state, key);
            }

            state = Noting(before, state);

            // A call on this type may reach its fields through 'this'.
            bool reachesMembers = invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                || (invocation.TargetMethod.IsStatic && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, _owningType?.OriginalDefinition));
            return reachesMembers
                ? Noting(state, state.RemoveWhere(o => TrackedSymbols.IsMember(o.Handle) || (o.Value is not null && TrackedSymbols.IsMember(o.Value))).ForgetMemberValues())
                : state;
        }

        /// <summary>
        /// A call of one of the program's own methods, by its summary: first what it does while the caller's
        /// state is untouched (uses of a closed handle, closes before any release), then its releases, then
        /// its later closes, then what it leaves in the members.
        /// </summary>
        private HandleObligations ApplySummary(HandleObligations state, IInvocationOperation call, CalleeSummary summary)
        {
            RemovesFlows |= summary.RemovesFlows;
            foreach ((ISymbol key, string function) in summary.UsesWhileClosed)
            {
                if (Map(call, key, socket: false) is ISymbol handle && state.ClosesOf(handle) is { IsEmpty: false } closes)
                {
                    _helperUsesAfterClose ??= new Dictionary<IInvocationOperation, HelperUse>();
                    _helperUsesAfterClose[call] = _helperUsesAfterClose.TryGetValue(call, out HelperUse? known)
                        ? known.With(closes)
                        : new HelperUse(handle, function, closes);
                }
            }

            foreach (ISymbol key in summary.ClosesFirst)
            {
                if (Map(call, key, socket: false) is ISymbol handle)
                {
                    state = Close(state, call, handle);
                }
            }

            foreach (ISymbol key in summary.SocketClosesFirst)
            {
                if (Map(call, key, socket: true) is ISymbol socket)
                {
                    state = RecordSocketClose(state, call, socket);
                }
            }

            HandleObligations beforeReleases = state;
            if (summary.DrainsPending)
            {
                DrainsPending = true;
                state = DrainPending(state);
            }

            foreach ((ISymbol key, ObligationKind kind) in summary.Releases)
            {
                if (Map(call, key, socket: false) is not ISymbol released)
                {
                    continue;
                }

                if (kind == ObligationKind.Flow)
                {
                    state = ConfirmEarlyCloses(state, call, released, value: null);
                }

                state = state.RemoveWhere(o => o.Kind == kind && (SymbolEqualityComparer.Default.Equals(o.Handle, released) || SymbolEqualityComparer.Default.Equals(o.Value, released)));
            }

            state = Noting(beforeReleases, state);
            foreach (ISymbol key in summary.ClosesAfter)
            {
                if (Map(call, key, socket: false) is ISymbol handle)
                {
                    state = Close(state, call, handle);
                }
            }

            foreach (ISymbol key in summary.SocketClosesAfter)
            {
                if (Map(call, key, socket: true) is ISymbol socket)
                {
                    state = RecordSocketClose(state, call, socket);
                }
            }

            foreach (MemberOutcome member in summary.Members)
            {
                ISymbol key = member.Member;
                if (!member.KeepsIncomingFlowId && !member.KeepsIncomingClose)
                {
                    // Overwritten on every path: whatever it named is the callee's business now.
                    state = Noting(state, Escaped(state, key));
                }

                ImmutableHashSet<FlowIdSource> sources = member.FlowIdSources;
                if (member.KeepsIncomingFlowId)
                {
                    sources = sources.IsEmpty ? state.SourcesOf(key) : (state.FlowIds.ContainsKey(key) ? state.SourcesOf(key).Union(sources) : ImmutableHashSet<FlowIdSource>.Empty);
                }

                state = state.SetFlowId(key, sources);
                if (!member.KeepsIncomingClose)
                {
                    state = state.SetClosedBy(key, member.MayBeClosed ? ImmutableHashSet.Create<IOperation>(call) : null);
                }
            }

            foreach (Obligation add in summary.Adds)
            {
                state = state.Add(add);
            }

            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (WritesThrough(argument))
                {
                    state = Overwritten(state, _symbols.KeyOf(argument.Value));
                }
            }

            return state;
        }

        /// <summary>The argument a helper that returns its BOOL parameter unchanged was given.</summary>
        private IOperation? PassedThrough(IInvocationOperation helper)
        {
            if (_pass is null || _recognizer.Recognize(helper.TargetMethod) is not null
                || _pass.SummaryOf(helper, _recognizer, _cancellationToken) is not { PassesThrough: >= 0 } summary)
            {
                return null;
            }

            foreach (IArgumentOperation argument in helper.Arguments)
            {
                if (argument.Parameter?.Ordinal == summary.PassesThrough && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>
        /// <c>Check(QOSNotifyFlow(..., &amp;overlapped))</c> with a <c>Check</c> that throws when given FALSE and never compares
        /// the last error with ERROR_IO_PENDING: the overlapped call's FALSE is handled as a failure, by that helper.
        /// </summary>
        private void RecordResultsHandedToThrowingHelper(IInvocationOperation helper, CalleeSummary summary)
        {
            foreach (IArgumentOperation argument in helper.Arguments)
            {
                if (argument.Parameter is not IParameterSymbol parameter || !summary.ThrowsOnFailure.Contains(parameter.Ordinal))
                {
                    continue;
                }

                // Only the call itself: a local holding its result may have been compared with 997 on the way.
                if (WithoutConversions(argument.Value) is IInvocationOperation call && _recognizer.TryGetCall(call, out _) && IsOverlappedCall(call))
                {
                    Accumulate(ref _failuresHandled, call, ImmutableHashSet.Create<IOperation>(helper));
                }
            }
        }

        /// <summary>The caller's storage for a key of a callee's summary: the member itself, or the argument given for the parameter.</summary>
        private ISymbol? Map(IInvocationOperation call, ISymbol key, bool socket)
        {
            if (key is not IParameterSymbol parameter)
            {
                return key;
            }

            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter is IParameterSymbol p && p.Ordinal == parameter.Ordinal && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    return socket ? _symbols.SocketKeyOf(argument.Value) : _symbols.KeyOf(argument.Value);
                }
            }

            return null;
        }

        /// <summary>
        /// A removal of flows on <paramref name="handle"/> (or of the flow whose id <paramref name="value"/> holds) turns
        /// the earlier closes this path made while such a flow of another member was outstanding into findings.
        /// </summary>
        private HandleObligations ConfirmEarlyCloses(HandleObligations state, IInvocationOperation removal, ISymbol? handle, ISymbol? value)
        {
            if (state.ClosedEarly.IsEmpty || (handle is null && value is null))
            {
                return state;
            }

            ImmutableHashSet<EarlyClose> left = state.ClosedEarly;
            foreach (EarlyClose early in state.ClosedEarly)
            {
                bool sameHandle = handle is not null && (SymbolEqualityComparer.Default.Equals(early.Flow.Handle, handle) || SymbolEqualityComparer.Default.Equals(early.Flow.Value, handle));
                bool sameId = value is not null && early.Flow.Value is not null && SymbolEqualityComparer.Default.Equals(early.Flow.Value, value);
                if (sameHandle && (value is null || early.Flow.Value is null || sameId) || (handle is null && sameId))
                {
                    // Both inside one helper's call: the helper's own analysis reports it where it happens.
                    if (!ReferenceEquals(early.Close, removal))
                    {
                        (_earlyCloses ??= new List<(EarlyClose, IInvocationOperation)>()).Add((early, removal));
                    }

                    left = left.Remove(early);
                }
            }

            return state.WithClosedEarly(left);
        }

        /// <summary>In a summary run, records which stand-ins for the caller's obligations a step released (not by a close).</summary>
        private HandleObligations Noting(HandleObligations before, HandleObligations after)
        {
            if (_probe is null || ReferenceEquals(before.ByHandle, after.ByHandle))
            {
                return after;
            }

            foreach (KeyValuePair<ISymbol, ImmutableHashSet<Obligation>> pair in before.ByHandle)
            {
                foreach (Obligation o in pair.Value)
                {
                    if (o.IsIncoming && !after.For(o.Handle).Contains(o))
                    {
                        (_summaryReleased ??= new HashSet<(ISymbol, ObligationKind)>(KeyKindComparer.Instance)).Add((o.Handle, o.Kind));
                    }
                }
            }

            return after;
        }

        private HashSet<(ISymbol Key, ObligationKind Kind)>? _summaryReleased;

        /// <summary>In a summary run: the stand-ins some path released other than by closing the handle.</summary>
        public IReadOnlyCollection<(ISymbol Key, ObligationKind Kind)> SummaryReleased => (IReadOnlyCollection<(ISymbol Key, ObligationKind Kind)>?)_summaryReleased ?? System.Array.Empty<(ISymbol, ObligationKind)>();

        private sealed class KeyKindComparer : IEqualityComparer<(ISymbol Key, ObligationKind Kind)>
        {
            public static readonly KeyKindComparer Instance = new KeyKindComparer();

            public bool Equals((ISymbol Key, ObligationKind Kind) x, (ISymbol Key, ObligationKind Kind) y) => x.Kind == y.Kind && SymbolEqualityComparer.Default.Equals(x.Key, y.Key);

            public int GetHashCode((ISymbol Key, ObligationKind Kind) obj) => SymbolEqualityComparer.Default.GetHashCode(obj.Key) ^ (int)obj.Kind;
        }

        private HandleObligations VisitQwaveCall(HandleObligations state, QwaveCall call)
        {
            // A zero handle (IntPtr.Zero, default) is no storage: the call fails, and nothing is added to or closed on it.
            IOperation? handleArgument = call.ArgumentValue(ParameterRole.QosHandle);
            ISymbol? handle = ConstantValues.IsNullOrZero(handleArgument) ? null : _symbols.KeyOf(handleArgument);
            if (call.FunctionName != QwaveCatalog.QOSCreateHandle)
            {
                Accumulate(ref _usesAfterClose, call.Invocation, state.ClosesOf(handle));
            }

            switch (call.FunctionName)
            {
                case QwaveCatalog.QOSAddSocketToFlow:
                {
                    IOperation? flowIdArgument = call.ArgumentValue(ParameterRole.FlowId);
                    ISymbol? flowId = _symbols.KeyOf(flowIdArgument);
                    ImmutableHashSet<FlowIdSource> inputs = InputSources(state, flowId, flowIdArgument);
                    ISymbol? socket = _symbols.SocketKeyOf(call.ArgumentValue(ParameterRole.Socket));
                    bool perCall = TakesPerCallInput(call, socket);
                    foreach (FlowIdSource earlier in FilterKind(inputs, FlowIdSourceKind.EarlierCall).ToList())
                    {
                        // What this very add wrote on an earlier call of the member (nothing resets the member in between).
                        // Counted only where the member exists to be called again: for a socket or destination it is given.
                        inputs = inputs.Remove(earlier);
                        if (perCall)
                        {
                            inputs = inputs.Add(new FlowIdSource(FlowIdSourceKind.FromAdd, call.Invocation, AdaptivityOf(call), handle, socket, inherited: true));
                        }
                    }

                    Accumulate(ref _flowIdInputs, call.Invocation, inputs);

                    // An id that only ever came from an earlier add joins that flow: the flow's obligation is the
                    // earlier add's, released with it (had that add failed, the id would be 0: stay silent then too).
                    // A nonzero constant joins whatever flow has that id, or fails: it creates none either.
                    bool joins = !inputs.IsEmpty && inputs.All(source => (source.Kind == FlowIdSourceKind.FromAdd && !source.Inherited) || source.Kind == FlowIdSourceKind.NonZeroConstant);
                    state = InvalidateWrittenArguments(state, call, except: ParameterRole.FlowId);
                    IOperation? destination = call.ArgumentValue(ParameterRole.DestAddr);
                    if (destination is null || ConstantValues.IsNullOrZero(destination))
                    {
                        Accumulate(ref _unconnectedAdds, call.Invocation, state.UnconnectedCreations(socket));
                    }

                    if (flowId is not null)
                    {
                        state = state.SetFlowId(flowId, ImmutableHashSet.Create(new FlowIdSource(FlowIdSourceKind.FromAdd, call.Invocation, AdaptivityOf(call), handle, socket)));
                    }

                    if (handle is null)
                    {
                        return state;
                    }

                    if (joins)
                    {
                        return state;
                    }

                    if (TrackedSymbols.IsMember(handle))
                    {
                        (_memberAdds ??= new Dictionary<IInvocationOperation, ISymbol>())[call.Invocation] = handle;
                    }

                    return state.Add(new Obligation(ObligationKind.Flow, call.Invocation, call.FunctionName, handle, flowId, socket));
                }

                case QwaveCatalog.QOSRemoveSocketFromFlow:
                {
                    RemovesFlows = true;
                    ISymbol? flowId = _symbols.KeyOf(call.ArgumentValue(ParameterRole.FlowId));
                    state = MarkRemoved(state, flowId, call);
                    state = ConfirmEarlyCloses(state, call.Invocation, handle, flowId);
                    return Noting(state, Release(state, ObligationKind.Flow, handle, flowId));
                }

                case QwaveCatalog.QOSStartTrackingClient:
                    state = InvalidateWrittenArguments(state, call, except: null);
                    return handle is null
                        ? state
                        : state.Add(new Obligation(ObligationKind.Tracking, call.Invocation, call.FunctionName, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.DestAddr))));

                case QwaveCatalog.QOSStopTrackingClient:
                    StopsTracking = true;
                    return Noting(state, Release(state, ObligationKind.Tracking, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.DestAddr))));

                case QwaveCatalog.QOSCancel:
                    return Noting(state, Release(state, ObligationKind.PendingOperation, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.Overlapped))));

                case QwaveCatalog.QOSCloseHandle:
                    return handle is null ? state : Close(state, call.Invocation, handle);

                default:
                    if (call.FunctionName == QwaveCatalog.QOSQueryFlow || call.FunctionName == QwaveCatalog.QOSNotifyFlow)
                    {
                        IOperation? flowIdArgument = call.ArgumentValue(ParameterRole.FlowId);
                        Accumulate(ref _flowIdInputs, call.Invocation, state.SourcesOf(_symbols.KeyOf(flowIdArgument)));
                    }

                    state = InvalidateWrittenArguments(state, call, except: null);
                    IArgumentOperation? overlapped = call.Function.StartsOverlappedOperation ? call.Argument(ParameterRole.Overlapped) : null;
                    if (handle is null || overlapped is null || ConstantValues.IsNullOrZero(overlapped.Value))
                    {
                        return state;
                    }

                    // QOSSetFlow, QOSQueryFlow, QOSNotifyFlow with an OVERLAPPED: pending until cancelled, drained or seen to complete.
                    return state.Add(new Obligation(ObligationKind.PendingOperation, call.Invocation, call.FunctionName, handle, _symbols.KeyOf(overlapped.Value)));
            }
        }

        /// <summary>The add's socket or destination is a parameter of the member: each call adds another one.</summary>
        private bool TakesPerCallInput(QwaveCall add, ISymbol? socket)
        {
            if (_owningMethod is null)
            {
                return false;
            }

            ISymbol? destination = _symbols.KeyOf(add.ArgumentValue(ParameterRole.DestAddr));
            return (socket is IParameterSymbol s && SymbolEqualityComparer.Default.Equals(s.ContainingSymbol, _owningMethod))
                || (destination is IParameterSymbol d && SymbolEqualityComparer.Default.Equals(d.ContainingSymbol, _owningMethod));
        }

        /// <summary>The sources of the FlowId an add reads. An uninitialized local matters only when its address is passed (a by-ref local must be assigned first).</summary>
        private ImmutableHashSet<FlowIdSource> InputSources(HandleObligations state, ISymbol? flowId, IOperation? argument)
        {
            ImmutableHashSet<FlowIdSource> sources = state.SourcesOf(flowId);
            if (sources.IsEmpty || IsPointerForm(argument))
            {
                return sources;
            }

            return sources.Except(FilterKind(sources, FlowIdSourceKind.Uninitialized));
        }

        private static IEnumerable<FlowIdSource> FilterKind(ImmutableHashSet<FlowIdSource> sources, FlowIdSourceKind kind)
        {
            foreach (FlowIdSource s in sources)
            {
                if (s.Kind == kind)
                {
                    yield return s;
                }
            }
        }

        private static bool IsPointerForm(IOperation? argument)
        {
            while (argument is IConversionOperation conversion)
            {
                argument = conversion.Operand;
            }

            return argument is IAddressOfOperation || argument?.Type is IPointerTypeSymbol;
        }

        /// <summary>
        /// After QOSRemoveSocketFromFlow, an id from an add names a destroyed flow when the whole flow was
        /// removed: Socket 0, an adaptive flow (one socket only), or the very socket the add attached.
        /// </summary>
        private HandleObligations MarkRemoved(HandleObligations state, ISymbol? flowId, QwaveCall remove)
        {
            ImmutableHashSet<FlowIdSource> sources = state.SourcesOf(flowId);
            if (flowId is null || sources.IsEmpty)
            {
                return state;
            }

            IOperation? socketArgument = remove.ArgumentValue(ParameterRole.Socket);
            bool wholeFlow = socketArgument is null || ConstantValues.IsNullOrZero(socketArgument);
            ISymbol? socket = _symbols.SocketKeyOf(socketArgument);
            ImmutableHashSet<FlowIdSource> updated = sources;
            foreach (FlowIdSource source in sources)
            {
                if (source.Kind == FlowIdSourceKind.FromAdd
                    && (wholeFlow || source.Adaptivity == FlowAdaptivity.Adaptive || (socket is not null && SymbolEqualityComparer.Default.Equals(socket, source.Socket))))
                {
                    updated = updated.Remove(source).Add(source.AsRemoved());
                }
            }

            return state.SetFlowId(flowId, updated);
        }

        private static FlowAdaptivity AdaptivityOf(QwaveCall add)
        {
            IArgumentOperation? flags = add.Argument(ParameterRole.Flags);
            if (flags is null || !ConstantValues.TryGetInteger(flags.Value, out ulong value))
            {
                return FlowAdaptivity.Unknown;
            }

            return (value & QwaveCatalog.QOS_NON_ADAPTIVE_FLOW) != 0 ? FlowAdaptivity.NonAdaptive : FlowAdaptivity.Adaptive;
        }

        /// <summary>Removes the obligations a remove or cancel may satisfy: the matching one when both sides are known, else every one of that kind on the handle (or on any handle).</summary>
        private static HandleObligations Release(HandleObligations state, ObligationKind kind, ISymbol? handle, ISymbol? value)
        {
            bool exact = false;
            if (handle is not null && value is not null)
            {
                foreach (Obligation o in state.For(handle))
                {
                    if (o.Kind == kind && SymbolEqualityComparer.Default.Equals(o.Value, value))
                    {
                        exact = true;
                        break;
                    }
                }
            }

            return state.RemoveWhere(o =>
                o.Kind == kind
                && (handle is null || SymbolEqualityComparer.Default.Equals(o.Handle, handle))
                && (!exact || SymbolEqualityComparer.Default.Equals(o.Value, value)));
        }

        private HandleObligations Close(HandleObligations state, IInvocationOperation close, ISymbol handle)
        {
            ImmutableHashSet<Obligation> outstanding = state.For(handle);
            ImmutableHashSet<EarlyClose> early = state.ClosedEarly;
            foreach (Obligation o in outstanding)
            {
                if (o.IsInherited && o.Kind == ObligationKind.Flow)
                {
                    early = early.Add(new EarlyClose(close, o, socket: null));
                }
            }

            state = state.WithClosedEarly(early);
            _closes ??= new Dictionary<IInvocationOperation, CloseSite>();
            if (_closes.TryGetValue(close, out CloseSite? site))
            {
                site.Outstanding = site.Outstanding.Union(outstanding);
            }
            else
            {
                _closes.Add(close, new CloseSite(close, handle, outstanding));
            }

            state = state.RemoveWhere(o => SymbolEqualityComparer.Default.Equals(o.Handle, handle));
            return state.SetClosedBy(handle, state.ClosesOf(handle).Add(close));
        }

        private HandleObligations RecordSocketClose(HandleObligations state, IInvocationOperation close, ISymbol socket)
        {
            ImmutableHashSet<Obligation> open = ImmutableHashSet<Obligation>.Empty;
            ImmutableHashSet<EarlyClose> early = state.ClosedEarly;
            bool incomingOutstanding = false;
            foreach (ImmutableHashSet<Obligation> obligations in state.ByHandle.Values)
            {
                foreach (Obligation o in obligations)
                {
                    incomingOutstanding |= o.IsIncoming && o.Kind == ObligationKind.Flow;
                    if (o.Kind == ObligationKind.Flow && o.LostId is null && SymbolEqualityComparer.Default.Equals(o.Socket, socket))
                    {
                        if (o.IsInherited)
                        {
                            early = early.Add(new EarlyClose(close, o, socket));
                        }
                        else
                        {
                            open = open.Add(o);
                        }
                    }
                }
            }

            if (_probe is not null)
            {
                (_summarySocketCloses ??= new List<(ISymbol, bool)>()).Add((socket, incomingOutstanding));
            }

            Accumulate(ref _socketCloses, close, open);
            return state.WithClosedEarly(early);
        }

        /// <summary>Socket/UdpClient/TcpClient Close() or Dispose() (a using's end included), or closesocket(s) from ws2_32.</summary>
        private bool TryGetClosedSocket(IInvocationOperation invocation, out ISymbol socket)
        {
            socket = null!;
            IMethodSymbol method = invocation.TargetMethod;
            ISymbol? key = null;
            if ((method.Name == "Close" || method.Name == "Dispose") && invocation.Instance is IOperation instance
                && _environment.IsSocketOwner(WithoutConversions(instance)?.Type))
            {
                key = _symbols.SocketKeyOf(instance);
            }
            else if (method.Name == "closesocket" || method.GetDllImportData()?.EntryPointName == "closesocket")
            {
                DllImportData? import = method.GetDllImportData();
                if (import?.ModuleName is string module && module.IndexOf("ws2_32", System.StringComparison.OrdinalIgnoreCase) >= 0 && invocation.Arguments.Length == 1)
                {
                    key = _symbols.SocketKeyOf(invocation.Arguments[0].Value);
                }
            }

            if (key is null)
            {
                return false;
            }

            socket = key;
            return true;
        }

        /// <summary>Connect*/BeginConnect* on a socket connects it; a socket handed to other code may be connected there.</summary>
        private HandleObligations ForgetConnections(HandleObligations state, IInvocationOperation invocation)
        {
            if (state.Unconnected.IsEmpty)
            {
                return state;
            }

            if (invocation.Instance is IOperation instance
                && (invocation.TargetMethod.Name.StartsWith("Connect", System.StringComparison.Ordinal) || invocation.TargetMethod.Name.StartsWith("BeginConnect", System.StringComparison.Ordinal))
                && _symbols.SocketKeyOf(instance) is ISymbol connected)
            {
                state = state.SetUnconnected(connected, null);
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (_symbols.SocketKeyOf(argument.Value) is ISymbol handed)
                {
                    state = state.SetUnconnected(handed, null);
                }
            }

            return state;
        }

        /// <summary><c>new Socket(..., SocketType.Dgram, ...)</c>, or a UdpClient constructor that does not connect (any but the host-name one).</summary>
        private bool IsUnconnectedDatagramSocket(IOperation? value)
        {
            if (value is not IObjectCreationOperation creation || creation.Constructor is null)
            {
                return false;
            }

            if (_environment.IsSocketOwner(creation.Type) && creation.Type?.Name == "UdpClient")
            {
                foreach (IParameterSymbol parameter in creation.Constructor.Parameters)
                {
                    if (parameter.Type.SpecialType == SpecialType.System_String)
                    {
                        return false;
                    }
                }

                return true;
            }

            if (creation.Type?.Name != "Socket" || !_environment.IsSocketOwner(creation.Type))
            {
                return false;
            }

            foreach (IArgumentOperation argument in creation.Arguments)
            {
                if (argument.Parameter?.Type.Name == "SocketType" && ConstantValues.TryGetInteger(argument.Value, out ulong type) && type == 2)
                {
                    return true;
                }
            }

            return false;
        }

        private HandleObligations VisitAssignment(HandleObligations state, ISimpleAssignmentOperation assignment)
        {
            ISymbol? target = _symbols.KeyOf(assignment.Target);
            if (target is null)
            {
                // Stored where the analysis does not follow (an array element, an indexer, another object's
                // member): like a value handed to a call, whoever reads it there may remove what it names.
                return Escaped(state, _symbols.KeyOf(WithoutConversions(assignment.Value)));
            }

            if (target is ILocalSymbol idLocal && !state.ByHandle.IsEmpty)
            {
                // A flow whose id this local held stays outstanding, but nothing can name it any more.
                state = state.Select(o => o.Kind == ObligationKind.Flow && SymbolEqualityComparer.Default.Equals(o.Value, idLocal) ? o.AsLost(idLocal) : o);
            }

            state = Overwritten(state, target);
            IOperation? value = WithoutConversions(assignment.Value);
            if (IsUnconnectedDatagramSocket(value))
            {
                state = state.SetUnconnected(target, ImmutableHashSet.Create(value!));
            }

            if (value is IInvocationOperation sessionAdd && _environment.IsSessionMethod(sessionAdd.TargetMethod, PackageApi.Session.AddSocketToFlow))
            {
                // QosSession.AddSocketToFlow returns the new flow's id (it throws on failure); 'adaptive' decides the kind.
                FlowAdaptivity adaptivity = FlowAdaptivity.Unknown;
                foreach (IArgumentOperation argument in sessionAdd.Arguments)
                {
                    if (argument.Parameter?.Name == PackageApi.Parameters.Adaptive && argument.Value.ConstantValue is { HasValue: true, Value: bool adaptive })
                    {
                        adaptivity = adaptive ? FlowAdaptivity.Adaptive : FlowAdaptivity.NonAdaptive;
                    }
                }

                ISymbol? session = sessionAdd.Instance is null ? null : _symbols.KeyOf(sessionAdd.Instance);
                return state.SetFlowId(target, ImmutableHashSet.Create(new FlowIdSource(FlowIdSourceKind.FromAdd, sessionAdd, adaptivity, session)));
            }

            if (ConstantValues.TryGetInteger(value, out ulong constant) && value is not null && IsInteger(assignment.Target.Type))
            {
                state = state.SetFlowId(target, ImmutableHashSet.Create(new FlowIdSource(constant == 0 ? FlowIdSourceKind.Zero : FlowIdSourceKind.NonZeroConstant, assignment)));
            }
            else if (_skipsLocalsInit && assignment.Target.Type is IPointerTypeSymbol && value?.Syntax is StackAllocArrayCreationExpressionSyntax { Initializer: null })
            {
                state = state.SetFlowId(target, ImmutableHashSet.Create(new FlowIdSource(FlowIdSourceKind.Uninitialized, value)));
            }
            else if (_symbols.KeyOf(value) is ISymbol copied && !SymbolEqualityComparer.Default.Equals(copied, target) && value is not IAddressOfOperation)
            {
                // A copy carries what is known about the value: where the id came from, whether the handle is closed.
                state = state.SetFlowId(target, state.SourcesOf(copied)).SetClosedBy(target, state.ClosesOf(copied));
            }

            if (target is ILocalSymbol local)
            {
                // 'bool ok = Call(...)' (or a copy of such a local) records the call's success.
                if (value is IInvocationOperation invocation && _recognizer.TryGetCall(invocation, out QwaveCall call) && call.Method.ReturnsBool)
                {
                    return state.SetResult(local, ImmutableHashSet.Create(invocation));
                }

                if (value is ILocalReferenceOperation copy && state.ResultOf.TryGetValue(copy.Local, out ImmutableHashSet<IInvocationOperation>? calls))
                {
                    return state.SetResult(local, calls);
                }
            }

            return state;
        }

        /// <summary>Stackalloc memory stops counting as uninitialized once the pointer is used for anything but the FlowId of an add (e.g. <c>*p = 0</c>).</summary>
        private HandleObligations VisitLocalReference(HandleObligations state, ILocalReferenceOperation reference)
        {
            if (reference.Local.Type is not IPointerTypeSymbol || !state.FlowIds.TryGetValue(reference.Local, out ImmutableHashSet<FlowIdSource>? sources))
            {
                return state;
            }

            IOperation? parent = reference.Parent;
            while (parent is IConversionOperation || parent is IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            if (parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
            {
                return state;
            }

            if (parent is IArgumentOperation argument
                && argument.Parent is IInvocationOperation invocation
                && _recognizer.TryGetCall(invocation, out QwaveCall call)
                && call.Method.CatalogParameter(argument.Parameter)?.Role == ParameterRole.FlowId)
            {
                return state;
            }

            return state.SetFlowId(reference.Local, sources.Except(FilterKind(sources, FlowIdSourceKind.Uninitialized)));
        }

        private HandleObligations InvalidateWrittenArguments(HandleObligations state, QwaveCall call, ParameterRole? except)
        {
            foreach (IArgumentOperation argument in call.Invocation.Arguments)
            {
                if (WritesThrough(argument) && (except is null || call.Method.CatalogParameter(argument.Parameter)?.Role != except))
                {
                    state = Overwritten(state, _symbols.KeyOf(argument.Value));
                }
            }

            return state;
        }

        /// <summary>The callee may write the argument's storage: by ref/out, or through its address.</summary>
        private static bool WritesThrough(IArgumentOperation argument)
        {
            if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out })
            {
                return true;
            }

            IOperation value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value is IAddressOfOperation;
        }

        /// <summary>
        /// WaitOne/WaitAll/WaitAny/Wait, WaitForSingleObject and the like, GetOverlappedResult(Ex),
        /// GetQueuedCompletionStatus(Ex): the method waits for completions, which the analysis cannot
        /// relate to a particular OVERLAPPED, so every pending operation is taken as drained.
        /// </summary>
        private static bool IsWaitForCompletion(string name) =>
            name.StartsWith("Wait", System.StringComparison.Ordinal)
            || name.StartsWith("GetOverlappedResult", System.StringComparison.Ordinal)
            || name.StartsWith("GetQueuedCompletionStatus", System.StringComparison.Ordinal);

        private static HandleObligations DrainPending(HandleObligations state) =>
            state.RemoveWhere(o => o.Kind == ObligationKind.PendingOperation);

        /// <summary>Unseen code received the storage's value: it may remove, cancel or close what it names (the value itself is unchanged).</summary>
        private static HandleObligations Escaped(HandleObligations state, ISymbol? key)
        {
            if (key is null)
            {
                return state;
            }

            return state.RemoveWhere(o => SymbolEqualityComparer.Default.Equals(o.Handle, key) || SymbolEqualityComparer.Default.Equals(o.Value, key));
        }

        /// <summary>The storage now holds something else: forget everything known about it.</summary>
        private static HandleObligations Overwritten(HandleObligations state, ISymbol? key)
        {
            if (key is null)
            {
                return state;
            }

            state = Escaped(state, key)
                .Select(o => SymbolEqualityComparer.Default.Equals(o.Socket, key) ? o.WithoutSocket() : o)
                .SetFlowId(key, null)
                .SetClosedBy(key, null);
            if (!state.ClosedEarly.IsEmpty)
            {
                state = state.WithClosedEarly(state.ClosedEarly.Except(state.ClosedEarly.Where(e => SymbolEqualityComparer.Default.Equals(e.Flow.Handle, key) || SymbolEqualityComparer.Default.Equals(e.Socket, key))));
            }
            if (state.Unconnected.ContainsKey(key))
            {
                state = state.SetUnconnected(key, null);
            }

            return state.ResultOf.ContainsKey(key) ? state.SetResult(key, null) : state;
        }

        // The result collections are made on first use: most analyses leave most of them empty.
        private static void Accumulate<TKey, T>(ref Dictionary<TKey, ImmutableHashSet<T>>? records, TKey at, ImmutableHashSet<T> found)
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

        private static bool IsInteger(ITypeSymbol? type)
        {
            switch (type?.SpecialType)
            {
                case SpecialType.System_UInt32:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt64:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int16:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Dispose() or Close() of a SafeHandle: releases (closes) the handle it owns.</summary>
        private bool IsRelease(IInvocationOperation invocation) =>
            invocation.Arguments.IsEmpty
            && (invocation.TargetMethod.Name == "Dispose" || invocation.TargetMethod.Name == "Close")
            && _environment.IsSafeHandle(WithoutConversions(invocation.Instance)?.Type);

        private IOperation? WithoutConversions(IOperation? operation)
        {
            operation = _symbols.Unwrap(operation);
            while (operation is IConversionOperation conversion)
            {
                operation = _symbols.Unwrap(conversion.Operand);
            }

            return operation;
        }

        private bool IsSafeHandleBookkeeping(IInvocationOperation invocation) =>
            invocation.TargetMethod.Name.StartsWith("Dangerous", System.StringComparison.Ordinal) && _environment.IsSafeHandle(invocation.TargetMethod.ContainingType);
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

    /// <summary>A shared empty map for results nothing was recorded in (never written).</summary>
    internal static class EmptyResults<TKey, TValue>
        where TKey : notnull
    {
        public static readonly IReadOnlyDictionary<TKey, TValue> Map = new Dictionary<TKey, TValue>();
    }
}
