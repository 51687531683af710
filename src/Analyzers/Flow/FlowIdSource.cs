using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>Where a value held by a flow-id variable came from.</summary>
    internal enum FlowIdSourceKind
    {
        /// <summary>Assigned 0: a new flow.</summary>
        Zero,

        /// <summary>Assigned a nonzero constant.</summary>
        NonZeroConstant,

        /// <summary>Never written under [SkipLocalsInit] (a local or stackalloc memory): whatever the stack held.</summary>
        Uninitialized,

        /// <summary>Written by a QOSAddSocketToFlow call: the id of the flow it created or joined.</summary>
        FromAdd,

        /// <summary>The id of a flow this method has since destroyed with QOSRemoveSocketFromFlow.</summary>
        Removed,

        /// <summary>
        /// A member no member of the type resets: whatever an earlier call of this member's own add left in it
        /// (resolved to that add, as <see cref="FromAdd"/>, where the add reads it).
        /// </summary>
        EarlierCall,

        /// <summary>While a callee is summarized: the value the storage held when it was called.</summary>
        Incoming,
    }

    /// <summary>Whether a QOSAddSocketToFlow call created an adaptive flow, as far as its Flags show.</summary>
    internal enum FlowAdaptivity
    {
        /// <summary>Flags is not a constant.</summary>
        Unknown,

        /// <summary>Flags is a constant without QOS_NON_ADAPTIVE_FLOW.</summary>
        Adaptive,

        /// <summary>Flags is a constant with QOS_NON_ADAPTIVE_FLOW.</summary>
        NonAdaptive,
    }

    /// <summary>One possible origin of a flow-id value, identified by the operation that produced it.</summary>
    internal sealed class FlowIdSource
    {
        public FlowIdSource(FlowIdSourceKind kind, IOperation origin, FlowAdaptivity adaptivity = FlowAdaptivity.Unknown, ISymbol? handle = null, ISymbol? socket = null, bool inherited = false)
        {
            Inherited = inherited;
            _hash = (origin.GetHashCode() * 397) ^ (int)kind;
            Kind = kind;
            Origin = origin;
            Adaptivity = adaptivity;
            Handle = handle;
            Socket = socket;
        }

        private readonly int _hash;

        public FlowIdSourceKind Kind { get; }

        /// <summary>The assignment, the add call, or (Uninitialized) the stackalloc or the operation that first saw the local.</summary>
        public IOperation Origin { get; }

        /// <summary>For FromAdd and Removed: how the flow was created.</summary>
        public FlowAdaptivity Adaptivity { get; }

        /// <summary>For FromAdd and Removed: the storage of the handle the flow was added on.</summary>
        public ISymbol? Handle { get; }

        /// <summary>For FromAdd and Removed: the storage of the socket that was added.</summary>
        public ISymbol? Socket { get; }

        /// <summary>The value was left in a member by an earlier call of a member of the type, not by this method.</summary>
        public bool Inherited { get; }

        /// <summary>The add call, for FromAdd and Removed.</summary>
        public IInvocationOperation? Add => Origin as IInvocationOperation;

        public FlowIdSource AsRemoved() => new FlowIdSource(FlowIdSourceKind.Removed, Origin, Adaptivity, Handle, Socket, Inherited);

        public override bool Equals(object? obj) => obj is FlowIdSource o && o.Kind == Kind && o.Inherited == Inherited && ReferenceEquals(o.Origin, Origin);

        public override int GetHashCode() => _hash;
    }
}
