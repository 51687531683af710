using System.Collections.Generic;
using System.Collections.Immutable;
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
    }

    /// <summary>One outstanding obligation, identified by the call that created it.</summary>
    internal sealed class Obligation
    {
        public Obligation(ObligationKind kind, IInvocationOperation origin, string function, ISymbol handle, ISymbol? value)
        {
            Kind = kind;
            Origin = origin;
            Function = function;
            Handle = handle;
            Value = value;
        }

        public ObligationKind Kind { get; }

        /// <summary>The qWAVE call that created the obligation.</summary>
        public IInvocationOperation Origin { get; }

        public string Function { get; }

        /// <summary>The storage holding the QOS handle.</summary>
        public ISymbol Handle { get; }

        /// <summary>The storage holding the flow id (Flow) or the OVERLAPPED (PendingOperation), when known.</summary>
        public ISymbol? Value { get; }

        public override bool Equals(object? obj) => obj is Obligation o && o.Kind == Kind && ReferenceEquals(o.Origin, Origin);

        public override int GetHashCode() => (Origin.GetHashCode() * 397) ^ (int)Kind;
    }

    /// <summary>
    /// The lattice of the handle-lifetime analysis: per handle storage, the obligations that may be
    /// outstanding; per bool local, the qWAVE calls whose success it records. Join is set union.
    /// </summary>
    internal sealed class HandleObligations
    {
        public static readonly HandleObligations Empty = new HandleObligations(
            ImmutableDictionary.Create<ISymbol, ImmutableHashSet<Obligation>>(SymbolEqualityComparer.Default),
            ImmutableDictionary.Create<ISymbol, ImmutableHashSet<IInvocationOperation>>(SymbolEqualityComparer.Default));

        private HandleObligations(
            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle,
            ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> resultOf)
        {
            ByHandle = byHandle;
            ResultOf = resultOf;
        }

        public ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> ByHandle { get; }

        public ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> ResultOf { get; }

        public ImmutableHashSet<Obligation> For(ISymbol handle) =>
            ByHandle.TryGetValue(handle, out ImmutableHashSet<Obligation>? set) ? set : ImmutableHashSet<Obligation>.Empty;

        public HandleObligations Add(Obligation obligation) =>
            With(ByHandle.SetItem(obligation.Handle, For(obligation.Handle).Add(obligation)), ResultOf);

        /// <summary>Removes every obligation (of any handle) that satisfies <paramref name="predicate"/>.</summary>
        public HandleObligations RemoveWhere(System.Func<Obligation, bool> predicate)
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

                if (kept.Count != pair.Value.Count)
                {
                    byHandle = kept.IsEmpty ? byHandle.Remove(pair.Key) : byHandle.SetItem(pair.Key, kept);
                }
            }

            return ReferenceEquals(byHandle, ByHandle) ? this : With(byHandle, ResultOf);
        }

        public HandleObligations SetResult(ISymbol local, ImmutableHashSet<IInvocationOperation>? calls) =>
            With(ByHandle, calls is null || calls.IsEmpty ? ResultOf.Remove(local) : ResultOf.SetItem(local, calls));

        public HandleObligations Join(HandleObligations other)
        {
            if (ReferenceEquals(this, other))
            {
                return this;
            }

            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle = ByHandle;
            foreach (KeyValuePair<ISymbol, ImmutableHashSet<Obligation>> pair in other.ByHandle)
            {
                byHandle = byHandle.SetItem(pair.Key, For(pair.Key).Union(pair.Value));
            }

            ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> resultOf = ResultOf;
            foreach (KeyValuePair<ISymbol, ImmutableHashSet<IInvocationOperation>> pair in other.ResultOf)
            {
                resultOf = resultOf.SetItem(pair.Key, resultOf.TryGetValue(pair.Key, out var mine) ? mine.Union(pair.Value) : pair.Value);
            }

            return With(byHandle, resultOf);
        }

        public bool SameAs(HandleObligations other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (ByHandle.Count != other.ByHandle.Count || ResultOf.Count != other.ResultOf.Count)
            {
                return false;
            }

            foreach (KeyValuePair<ISymbol, ImmutableHashSet<Obligation>> pair in ByHandle)
            {
                if (!other.ByHandle.TryGetValue(pair.Key, out var theirs) || !theirs.SetEquals(pair.Value))
                {
                    return false;
                }
            }

            foreach (KeyValuePair<ISymbol, ImmutableHashSet<IInvocationOperation>> pair in ResultOf)
            {
                if (!other.ResultOf.TryGetValue(pair.Key, out var theirs) || !theirs.SetEquals(pair.Value))
                {
                    return false;
                }
            }

            return true;
        }

        private HandleObligations With(
            ImmutableDictionary<ISymbol, ImmutableHashSet<Obligation>> byHandle,
            ImmutableDictionary<ISymbol, ImmutableHashSet<IInvocationOperation>> resultOf) =>
            ReferenceEquals(byHandle, ByHandle) && ReferenceEquals(resultOf, ResultOf) ? this : new HandleObligations(byHandle, resultOf);
    }
}
