using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>What must happen on a QOS handle before it is closed.</summary>
    internal enum ObligationKind
    {
        /// <summary>A flow added by QOSAddSocketToFlow: QOSRemoveSocketFromFlow it.</summary>
        Flow,

        /// <summary>An overlapped QOSSetFlow/QOSQueryFlow/QOSNotifyFlow: QOSCancel it and let it complete.</summary>
        PendingOperation,

        /// <summary>QOSStartTrackingClient: QOSStopTrackingClient it, or close the handle (which stops it).</summary>
        Tracking,
    }

    /// <summary>Where an obligation was created, relative to the method analyzed.</summary>
    internal enum ObligationScope
    {
        /// <summary>By a call in this method (or in a helper it calls).</summary>
        Method,

        /// <summary>By another member of the type, into members: outstanding whenever this member runs.</summary>
        Type,

        /// <summary>Stand-in for the caller's obligations while a callee is summarized.</summary>
        Caller,
    }

    /// <summary>One outstanding obligation, identified by the call that created it.</summary>
    internal sealed class Obligation
    {
        public Obligation(ObligationKind kind, IInvocationOperation origin, string function, ISymbol handle, ISymbol? value, ISymbol? socket = null, ILocalSymbol? lostId = null, ObligationScope scope = ObligationScope.Method)
        {
            Scope = scope;
            Kind = kind;
            _hash = (origin.GetHashCode() * 397) ^ (int)kind;
            Origin = origin;
            Function = function;
            Handle = handle;
            Value = value;
            Socket = socket;
            LostId = lostId;
        }

        private readonly int _hash;

        public ObligationKind Kind { get; }

        /// <summary>Where the obligation comes from: this method, another member of the type, or (in a callee summary) the caller.</summary>
        public ObligationScope Scope { get; }

        /// <summary>Added by another member of the type: judged only when this method removes it after closing.</summary>
        public bool IsInherited => Scope == ObligationScope.Type;

        /// <summary>A stand-in, while a callee is summarized, for whatever the caller may have outstanding on that storage.</summary>
        public bool IsIncoming => Scope == ObligationScope.Caller;

        /// <summary>The qWAVE call that created the obligation.</summary>
        public IInvocationOperation Origin { get; }

        public string Function { get; }

        /// <summary>The storage holding the QOS handle.</summary>
        public ISymbol Handle { get; }

        /// <summary>The storage holding the flow id (Flow), the OVERLAPPED (PendingOperation) or the client address (Tracking), when known.</summary>
        public ISymbol? Value { get; }

        /// <summary>For a flow: the storage holding the socket that was added, when known.</summary>
        public ISymbol? Socket { get; }

        /// <summary>For a flow: the local that held its id until it was overwritten while the flow was outstanding; nothing can name the flow any more.</summary>
        public ILocalSymbol? LostId { get; }

        /// <summary>The same obligation once the socket's storage holds another socket.</summary>
        public Obligation WithoutSocket() => new Obligation(Kind, Origin, Function, Handle, Value, socket: null, LostId, Scope);

        /// <summary>The same flow once <paramref name="id"/>, the local holding its id, is overwritten.</summary>
        public Obligation AsLost(ILocalSymbol id) => new Obligation(Kind, Origin, Function, Handle, value: null, Socket, id, Scope);

        /// <summary>The same obligation held in the caller's storage, as another member of the type left it.</summary>
        public Obligation Rebased(ISymbol handle, ISymbol? value, ISymbol? socket, ObligationScope scope) => new Obligation(Kind, Origin, Function, handle, value, socket, lostId: null, scope);

        public override bool Equals(object? obj) =>
            obj is Obligation o && o.Kind == Kind && o.Scope == Scope && ReferenceEquals(o.Origin, Origin) && SymbolEqualityComparer.Default.Equals(o.Socket, Socket)
            && SymbolEqualityComparer.Default.Equals(o.LostId, LostId) && SymbolEqualityComparer.Default.Equals(o.Handle, Handle);

        public override int GetHashCode() => _hash;
    }

    /// <summary>Per handle storage, the obligations that may be outstanding on it (a may-set per storage; join is union).</summary>
    internal sealed class ObligationMap
    {
        public static readonly ObligationMap Empty = new ObligationMap(StorageSets<Obligation>.Empty);

        private ObligationMap(ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle) => ByHandle = byHandle;

        public ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> ByHandle { get; }

        public bool IsEmpty => ByHandle.IsEmpty;

        public ImmutableHashSet<Obligation> For(ISymbol handle) =>
            ByHandle.TryGetValue(handle, out ImmutableHashSet<Obligation>? set) ? set : ImmutableHashSet<Obligation>.Empty;

        public ObligationMap Add(Obligation obligation) => With(ByHandle.SetItem(obligation.Handle, For(obligation.Handle).Add(obligation)));

        /// <summary>Removes every obligation (of any handle) that satisfies <paramref name="predicate"/>.</summary>
        public ObligationMap RemoveWhere(System.Func<Obligation, bool> predicate)
        {
            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle = ByHandle;
            foreach (KeyValuePair<ISymbol, ImmutableHashSet<Obligation>> pair in ByHandle)
            {
                ImmutableHashSet<Obligation> kept = pair.Value;
                foreach (Obligation o in pair.Value)
                {
                    if (predicate(o))
                    {
                        kept = kept.Remove(o);
                    }
                }

                if (!ReferenceEquals(kept, pair.Value))
                {
                    byHandle = kept.IsEmpty ? byHandle.Remove(pair.Key) : byHandle.SetItem(pair.Key, kept);
                }
            }

            return With(byHandle);
        }

        /// <summary>Replaces every obligation by <paramref name="selector"/>'s result (null: drop it).</summary>
        public ObligationMap Select(System.Func<Obligation, Obligation?> selector)
        {
            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle = ByHandle;
            foreach (KeyValuePair<ISymbol, ImmutableHashSet<Obligation>> pair in ByHandle)
            {
                ImmutableHashSet<Obligation> kept = pair.Value;
                foreach (Obligation o in pair.Value)
                {
                    Obligation? replacement = selector(o);
                    if (!ReferenceEquals(replacement, o))
                    {
                        kept = kept.Remove(o);
                        if (replacement is not null)
                        {
                            kept = kept.Add(replacement);
                        }
                    }
                }

                if (!ReferenceEquals(kept, pair.Value))
                {
                    byHandle = kept.IsEmpty ? byHandle.Remove(pair.Key) : byHandle.SetItem(pair.Key, kept);
                }
            }

            return With(byHandle);
        }

        /// <summary>Every obligation, of every handle.</summary>
        public IEnumerable<Obligation> All()
        {
            foreach (ImmutableHashSet<Obligation> obligations in ByHandle.Values)
            {
                foreach (Obligation o in obligations)
                {
                    yield return o;
                }
            }
        }

        /// <summary>Removes the obligations on the storage, or whose value is in it: unseen code was given it.</summary>
        public ObligationMap Escaped(ISymbol key) =>
            IsEmpty ? this : RemoveWhere(o => SymbolEqualityComparer.Default.Equals(o.Handle, key) || SymbolEqualityComparer.Default.Equals(o.Value, key));

        /// <summary>Removes the obligations on members or whose value is a member: a call may reach them through <c>this</c>.</summary>
        public ObligationMap WithoutMembers() =>
            IsEmpty ? this : RemoveWhere(o => TrackedSymbols.IsMember(o.Handle) || (o.Value is not null && TrackedSymbols.IsMember(o.Value)));

        /// <summary>
        /// Removes the obligations a remove or cancel may satisfy: the matching one when both sides are known, else every one
        /// of that kind on the handle (or on any handle).
        /// </summary>
        public ObligationMap Release(ObligationKind kind, ISymbol? handle, ISymbol? value)
        {
            bool exact = false;
            if (handle is not null && value is not null)
            {
                foreach (Obligation o in For(handle))
                {
                    if (o.Kind == kind && SymbolEqualityComparer.Default.Equals(o.Value, value))
                    {
                        exact = true;
                        break;
                    }
                }
            }

            return RemoveWhere(o =>
                o.Kind == kind
                && (handle is null || SymbolEqualityComparer.Default.Equals(o.Handle, handle))
                && (!exact || SymbolEqualityComparer.Default.Equals(o.Value, value)));
        }

        public ObligationMap Union(ObligationMap other) => With(StorageSets<Obligation>.Union(ByHandle, other.ByHandle));

        public bool SameAs(ObligationMap other) => StorageSets<Obligation>.Same(ByHandle, other.ByHandle);

        private ObligationMap With(ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle) =>
            ReferenceEquals(byHandle, ByHandle) ? this : new ObligationMap(byHandle);
    }

    /// <summary>An overlapped call on the path where its FALSE result is being handled, with the statement handling it.</summary>
    internal sealed class UncheckedFailure
    {
        public UncheckedFailure(IInvocationOperation call, SyntaxNode handler)
        {
            Call = call;
            Handler = handler;
        }

        public IInvocationOperation Call { get; }

        /// <summary>The if statement (or conditional) whose condition tested the result.</summary>
        public SyntaxNode Handler { get; }

        public override bool Equals(object? obj) => obj is UncheckedFailure o && ReferenceEquals(o.Call, Call) && o.Handler == Handler;

        public override int GetHashCode() => Call.GetHashCode() ^ Handler.GetHashCode();
    }

    /// <summary>A close reached while a flow added by another member of the type was outstanding: of its handle, or (with <see cref="Socket"/>) of its socket.</summary>
    internal sealed class EarlyClose
    {
        public EarlyClose(IInvocationOperation close, Obligation flow, ISymbol? socket)
        {
            Close = close;
            Flow = flow;
            Socket = socket;
        }

        /// <summary>The close, or the call of the helper that closes.</summary>
        public IInvocationOperation Close { get; }

        public Obligation Flow { get; }

        /// <summary>For a socket close: the socket's storage; null for a close of the handle.</summary>
        public ISymbol? Socket { get; }

        /// <summary>
        /// A removal of flows on <paramref name="handle"/> (or of the flow whose id <paramref name="value"/> holds) turns the
        /// early closes made on this path while such a flow was outstanding into findings (added to <paramref name="confirmed"/>);
        /// returns the early closes left.
        /// </summary>
        public static ImmutableHashSet<EarlyClose> Confirm(ImmutableHashSet<EarlyClose> closedEarly, IInvocationOperation removal, ISymbol? handle, ISymbol? value, ref List<(EarlyClose Close, IInvocationOperation Removal)>? confirmed)
        {
            if (closedEarly.IsEmpty || (handle is null && value is null))
            {
                return closedEarly;
            }

            ImmutableHashSet<EarlyClose> left = closedEarly;
            foreach (EarlyClose early in closedEarly)
            {
                bool sameHandle = handle is not null && (SymbolEqualityComparer.Default.Equals(early.Flow.Handle, handle) || SymbolEqualityComparer.Default.Equals(early.Flow.Value, handle));
                bool sameId = value is not null && early.Flow.Value is not null && SymbolEqualityComparer.Default.Equals(early.Flow.Value, value);
                if (sameHandle && (value is null || early.Flow.Value is null || sameId) || (handle is null && sameId))
                {
                    // Both inside one helper's call: the helper's own analysis reports it where it happens.
                    if (!ReferenceEquals(early.Close, removal))
                    {
                        (confirmed ??= new List<(EarlyClose, IInvocationOperation)>()).Add((early, removal));
                    }

                    left = left.Remove(early);
                }
            }

            return left;
        }

        /// <summary>The early closes left once the storage <paramref name="key"/> holds something else.</summary>
        public static ImmutableHashSet<EarlyClose> Overwritten(ImmutableHashSet<EarlyClose> closedEarly, ISymbol key) =>
            closedEarly.IsEmpty ? closedEarly : closedEarly.Except(closedEarly.Where(e => SymbolEqualityComparer.Default.Equals(e.Flow.Handle, key) || SymbolEqualityComparer.Default.Equals(e.Socket, key)));

        /// <summary>The early closes left once the flow-id storage <paramref name="id"/> is known to hold 0 (no flow was added under it).</summary>
        public static ImmutableHashSet<EarlyClose> WithoutFlowsIn(ImmutableHashSet<EarlyClose> closedEarly, ISymbol id) =>
            closedEarly.IsEmpty ? closedEarly : closedEarly.Except(closedEarly.Where(e => SymbolEqualityComparer.Default.Equals(e.Flow.Value, id)));

        public override bool Equals(object? obj) => obj is EarlyClose o && ReferenceEquals(o.Close, Close) && o.Flow.Equals(Flow) && SymbolEqualityComparer.Default.Equals(o.Socket, Socket);

        public override int GetHashCode() => Close.GetHashCode() ^ Flow.GetHashCode();
    }
}
