using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow.Facets;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// The one forward walk every flow rule shares. It decodes each operation of a control-flow graph once (a qWAVE
    /// call under any binding, a close, a socket close, an assignment, a branch on a result, a call of the program's
    /// own methods through its summary) and hands what it means to the facets, each of which keeps its own slot of
    /// <see cref="FlowState"/> and records its own results: <see cref="HandleObligationsFacet"/>,
    /// <see cref="PendingOperationsFacet"/>, <see cref="FlowIdProvenanceFacet"/>, <see cref="SocketsFacet"/>,
    /// <see cref="CallResultsFacet"/> and <see cref="PinningFacet"/>. Rules read the facets' results
    /// (<see cref="Facet{T}"/>); the walk names no rule.
    /// </summary>
    /// <remarks>
    /// Errs towards silence: whatever the method hands to code it cannot see (the handle, the flow id or the
    /// OVERLAPPED passed to another method; members when it calls its own type; locals a closure captures;
    /// storage overwritten) is assumed to be taken care of there.
    /// </remarks>
    internal sealed class FlowWalk : ForwardDataflow<FlowState>
    {
        private readonly QwaveRecognizer _recognizer;
        private readonly TrackedSymbols _symbols;
        private readonly FlowEnvironment _environment;
        private readonly INamedTypeSymbol? _owningType;
        private readonly IMethodSymbol? _owningMethod;
        private readonly bool _skipsLocalsInit;
        private readonly FlowPass? _pass;
        private readonly SummaryProbe? _probe;
        private readonly TypeLevelFacts? _typeFacts;
        private readonly System.Threading.CancellationToken _cancellationToken;
        private readonly HandleObligationsFacet _handles;
        private readonly PendingOperationsFacet _pending;
        private readonly FlowIdProvenanceFacet _flowIds;
        private readonly SocketsFacet _sockets;
        private readonly FlowFacet[] _facets;
        private HashSet<(ISymbol Key, ObligationKind Kind)>? _summaryReleased;
        private FlowState? _exitState;

        /// <param name="graph">The graph to analyze.</param>
        /// <param name="recognizer">Recognizes qWAVE calls under any binding.</param>
        /// <param name="symbols">How the graph's operations map to storage.</param>
        /// <param name="environment">The compilation's well-known types.</param>
        /// <param name="owningSymbol">The method (or function) the graph belongs to.</param>
        /// <param name="pass">Where summaries of the program's own methods come from; null: such calls are opaque.</param>
        /// <param name="probe">For a summary run: the stand-ins for the caller's state.</param>
        /// <param name="typeFacts">For a member of a type: what the other members leave in its fields.</param>
        /// <param name="cancellationToken">Cancels summaries computed on the way.</param>
        public FlowWalk(ControlFlowGraph graph, QwaveRecognizer recognizer, TrackedSymbols symbols, FlowEnvironment environment, ISymbol? owningSymbol,
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
            _handles = new HandleObligationsFacet();
            _pending = new PendingOperationsFacet(recognizer, symbols, environment, graph);
            _flowIds = new FlowIdProvenanceFacet(symbols, _owningMethod);
            _sockets = new SocketsFacet(symbols, environment, summarizing: probe is not null);
            _facets = new FlowFacet[] { _handles, _pending, _flowIds, _sockets, CallResultsFacet.Instance, new PinningFacet() };
        }

        /// <summary>The facets, in the order the walk hands them each event.</summary>
        public IReadOnlyList<FlowFacet> Facets => _facets;

        /// <summary>The facet of type <typeparamref name="T"/>, whose results a rule reads.</summary>
        public T Facet<T>()
            where T : FlowFacet
        {
            foreach (FlowFacet facet in _facets)
            {
                if (facet is T wanted)
                {
                    return wanted;
                }
            }

            throw new System.InvalidOperationException("The walk has no facet of type " + typeof(T).Name + ".");
        }

        /// <summary>The state joined over every normal exit (null when the graph never returns).</summary>
        public FlowState? ExitState => _exitState;

        /// <summary>The graph analyzed.</summary>
        public ControlFlowGraph FlowGraph => Graph;

        /// <summary>How this graph's operations map to storage.</summary>
        public TrackedSymbols Symbols => _symbols;

        /// <summary>In a summary run: the stand-ins some path released other than by closing the handle.</summary>
        public IReadOnlyCollection<(ISymbol Key, ObligationKind Kind)> SummaryReleased => (IReadOnlyCollection<(ISymbol Key, ObligationKind Kind)>?)_summaryReleased ?? System.Array.Empty<(ISymbol, ObligationKind)>();

        protected override void OnLeave(FlowState state, ImmutableArray<ControlFlowRegion> regions)
        {
            foreach (FlowFacet facet in _facets)
            {
                facet.AtLeave(state, regions);
            }
        }

        protected override void OnExit(FlowState state)
        {
            _exitState = _exitState is null ? state : _exitState.Join(state);
            foreach (FlowFacet facet in _facets)
            {
                facet.AtExit(state);
            }
        }

        /// <summary>The state at the graph's entry: under [SkipLocalsInit], every integer local holds whatever the stack held.</summary>
        public FlowState EntryState()
        {
            FlowState state = _probe is not null ? SummaryEntryState(_probe) : InheritedState();
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
                    if (FlowIdProvenanceFacet.IsInteger(local.Type))
                    {
                        state = FlowIdProvenanceFacet.Set(state, local, new FlowIdSource(FlowIdSourceKind.Uninitialized, Graph.OriginalOperation));
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
        internal static FlowState SummaryEntryState(SummaryProbe probe)
        {
            FlowState state = FlowState.Empty;
            foreach (ISymbol key in probe.Keys)
            {
                if (probe.Placeholder is IInvocationOperation origin)
                {
                    state = HandleObligationsFacet.Add(state, new Obligation(ObligationKind.Flow, origin, string.Empty, key, key, scope: ObligationScope.Caller));
                    state = PendingOperationsFacet.Start(state, new Obligation(ObligationKind.PendingOperation, origin, string.Empty, key, key, scope: ObligationScope.Caller));
                    state = HandleObligationsFacet.Add(state, new Obligation(ObligationKind.Tracking, origin, string.Empty, key, key, scope: ObligationScope.Caller));
                }

                state = HandleObligationsFacet.SetClosedBy(state, key, ImmutableHashSet.Create(probe.Marker));
                state = FlowIdProvenanceFacet.Set(state, key, new FlowIdSource(FlowIdSourceKind.Incoming, probe.Marker));
            }

            return state;
        }

        /// <summary>
        /// A member of a type starts with what the other members may have left in the fields: the flows they add
        /// on member handles, and in a flow-id member that no member resets, the id an earlier add left there.
        /// </summary>
        private FlowState InheritedState()
        {
            FlowState state = FlowState.Empty;
            if (_typeFacts is null || _owningMethod is null || _typeFacts.IsEmpty)
            {
                return state;
            }

            foreach (Obligation flow in _typeFacts.FlowsFor(_owningMethod))
            {
                state = HandleObligationsFacet.Add(state, flow);
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

                state = FlowIdProvenanceFacet.Set(state, member.Key, sources);
            }

            return state;
        }

        protected override FlowState Join(FlowState left, FlowState right) => left.Join(right);

        protected override bool AreEqual(FlowState left, FlowState right) => left.SameAs(right);

        protected override FlowState Transfer(FlowState state, IOperation operation)
        {
            // Operands are evaluated before the operation that uses them.
            foreach (IOperation child in operation.ChildOperations)
            {
                state = Transfer(state, child);
            }

            switch (operation)
            {
                case IInvocationOperation invocation:
                    return VisitInvocation(ExaminesLastError(invocation) ? PendingOperationsFacet.Checked(state) : state, invocation);
                case IBinaryOperation or IIsPatternOperation when !state.Pending.Unchecked.IsEmpty && PendingOperationsFacet.ComparesWithIoPending(operation):
                    return _pending.ComparedWithIoPending(state, operation);
                case IObjectCreationOperation creation when !state.Pending.Unchecked.IsEmpty && _pending.IsWin32Exception(creation):
                    _pending.ExceptionCreated(state, creation);
                    return state;
                case IFlowCaptureOperation capture when !state.Pending.Unchecked.IsEmpty:
                    _pending.ValueCaptured(state, capture);
                    return state;
                case ISimpleAssignmentOperation assignment:
                    return VisitAssignment(state, assignment);
                case ILocalReferenceOperation local:
                    return VisitLocalReference(state, local);
                case IAwaitOperation:
                    // Awaiting is how overlapped completions are usually waited for.
                    return Noting(state, _pending.Drain(state));
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

        protected override FlowState Refine(FlowState state, IOperation condition, bool value)
        {
            if (_flowIds.ComparedWithZero(state, condition, value, out ISymbol? idKey, out bool isZero))
            {
                if (!isZero)
                {
                    return FlowIdProvenanceFacet.NotZero(state, idKey!);
                }

                foreach (FlowFacet facet in _facets)
                {
                    state = facet.FlowIdIsZero(state, idKey!, condition);
                }

                return state;
            }

            if (SessionDisposedTest(condition, value) is ISymbol live)
            {
                // 'if (!session.IsDisposed)': on this edge the session is not disposed, whatever came before.
                return HandleObligationsFacet.SetClosedBy(state, live, null);
            }

            if (_pending.OtherThanIoPending(state, condition, value) is FlowState failedOtherwise)
            {
                return failedOtherwise;
            }

            if (!TryInterpret(state, condition, out ImmutableHashSet<IInvocationOperation>? calls, out bool trueMeansSuccess))
            {
                return state;
            }

            if (value == trueMeansSuccess)
            {
                foreach (FlowFacet facet in _facets)
                {
                    state = facet.Succeeded(state, calls);
                }

                return state;
            }

            SyntaxNode? handler = PendingOperationsFacet.FailureHandler(condition);
            foreach (FlowFacet facet in _facets)
            {
                state = facet.Failed(state, calls, handler);
            }

            return state;
        }

        protected override void OnThrow(FlowState state, IOperation exception) => _pending.Thrown(state, exception);

        protected override void OnReturn(FlowState state, IOperation value) => _pending.Returned(state, value);

        /// <summary>A test of <c>session.IsDisposed</c> (possibly negated): the session's storage, on the edge where it is not disposed.</summary>
        private ISymbol? SessionDisposedTest(IOperation condition, bool value)
        {
            bool disposedWhenTrue = true;
            for (int depth = 0; depth < 8; depth++)
            {
                condition = WithoutConversions(_symbols, condition) ?? condition;
                switch (condition)
                {
                    case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                        disposedWhenTrue = !disposedWhenTrue;
                        condition = not.Operand;
                        continue;
                    case IPropertyReferenceOperation { Property.Name: PackageApi.Session.IsDisposed, Instance: IOperation instance } when _environment.IsSession(instance.Type):
                        return value != disposedWhenTrue ? _symbols.KeyOf(instance) : null;
                    default:
                        return null;
                }
            }

            return null;
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

        /// <summary>The qWAVE calls whose BOOL <paramref name="condition"/> tests, and whether TRUE means they succeeded.</summary>
        private bool TryInterpret(FlowState state, IOperation? condition, out ImmutableHashSet<IInvocationOperation> calls, out bool trueMeansSuccess)
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
                        IOperation? other = ConstantValues.IsFalseOrZero(comparison.RightOperand) ? comparison.LeftOperand
                            : ConstantValues.IsFalseOrZero(comparison.LeftOperand) ? comparison.RightOperand
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
                    case ILocalReferenceOperation local when CallResultsFacet.TryGet(state, local.Local, out ImmutableHashSet<IInvocationOperation> recorded):
                        calls = recorded;
                        return true;
                    default:
                        return false;
                }
            }

            return false;
        }

        private FlowState VisitInvocation(FlowState state, IInvocationOperation invocation)
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

            if (_sockets.TryGetClosedSocket(invocation, out ISymbol? socket))
            {
                state = _sockets.Close(state, invocation, socket);
            }

            bool onSession = _environment.IsSession(invocation.TargetMethod.ContainingType);
            if (instance is not null && onSession)
            {
                bool ends = invocation.TargetMethod.Name == PackageApi.Session.Dispose || invocation.TargetMethod.Name == PackageApi.Session.DisposeAsync;
                state = _handles.SessionCall(state, invocation, instance, ends);
            }

            if (_environment.IsPackageSocketRemoval(invocation.TargetMethod)
                && ArgumentNamed(invocation, PackageApi.Parameters.Socket) is IArgumentOperation removedSocket
                && _symbols.SocketKeyOf(removedSocket.Value) is ISymbol removed)
            {
                _sockets.RecordPackageRemoval(state, invocation, removed);
            }

            if (_environment.IsPackageAdd(invocation.TargetMethod))
            {
                _sockets.RecordPackageAdd(invocation);
                IArgumentOperation? sessionSocket = ArgumentNamed(invocation, PackageApi.Parameters.Socket);
                IArgumentOperation? destination = ArgumentNamed(invocation, PackageApi.Parameters.Destination);
                if (sessionSocket is not null && destination is not null && ConstantValues.IsNullOrZero(destination.Value))
                {
                    _sockets.RecordAddWithoutDestination(state, invocation, _symbols.SocketKeyOf(sessionSocket.Value));
                }
            }

            state = _sockets.Connections(state, invocation);
            if (onSession)
            {
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == PackageApi.Parameters.FlowId && argument.Parameter.RefKind == RefKind.None)
                    {
                        _flowIds.RecordSessionRead(state, invocation, argument.Value);
                    }
                }
            }

            if (IsSafeHandleBookkeeping(invocation))
            {
                return state;
            }

            if (IsWaitForCompletion(invocation.TargetMethod.Name))
            {
                state = Noting(state, _pending.Drain(state));
            }

            CalleeSummary? summary = _pass?.SummaryOf(invocation, _recognizer, _cancellationToken);
            if (summary is not null)
            {
                RecordResultsHandedToThrowingHelper(invocation, summary);
                return ApplySummary(state, invocation, summary);
            }

            // Whatever the callee receives, it may remove, cancel or overwrite.
            FlowState before = state;
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
            return reachesMembers ? Noting(state, MembersReached(state)) : state;
        }

        private static IArgumentOperation? ArgumentNamed(IInvocationOperation invocation, string name)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == name)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// A call of one of the program's own methods, by its summary: first what it does while the caller's
        /// state is untouched (uses of a closed handle, closes before any release), then its releases, then
        /// its later closes, then what it leaves in the members.
        /// </summary>
        private FlowState ApplySummary(FlowState state, IInvocationOperation call, CalleeSummary summary)
        {
            if (summary.RemovesFlows)
            {
                _handles.RecordRemoval();
            }

            foreach ((ISymbol key, string function) in summary.UsesWhileClosed)
            {
                if (Map(call, key, socket: false) is ISymbol handle && HandleObligationsFacet.ClosesOf(state, handle) is { IsEmpty: false } closes)
                {
                    _handles.RecordHelperUse(call, handle, function, closes);
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
                    state = _sockets.Close(state, call, socket);
                }
            }

            FlowState beforeReleases = state;
            if (summary.DrainsPending)
            {
                state = _pending.Drain(state);
            }

            foreach ((ISymbol key, ObligationKind kind) in summary.Releases)
            {
                if (Map(call, key, socket: false) is not ISymbol released)
                {
                    continue;
                }

                if (kind == ObligationKind.PendingOperation)
                {
                    state = PendingOperationsFacet.ReleaseAll(state, released);
                    continue;
                }

                if (kind == ObligationKind.Flow)
                {
                    state = ConfirmEarlyCloses(state, call, released, value: null);
                }

                state = HandleObligationsFacet.ReleaseAll(state, kind, released);
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
                    state = _sockets.Close(state, call, socket);
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
                    ImmutableHashSet<FlowIdSource> held = FlowIdProvenanceFacet.SourcesOf(state, key);
                    sources = sources.IsEmpty ? held : (FlowIdProvenanceFacet.Knows(state, key) ? held.Union(sources) : ImmutableHashSet<FlowIdSource>.Empty);
                }

                state = FlowIdProvenanceFacet.Set(state, key, sources);
                if (!member.KeepsIncomingClose)
                {
                    state = HandleObligationsFacet.SetClosedBy(state, key, member.MayBeClosed ? ImmutableHashSet.Create<IOperation>(call) : null);
                }
                else if (member.MayBeClosed)
                {
                    // Closed on some path, left as it was on another: either may hold after the call.
                    state = HandleObligationsFacet.SetClosedBy(state, key, HandleObligationsFacet.ClosesOf(state, key).Add(call));
                }
            }

            foreach (Obligation add in summary.Adds)
            {
                state = HandleObligationsFacet.Add(state, add);
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

        /// <summary>Overlapped calls passed straight to a helper that throws on FALSE without comparing the last error with 997.</summary>
        private void RecordResultsHandedToThrowingHelper(IInvocationOperation helper, CalleeSummary summary)
        {
            if (summary.ThrowsOnFailure.IsEmpty)
            {
                return;
            }

            foreach (IArgumentOperation argument in helper.Arguments)
            {
                // Only the call itself: a local holding its result may have been compared with 997 on the way.
                if (argument.Parameter is IParameterSymbol parameter && summary.ThrowsOnFailure.Contains(parameter.Ordinal)
                    && WithoutConversions(_symbols, argument.Value) is IInvocationOperation call)
                {
                    _pending.HandedToThrowingHelper(call, helper);
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

        /// <summary>A close of the handle: the handle facet records it and drops the flows and tracking, and its pending operations are aborted.</summary>
        private FlowState Close(FlowState state, IInvocationOperation close, ISymbol handle) =>
            PendingOperationsFacet.Aborted(_handles.Close(state, close, handle), handle);

        /// <summary>A removal of flows turns the earlier closes (of the handle, of the socket) this path made while such a flow of another member was outstanding into findings.</summary>
        private FlowState ConfirmEarlyCloses(FlowState state, IInvocationOperation removal, ISymbol? handle, ISymbol? value) =>
            _sockets.ConfirmEarlyCloses(_handles.ConfirmEarlyCloses(state, removal, handle, value), removal, handle, value);

        /// <summary>In a summary run, records which stand-ins for the caller's obligations a step released (not by a close).</summary>
        private FlowState Noting(FlowState before, FlowState after)
        {
            if (_probe is null)
            {
                return after;
            }

            NoteReleased(before.Handles.Obligations, after.Handles.Obligations);
            NoteReleased(before.Pending.Operations, after.Pending.Operations);
            return after;
        }

        private void NoteReleased(ObligationMap before, ObligationMap after)
        {
            if (ReferenceEquals(before, after))
            {
                return;
            }

            foreach (Obligation o in before.All())
            {
                if (o.IsIncoming && !after.For(o.Handle).Contains(o))
                {
                    (_summaryReleased ??= new HashSet<(ISymbol, ObligationKind)>(KeyKindComparer.Instance)).Add((o.Handle, o.Kind));
                }
            }
        }

        private sealed class KeyKindComparer : IEqualityComparer<(ISymbol Key, ObligationKind Kind)>
        {
            public static readonly KeyKindComparer Instance = new KeyKindComparer();

            public bool Equals((ISymbol Key, ObligationKind Kind) x, (ISymbol Key, ObligationKind Kind) y) => x.Kind == y.Kind && SymbolEqualityComparer.Default.Equals(x.Key, y.Key);

            public int GetHashCode((ISymbol Key, ObligationKind Kind) obj) => SymbolEqualityComparer.Default.GetHashCode(obj.Key) ^ (int)obj.Kind;
        }

        private FlowState VisitQwaveCall(FlowState state, QwaveCall call)
        {
            // A zero handle (IntPtr.Zero, default) is no storage: the call fails, and nothing is added to or closed on it.
            IOperation? handleArgument = call.ArgumentValue(ParameterRole.QosHandle);
            ISymbol? handle = ConstantValues.IsNullOrZero(handleArgument) ? null : _symbols.KeyOf(handleArgument);
            if (call.FunctionName != QwaveCatalog.QOSCreateHandle)
            {
                _handles.RecordUse(call.Invocation, HandleObligationsFacet.ClosesOf(state, handle));
            }

            switch (call.FunctionName)
            {
                case QwaveCatalog.QOSAddSocketToFlow:
                {
                    ISymbol? flowId = _symbols.KeyOf(call.ArgumentValue(ParameterRole.FlowId));
                    ISymbol? socket = _symbols.SocketKeyOf(call.ArgumentValue(ParameterRole.Socket));
                    bool joins = _flowIds.RecordAddInput(state, call, handle, socket);
                    state = InvalidateWrittenArguments(state, call, except: ParameterRole.FlowId);
                    IOperation? destination = call.ArgumentValue(ParameterRole.DestAddr);
                    if (destination is null || ConstantValues.IsNullOrZero(destination))
                    {
                        _sockets.RecordAddWithoutDestination(state, call.Invocation, socket);
                    }

                    if (flowId is not null)
                    {
                        state = FlowIdProvenanceFacet.Set(state, flowId, FlowIdProvenanceFacet.Written(call, handle, socket));
                    }

                    if (handle is null || joins)
                    {
                        return state;
                    }

                    if (TrackedSymbols.IsMember(handle))
                    {
                        _handles.RecordMemberAdd(call.Invocation, handle);
                    }

                    return HandleObligationsFacet.Add(state, new Obligation(ObligationKind.Flow, call.Invocation, call.FunctionName, handle, flowId, socket));
                }

                case QwaveCatalog.QOSRemoveSocketFromFlow:
                {
                    _handles.RecordRemoval();
                    ISymbol? flowId = _symbols.KeyOf(call.ArgumentValue(ParameterRole.FlowId));
                    state = _flowIds.MarkRemoved(state, flowId, call);
                    state = ConfirmEarlyCloses(state, call.Invocation, handle, flowId);
                    return Noting(state, HandleObligationsFacet.Release(state, ObligationKind.Flow, handle, flowId));
                }

                case QwaveCatalog.QOSStartTrackingClient:
                    state = InvalidateWrittenArguments(state, call, except: null);
                    return handle is null
                        ? state
                        : HandleObligationsFacet.Add(state, new Obligation(ObligationKind.Tracking, call.Invocation, call.FunctionName, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.DestAddr))));

                case QwaveCatalog.QOSStopTrackingClient:
                    _handles.RecordStopTracking();
                    return Noting(state, HandleObligationsFacet.Release(state, ObligationKind.Tracking, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.DestAddr))));

                case QwaveCatalog.QOSCancel:
                    return Noting(state, PendingOperationsFacet.Cancel(state, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.Overlapped))));

                case QwaveCatalog.QOSCloseHandle:
                    return handle is null ? state : Close(state, call.Invocation, handle);

                default:
                    if (call.FunctionName == QwaveCatalog.QOSQueryFlow || call.FunctionName == QwaveCatalog.QOSNotifyFlow)
                    {
                        _flowIds.RecordRead(state, call);
                    }

                    state = InvalidateWrittenArguments(state, call, except: null);
                    IArgumentOperation? overlapped = call.Function.StartsOverlappedOperation ? call.Argument(ParameterRole.Overlapped) : null;
                    if (handle is null || overlapped is null || ConstantValues.IsNullOrZero(overlapped.Value))
                    {
                        return state;
                    }

                    // QOSSetFlow, QOSQueryFlow, QOSNotifyFlow with an OVERLAPPED: pending until cancelled, drained or seen to complete.
                    return PendingOperationsFacet.Start(state, new Obligation(ObligationKind.PendingOperation, call.Invocation, call.FunctionName, handle, _symbols.KeyOf(overlapped.Value)));
            }
        }

        private FlowState VisitAssignment(FlowState state, ISimpleAssignmentOperation assignment)
        {
            ISymbol? target = _symbols.KeyOf(assignment.Target);
            if (target is null)
            {
                // Stored where the walk does not follow (an array element, an indexer, another object's member): like a
                // value handed to a call, whoever reads it there may remove what it names.
                return Escaped(state, _symbols.KeyOf(WithoutConversions(_symbols, assignment.Value)));
            }

            if (target is ILocalSymbol idLocal)
            {
                // A flow whose id this local held stays outstanding, but nothing can name it any more.
                state = HandleObligationsFacet.IdLost(state, idLocal);
            }

            state = Overwritten(state, target);
            IOperation? value = WithoutConversions(_symbols, assignment.Value);
            if (value is not null && _sockets.IsUnconnectedDatagramSocket(value))
            {
                state = SocketsFacet.Created(state, target, value);
            }

            if (value is IInvocationOperation sessionAdd && _environment.IsSessionMethod(sessionAdd.TargetMethod, PackageApi.Session.AddSocketToFlow))
            {
                // QosSession.AddSocketToFlow returns the new flow's id (it throws on failure); 'adaptive' decides the kind.
                FlowAdaptivity adaptivity = FlowAdaptivity.Unknown;
                if (ArgumentNamed(sessionAdd, PackageApi.Parameters.Adaptive)?.Value.ConstantValue is { HasValue: true, Value: bool adaptive })
                {
                    adaptivity = adaptive ? FlowAdaptivity.Adaptive : FlowAdaptivity.NonAdaptive;
                }

                ISymbol? session = sessionAdd.Instance is null ? null : _symbols.KeyOf(sessionAdd.Instance);
                return FlowIdProvenanceFacet.Set(state, target, new FlowIdSource(FlowIdSourceKind.FromAdd, sessionAdd, adaptivity, session));
            }

            if (ConstantValues.TryGetInteger(value, out ulong constant) && value is not null && FlowIdProvenanceFacet.IsInteger(assignment.Target.Type))
            {
                state = FlowIdProvenanceFacet.Set(state, target, new FlowIdSource(constant == 0 ? FlowIdSourceKind.Zero : FlowIdSourceKind.NonZeroConstant, assignment));
            }
            else if (_skipsLocalsInit && assignment.Target.Type is IPointerTypeSymbol && value?.Syntax is StackAllocArrayCreationExpressionSyntax { Initializer: null })
            {
                state = FlowIdProvenanceFacet.Set(state, target, new FlowIdSource(FlowIdSourceKind.Uninitialized, value));
            }
            else if (_symbols.KeyOf(value) is ISymbol copied && !SymbolEqualityComparer.Default.Equals(copied, target) && value is not IAddressOfOperation)
            {
                // A copy carries what is known about the value: where the id came from, whether the handle is closed.
                state = FlowIdProvenanceFacet.Set(state, target, FlowIdProvenanceFacet.SourcesOf(state, copied));
                state = HandleObligationsFacet.SetClosedBy(state, target, HandleObligationsFacet.ClosesOf(state, copied));
            }

            if (target is ILocalSymbol local)
            {
                // 'bool ok = Call(...)' (or a copy of such a local) records the call's success.
                if (value is IInvocationOperation invocation && _recognizer.TryGetCall(invocation, out QwaveCall call) && call.Method.ReturnsBool)
                {
                    return CallResultsFacet.Set(state, local, ImmutableHashSet.Create(invocation));
                }

                if (value is ILocalReferenceOperation copy && CallResultsFacet.TryGet(state, copy.Local, out ImmutableHashSet<IInvocationOperation> calls))
                {
                    return CallResultsFacet.Set(state, local, calls);
                }
            }

            return state;
        }

        /// <summary>Stackalloc memory stops counting as uninitialized once the pointer is used for anything but the FlowId of an add (e.g. <c>*p = 0</c>).</summary>
        private FlowState VisitLocalReference(FlowState state, ILocalReferenceOperation reference)
        {
            if (reference.Local.Type is not IPointerTypeSymbol || !FlowIdProvenanceFacet.Knows(state, reference.Local))
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

            return FlowIdProvenanceFacet.Initialized(state, reference.Local);
        }

        private FlowState InvalidateWrittenArguments(FlowState state, QwaveCall call, ParameterRole? except)
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
        /// GetQueuedCompletionStatus(Ex): the method waits for completions, which the walk cannot
        /// relate to a particular OVERLAPPED, so every pending operation is taken as drained.
        /// </summary>
        private static bool IsWaitForCompletion(string name) =>
            name.StartsWith("Wait", System.StringComparison.Ordinal)
            || name.StartsWith("GetOverlappedResult", System.StringComparison.Ordinal)
            || name.StartsWith("GetQueuedCompletionStatus", System.StringComparison.Ordinal);

        /// <summary>Unseen code received the storage's value: each facet forgets what it may remove, cancel or close (the value itself is unchanged).</summary>
        private FlowState Escaped(FlowState state, ISymbol? key)
        {
            if (key is null)
            {
                return state;
            }

            foreach (FlowFacet facet in _facets)
            {
                state = facet.Escaped(state, key);
            }

            return state;
        }

        /// <summary>The storage now holds something else: each facet forgets everything it knew about it.</summary>
        private FlowState Overwritten(FlowState state, ISymbol? key)
        {
            if (key is null)
            {
                return state;
            }

            foreach (FlowFacet facet in _facets)
            {
                state = facet.Overwritten(state, key);
            }

            return state;
        }

        private FlowState MembersReached(FlowState state)
        {
            foreach (FlowFacet facet in _facets)
            {
                state = facet.MembersReached(state);
            }

            return state;
        }

        /// <summary>Dispose() or Close() of a SafeHandle: releases (closes) the handle it owns.</summary>
        private bool IsRelease(IInvocationOperation invocation) =>
            invocation.Arguments.IsEmpty
            && (invocation.TargetMethod.Name == "Dispose" || invocation.TargetMethod.Name == "Close")
            && _environment.IsSafeHandle(WithoutConversions(_symbols, invocation.Instance)?.Type);

        /// <summary>The operation without flow-capture wrappers and conversions.</summary>
        internal static IOperation? WithoutConversions(TrackedSymbols symbols, IOperation? operation)
        {
            operation = symbols.Unwrap(operation);
            while (operation is IConversionOperation conversion)
            {
                operation = symbols.Unwrap(conversion.Operand);
            }

            return operation;
        }

        private bool IsSafeHandleBookkeeping(IInvocationOperation invocation) =>
            invocation.TargetMethod.Name.StartsWith("Dangerous", System.StringComparison.Ordinal) && _environment.IsSafeHandle(invocation.TargetMethod.ContainingType);
    }
}
