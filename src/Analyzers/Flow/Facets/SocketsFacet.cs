using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Flow.Facets
{
    /// <summary>
    /// Sockets: per socket storage, the datagram sockets created here that no path has connected since, the closes that
    /// may have closed the socket, and the socket closes made while a flow another member added with that socket was
    /// outstanding. Records every socket close with the flows added with that socket that may not have been removed there,
    /// every add given no destination for a socket that may be unconnected, and every removal through this package's API
    /// of a socket some path already closed.
    /// </summary>
    internal sealed class SocketsFacet : FlowFacet
    {
        private readonly TrackedSymbols _symbols;
        private readonly FlowEnvironment _environment;
        private readonly bool _summarizing;
        private Dictionary<IInvocationOperation, ImmutableHashSet<Obligation>>? _socketCloses;
        private Dictionary<IInvocationOperation, ImmutableHashSet<IOperation>>? _unconnectedAdds;
        private HashSet<IInvocationOperation>? _packageAdds;
        private List<(EarlyClose Close, IInvocationOperation Removal)>? _earlyCloses;
        private List<(ISymbol Socket, bool BeforeReleases)>? _summarySocketCloses;
        private Dictionary<IInvocationOperation, (ISymbol Socket, ImmutableHashSet<IOperation> Closes)>? _removalsAfterClose;

        public SocketsFacet(TrackedSymbols symbols, FlowEnvironment environment, bool summarizing)
        {
            _symbols = symbols;
            _environment = environment;
            _summarizing = summarizing;
        }

        public override string Name => "sockets";

        /// <summary>Closes of a socket reached while a flow added with that socket may not have been removed.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<Obligation>> SocketCloses => Read(_socketCloses);

        /// <summary>Adds with a null destination (QOSAddSocketToFlow's DestAddr, the package's <c>destination</c>) for a socket some path created here as an unconnected datagram socket, with those creations.</summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>> UnconnectedAdds => Read(_unconnectedAdds);

        /// <summary>Calls of this package's API that add a socket with a destination: QosSession's AddSocketToFlow, TryAddSocketToFlow, AddSocketToExistingFlow, and the generated Add/TryAdd of a [QosFlow] class.</summary>
        public IReadOnlyCollection<IInvocationOperation> PackageAdds => (IReadOnlyCollection<IInvocationOperation>?)_packageAdds ?? System.Array.Empty<IInvocationOperation>();

        /// <summary>Closes of a socket reached while a flow another member added with it was outstanding, each with the removal of that flow the same path makes afterwards.</summary>
        public IReadOnlyList<(EarlyClose Close, IInvocationOperation Removal)> EarlyCloses => Read(_earlyCloses);

        /// <summary>
        /// Calls of this package's API that take a socket out of a flow (QosSession.RemoveSocketFromFlow, a generated
        /// RemoveSocket) reached after some path closed that socket, with its storage and those closes: the call throws.
        /// </summary>
        public IReadOnlyDictionary<IInvocationOperation, (ISymbol Socket, ImmutableHashSet<IOperation> Closes)> RemovalsAfterClose => Read(_removalsAfterClose);

        /// <summary>In a summary run: each socket close, and whether stand-in flows were still outstanding there.</summary>
        public IReadOnlyList<(ISymbol Socket, bool BeforeReleases)> SummarySocketCloses => Read(_summarySocketCloses);

        /// <summary>The storage now holds a new datagram socket that is not connected.</summary>
        public static FlowState Created(FlowState state, ISymbol socket, IOperation creation) =>
            state.With(state.Sockets.WithUnconnected(StorageSets<IOperation>.Set(state.Sockets.Unconnected, socket, ImmutableHashSet.Create(creation))));

        /// <summary>An add given no destination: records the unconnected datagram sockets the socket's storage may hold.</summary>
        public void RecordAddWithoutDestination(FlowState state, IInvocationOperation add, ISymbol? socket) =>
            Accumulate(ref _unconnectedAdds, add, StorageSets<IOperation>.Get(state.Sockets.Unconnected, socket));

        public void RecordPackageAdd(IInvocationOperation add) => (_packageAdds ??= new HashSet<IInvocationOperation>()).Add(add);

        /// <summary>Connect*/BeginConnect* on a socket connects it; a socket handed to other code may be connected there.</summary>
        public FlowState Connections(FlowState state, IInvocationOperation invocation)
        {
            if (state.Sockets.Unconnected.IsEmpty)
            {
                return state;
            }

            if (invocation.Instance is IOperation instance
                && (invocation.TargetMethod.Name.StartsWith("Connect", System.StringComparison.Ordinal) || invocation.TargetMethod.Name.StartsWith("BeginConnect", System.StringComparison.Ordinal))
                && _symbols.SocketKeyOf(instance) is ISymbol connected)
            {
                state = Connected(state, connected);
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (_symbols.SocketKeyOf(argument.Value) is ISymbol handed)
                {
                    state = Connected(state, handed);
                }
            }

            return state;
        }

        /// <summary>
        /// A close of the socket: records the flows added with it that may still be in place, remembers those another member
        /// added (judged only if this path then removes them), and in a summary run whether the caller's flows were still
        /// outstanding.
        /// </summary>
        public FlowState Close(FlowState state, IInvocationOperation close, ISymbol socket)
        {
            ImmutableHashSet<Obligation> open = ImmutableHashSet<Obligation>.Empty;
            ImmutableHashSet<EarlyClose> early = state.Sockets.ClosedEarly;
            bool incomingOutstanding = false;
            foreach (Obligation o in state.Handles.Obligations.All())
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

            if (_summarizing)
            {
                (_summarySocketCloses ??= new List<(ISymbol, bool)>()).Add((socket, incomingOutstanding));
            }

            Accumulate(ref _socketCloses, close, open);
            SocketState sockets = state.Sockets.WithClosedEarly(early);
            return state.With(sockets.WithClosedBy(StorageSets<IOperation>.Set(sockets.ClosedBy, socket, StorageSets<IOperation>.Get(sockets.ClosedBy, socket).Add(close))));
        }

        /// <summary>A removal through this package's API of the socket in <paramref name="socket"/>: recorded when some path closed that socket already.</summary>
        public void RecordPackageRemoval(FlowState state, IInvocationOperation removal, ISymbol socket)
        {
            ImmutableHashSet<IOperation> closes = StorageSets<IOperation>.Get(state.Sockets.ClosedBy, socket);
            if (!closes.IsEmpty)
            {
                (_removalsAfterClose ??= new Dictionary<IInvocationOperation, (ISymbol, ImmutableHashSet<IOperation>)>())[removal] =
                    _removalsAfterClose.TryGetValue(removal, out (ISymbol Socket, ImmutableHashSet<IOperation> Closes) known) ? (socket, known.Closes.Union(closes)) : (socket, closes);
            }
        }

        /// <summary>A removal of flows on <paramref name="handle"/> (or of the flow <paramref name="value"/> names) confirms the early socket closes of such a flow on this path.</summary>
        public FlowState ConfirmEarlyCloses(FlowState state, IInvocationOperation removal, ISymbol? handle, ISymbol? value) =>
            state.With(state.Sockets.WithClosedEarly(EarlyClose.Confirm(state.Sockets.ClosedEarly, removal, handle, value, ref _earlyCloses)));

        /// <summary>Socket/UdpClient/TcpClient Close() or Dispose() (a using's end included), or closesocket(s) from ws2_32: the socket's storage.</summary>
        public bool TryGetClosedSocket(IInvocationOperation invocation, out ISymbol socket)
        {
            socket = null!;
            IMethodSymbol method = invocation.TargetMethod;
            ISymbol? key = null;
            if ((method.Name == "Close" || method.Name == "Dispose") && invocation.Instance is IOperation instance
                && _environment.IsSocketOwner(FlowWalk.WithoutConversions(_symbols, instance)?.Type))
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

        /// <summary><c>new Socket(..., SocketType.Dgram, ...)</c>, or a UdpClient constructor that does not connect (any but the host-name one).</summary>
        public bool IsUnconnectedDatagramSocket(IOperation? value)
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

        public override FlowState Overwritten(FlowState state, ISymbol key)
        {
            SocketState sockets = state.Sockets;
            return state.With(sockets
                .WithUnconnected(StorageSets<IOperation>.Set(sockets.Unconnected, key, null))
                .WithClosedEarly(EarlyClose.Overwritten(sockets.ClosedEarly, key))
                .WithClosedBy(StorageSets<IOperation>.Set(sockets.ClosedBy, key, null)));
        }

        public override FlowState FlowIdIsZero(FlowState state, ISymbol id, IOperation condition) =>
            state.With(state.Sockets.WithClosedEarly(EarlyClose.WithoutFlowsIn(state.Sockets.ClosedEarly, id)));

        private static FlowState Connected(FlowState state, ISymbol socket) =>
            state.With(state.Sockets.WithUnconnected(StorageSets<IOperation>.Set(state.Sockets.Unconnected, socket, null)));
    }

    /// <summary>The state of <see cref="SocketsFacet"/>.</summary>
    internal sealed class SocketState
    {
        public static readonly SocketState Empty = new SocketState(StorageSets<IOperation>.Empty, ImmutableHashSet<EarlyClose>.Empty, StorageSets<IOperation>.Empty);

        private SocketState(ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> unconnected, ImmutableHashSet<EarlyClose> closedEarly, ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> closedBy)
        {
            Unconnected = unconnected;
            ClosedEarly = closedEarly;
            ClosedBy = closedBy;
        }

        /// <summary>Per socket storage: the creations of a datagram socket it may hold that no path has connected since.</summary>
        public ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> Unconnected { get; }

        /// <summary>Socket closes reached while a flow another member of the type added with that socket was outstanding.</summary>
        public ImmutableHashSet<EarlyClose> ClosedEarly { get; }

        /// <summary>Per socket storage: the closes that may have closed the socket it holds.</summary>
        public ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> ClosedBy { get; }

        public SocketState WithUnconnected(ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> unconnected) =>
            ReferenceEquals(unconnected, Unconnected) ? this : new SocketState(unconnected, ClosedEarly, ClosedBy);

        public SocketState WithClosedEarly(ImmutableHashSet<EarlyClose> closedEarly) =>
            ReferenceEquals(closedEarly, ClosedEarly) ? this : new SocketState(Unconnected, closedEarly, ClosedBy);

        public SocketState WithClosedBy(ImmutableDictionary<ISymbol, ImmutableHashSet<IOperation>> closedBy) =>
            ReferenceEquals(closedBy, ClosedBy) ? this : new SocketState(Unconnected, ClosedEarly, closedBy);

        public SocketState Join(SocketState other)
        {
            if (ReferenceEquals(this, other))
            {
                return this;
            }

            return WithUnconnected(StorageSets<IOperation>.Union(Unconnected, other.Unconnected))
                .WithClosedEarly(other.ClosedEarly.IsEmpty ? ClosedEarly : ClosedEarly.Union(other.ClosedEarly))
                .WithClosedBy(StorageSets<IOperation>.Union(ClosedBy, other.ClosedBy));
        }

        public bool SameAs(SocketState other) =>
            ReferenceEquals(this, other)
            || (StorageSets<IOperation>.Same(Unconnected, other.Unconnected) && ClosedEarly.SetEquals(other.ClosedEarly) && StorageSets<IOperation>.Same(ClosedBy, other.ClosedBy));
    }
}
