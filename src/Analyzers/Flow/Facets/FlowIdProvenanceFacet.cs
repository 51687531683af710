using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Flow.Facets
{
    /// <summary>
    /// Flow-id provenance: per flow-id storage, where the value it may hold came from (0, a nonzero constant, an add and
    /// which flow kind it made, a flow since removed, stack garbage under [SkipLocalsInit], an earlier call of the member).
    /// Records, for each QOSAddSocketToFlow, QOSQueryFlow and QOSNotifyFlow and each QosSession member that takes a flow
    /// id, where the id it was given may have come from.
    /// </summary>
    internal sealed class FlowIdProvenanceFacet : FlowFacet
    {
        private readonly TrackedSymbols _symbols;
        private readonly IMethodSymbol? _owningMethod;
        private Dictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>>? _inputs;
        private Dictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>>? _sessionInputs;

        public FlowIdProvenanceFacet(TrackedSymbols symbols, IMethodSymbol? owningMethod)
        {
            _symbols = symbols;
            _owningMethod = owningMethod;
        }

        public override string Name => "flow-id provenance";

        /// <summary>For each QOSAddSocketToFlow, QOSQueryFlow and QOSNotifyFlow: where the FlowId it was given may have come from.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>> FlowIdInputs => Read(_inputs);

        /// <summary>For QosSession members that take a flow id: where the id passed may have come from.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>> SessionFlowIdInputs => Read(_sessionInputs);

        public static ImmutableHashSet<FlowIdSource> SourcesOf(FlowState state, ISymbol? flowId) => StorageSets<FlowIdSource>.Get(state.FlowIds.Sources, flowId);

        public static bool Knows(FlowState state, ISymbol flowId) => state.FlowIds.Sources.ContainsKey(flowId);

        /// <summary>Sets what the storage may hold (null: nothing known).</summary>
        public static FlowState Set(FlowState state, ISymbol flowId, ImmutableHashSet<FlowIdSource>? sources) =>
            state.With(state.FlowIds.With(StorageSets<FlowIdSource>.Set(state.FlowIds.Sources, flowId, sources)));

        public static FlowState Set(FlowState state, ISymbol flowId, FlowIdSource source) => Set(state, flowId, ImmutableHashSet.Create(source));

        /// <summary>QOSQueryFlow or QOSNotifyFlow: records where the id it reads may have come from.</summary>
        public void RecordRead(FlowState state, QwaveCall call) =>
            Accumulate(ref _inputs, call.Invocation, SourcesOf(state, _symbols.KeyOf(call.ArgumentValue(ParameterRole.FlowId))));

        /// <summary>A QosSession member given a flow id by value: records where it may have come from.</summary>
        public void RecordSessionRead(FlowState state, IInvocationOperation call, IOperation flowId) => Accumulate(ref _sessionInputs, call, SourcesOf(state, _symbols.KeyOf(flowId)));

        /// <summary>
        /// QOSAddSocketToFlow reads its FlowId: records where it may have come from, and says whether the add joins an existing
        /// flow (the id only ever came from an earlier add, or is a nonzero constant) rather than creating one.
        /// </summary>
        public bool RecordAddInput(FlowState state, QwaveCall add, ISymbol? handle, ISymbol? socket)
        {
            IOperation? argument = add.ArgumentValue(ParameterRole.FlowId);
            ImmutableHashSet<FlowIdSource> inputs = InputSources(state, _symbols.KeyOf(argument), argument);
            bool perCall = TakesPerCallInput(add, socket);
            foreach (FlowIdSource earlier in FilterKind(inputs, FlowIdSourceKind.EarlierCall))
            {
                // What this very add wrote on an earlier call of the member (nothing resets the member in between).
                // Counted only where the member exists to be called again: for a socket or destination it is given.
                inputs = inputs.Remove(earlier);
                if (perCall)
                {
                    inputs = inputs.Add(new FlowIdSource(FlowIdSourceKind.FromAdd, add.Invocation, AdaptivityOf(add), handle, socket, inherited: true));
                }
            }

            Accumulate(ref _inputs, add.Invocation, inputs);

            // An id that only ever came from an earlier add joins that flow: the flow's obligation is the earlier add's,
            // released with it (had that add failed, the id would be 0: stay silent then too). A nonzero constant joins
            // whatever flow has that id, or fails: it creates none either.
            if (inputs.IsEmpty)
            {
                return false;
            }

            foreach (FlowIdSource source in inputs)
            {
                if (!((source.Kind == FlowIdSourceKind.FromAdd && !source.Inherited) || source.Kind == FlowIdSourceKind.NonZeroConstant))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The id a QOSAddSocketToFlow writes: the flow it created or joined.</summary>
        public static FlowIdSource Written(QwaveCall add, ISymbol? handle, ISymbol? socket) => new FlowIdSource(FlowIdSourceKind.FromAdd, add.Invocation, AdaptivityOf(add), handle, socket);

        /// <summary>
        /// After QOSRemoveSocketFromFlow, an id from an add names a destroyed flow when the whole flow was removed: Socket 0,
        /// an adaptive flow (one socket only), or the very socket the add attached.
        /// </summary>
        public FlowState MarkRemoved(FlowState state, ISymbol? flowId, QwaveCall remove)
        {
            ImmutableHashSet<FlowIdSource> sources = SourcesOf(state, flowId);
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

            return Set(state, flowId, updated);
        }

        /// <summary>
        /// <c>id == 0</c>, <c>id != 0</c>, <c>0 == id</c> (or <c>id &gt; 0</c>) for a flow-id storage whose value is followed (or
        /// that names an outstanding flow): the storage, and whether the id is 0 on the edge taken.
        /// </summary>
        public bool ComparedWithZero(FlowState state, IOperation condition, bool value, out ISymbol? key, out bool isZero)
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

            if (other is null || !IsInteger(FlowWalk.WithoutConversions(_symbols, other)?.Type) || _symbols.KeyOf(other) is not ISymbol id)
            {
                return false;
            }

            if (!Knows(state, id) && !HandleObligationsFacet.HoldsFlow(state, id))
            {
                return false;
            }

            key = id;
            isZero = value == zeroOnTrue;
            return true;
        }

        /// <summary>Where the id is known not to be 0, it is not the 0 it may have been assigned.</summary>
        public static FlowState NotZero(FlowState state, ISymbol id)
        {
            ImmutableHashSet<FlowIdSource> sources = SourcesOf(state, id);
            return Set(state, id, sources.Except(FilterKind(sources, FlowIdSourceKind.Zero)));
        }

        /// <summary>Stack memory stops counting as uninitialized once it is written or read for anything but an add's FlowId.</summary>
        public static FlowState Initialized(FlowState state, ISymbol storage)
        {
            ImmutableHashSet<FlowIdSource> sources = SourcesOf(state, storage);
            return Set(state, storage, sources.Except(FilterKind(sources, FlowIdSourceKind.Uninitialized)));
        }

        public override FlowState Overwritten(FlowState state, ISymbol key) => Set(state, key, (ImmutableHashSet<FlowIdSource>?)null);

        public override FlowState MembersReached(FlowState state) => state.With(state.FlowIds.With(StorageSets<FlowIdSource>.RemoveKeys(state.FlowIds.Sources, TrackedSymbols.IsMember)));

        /// <summary>A failed add wrote no id: what the storage held before it is no longer known here.</summary>
        public override FlowState Failed(FlowState state, ImmutableHashSet<IInvocationOperation> calls, SyntaxNode? handler)
        {
            foreach (KeyValuePair<ISymbol, ImmutableHashSet<FlowIdSource>> pair in state.FlowIds.Sources)
            {
                foreach (FlowIdSource source in pair.Value)
                {
                    if (source.Kind == FlowIdSourceKind.FromAdd && source.Add is IInvocationOperation add && calls.Contains(add))
                    {
                        state = Set(state, pair.Key, (ImmutableHashSet<FlowIdSource>?)null);
                        break;
                    }
                }
            }

            return state;
        }

        public override FlowState FlowIdIsZero(FlowState state, ISymbol id, IOperation condition) => Set(state, id, new FlowIdSource(FlowIdSourceKind.Zero, condition));

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
        private static ImmutableHashSet<FlowIdSource> InputSources(FlowState state, ISymbol? flowId, IOperation? argument)
        {
            ImmutableHashSet<FlowIdSource> sources = SourcesOf(state, flowId);
            if (sources.IsEmpty || IsPointerForm(argument))
            {
                return sources;
            }

            return sources.Except(FilterKind(sources, FlowIdSourceKind.Uninitialized));
        }

        private static List<FlowIdSource> FilterKind(ImmutableHashSet<FlowIdSource> sources, FlowIdSourceKind kind)
        {
            var found = new List<FlowIdSource>();
            foreach (FlowIdSource s in sources)
            {
                if (s.Kind == kind)
                {
                    found.Add(s);
                }
            }

            return found;
        }

        private static bool IsPointerForm(IOperation? argument)
        {
            while (argument is IConversionOperation conversion)
            {
                argument = conversion.Operand;
            }

            return argument is IAddressOfOperation || argument?.Type is IPointerTypeSymbol;
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

        private static bool IsIntegerZero(IOperation operation) =>
            operation.ConstantValue.HasValue && operation.ConstantValue.Value is not bool && ConstantValues.TryGetInteger(operation, out ulong v) && v == 0;

        /// <summary>The integer types a flow id is kept in.</summary>
        public static bool IsInteger(ITypeSymbol? type)
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
    }

    /// <summary>The state of <see cref="FlowIdProvenanceFacet"/>: per flow-id storage, where its value may have come from (absent: nothing known).</summary>
    internal sealed class FlowIdState
    {
        public static readonly FlowIdState Empty = new FlowIdState(StorageSets<FlowIdSource>.Empty);

        private FlowIdState(ImmutableDictionary<ISymbol, ImmutableHashSet<FlowIdSource>> sources) => Sources = sources;

        public ImmutableDictionary<ISymbol, ImmutableHashSet<FlowIdSource>> Sources { get; }

        public FlowIdState With(ImmutableDictionary<ISymbol, ImmutableHashSet<FlowIdSource>> sources) => ReferenceEquals(sources, Sources) ? this : new FlowIdState(sources);

        public FlowIdState Join(FlowIdState other) => ReferenceEquals(this, other) ? this : With(StorageSets<FlowIdSource>.Union(Sources, other.Sources));

        public bool SameAs(FlowIdState other) => ReferenceEquals(this, other) || StorageSets<FlowIdSource>.Same(Sources, other.Sources);
    }
}
