using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// Tracks, through one method's control flow, which flows and overlapped operations may be
    /// outstanding on each QOS handle, and records what is outstanding at every close
    /// (QOSCloseHandle, or Dispose/Close of the SafeHandle that holds the handle).
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
        private readonly INamedTypeSymbol? _safeHandle;
        private readonly INamedTypeSymbol? _owningType;
        private readonly Dictionary<IInvocationOperation, CloseSite> _closes = new Dictionary<IInvocationOperation, CloseSite>();
        private readonly HashSet<IInvocationOperation> _memberAdds = new HashSet<IInvocationOperation>();

        public HandleLifetimeAnalysis(ControlFlowGraph graph, QwaveRecognizer recognizer, TrackedSymbols symbols, INamedTypeSymbol? safeHandle, INamedTypeSymbol? owningType)
            : base(graph)
        {
            _recognizer = recognizer;
            _symbols = symbols;
            _safeHandle = safeHandle;
            _owningType = owningType;
        }

        /// <summary>Every close reached, with what may be outstanding on the handle there (joined over all paths).</summary>
        public IReadOnlyCollection<CloseSite> Closes => _closes.Values;

        /// <summary>QOSAddSocketToFlow calls whose handle is a field or property of the type.</summary>
        public IReadOnlyCollection<IInvocationOperation> MemberAdds => _memberAdds;

        /// <summary>True when the method calls QOSRemoveSocketFromFlow anywhere.</summary>
        public bool RemovesFlows { get; private set; }

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
                    return VisitInvocation(state, invocation);
                case ISimpleAssignmentOperation assignment:
                    return VisitAssignment(state, assignment);
                case IAwaitOperation:
                    // Awaiting is how overlapped completions are usually waited for.
                    return DrainPending(state);
                case ICompoundAssignmentOperation compound:
                    return Invalidate(state, _symbols.KeyOf(compound.Target));
                case IIncrementOrDecrementOperation increment:
                    return Invalidate(state, _symbols.KeyOf(increment.Target));
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (IOperation target in deconstruction.Target.DescendantsAndSelf())
                    {
                        state = Invalidate(state, _symbols.KeyOf(target));
                    }

                    return state;
                default:
                    return state;
            }
        }

        protected override HandleObligations Refine(HandleObligations state, IOperation condition, bool value)
        {
            if (!TryInterpret(state, condition, out ImmutableHashSet<IInvocationOperation>? calls, out bool trueMeansSuccess))
            {
                return state;
            }

            bool succeeded = value == trueMeansSuccess;

            // A failed add created no flow; an overlapped call that returned TRUE completed synchronously.
            // FALSE from an overlapped call may be ERROR_IO_PENDING, so the operation stays pending.
            return succeeded
                ? state.RemoveWhere(o => o.Kind == ObligationKind.PendingOperation && calls.Contains(o.Origin))
                : state.RemoveWhere(o => o.Kind == ObligationKind.Flow && calls.Contains(o.Origin));
        }

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

            if (IsSafeHandleBookkeeping(invocation))
            {
                return state;
            }

            if (IsWaitForCompletion(invocation.TargetMethod.Name))
            {
                state = DrainPending(state);
            }

            // Whatever the callee receives, it may remove, cancel or overwrite.
            state = Invalidate(state, instance);
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                state = Invalidate(state, _symbols.KeyOf(argument.Value));
            }

            // A call on this type may reach its fields through 'this'.
            bool reachesMembers = invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                || (invocation.TargetMethod.IsStatic && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, _owningType?.OriginalDefinition));
            return reachesMembers
                ? state.RemoveWhere(o => TrackedSymbols.IsMember(o.Handle) || (o.Value is not null && TrackedSymbols.IsMember(o.Value)))
                : state;
        }

        private HandleObligations VisitQwaveCall(HandleObligations state, QwaveCall call)
        {
            ISymbol? handle = _symbols.KeyOf(call.ArgumentValue(ParameterRole.QosHandle));
            switch (call.FunctionName)
            {
                case QwaveCatalog.QOSAddSocketToFlow:
                    state = InvalidateWrittenArguments(state, call, except: ParameterRole.FlowId);
                    if (handle is null)
                    {
                        return state;
                    }

                    if (TrackedSymbols.IsMember(handle))
                    {
                        _memberAdds.Add(call.Invocation);
                    }

                    return state.Add(new Obligation(ObligationKind.Flow, call.Invocation, call.FunctionName, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.FlowId))));

                case QwaveCatalog.QOSRemoveSocketFromFlow:
                    RemovesFlows = true;
                    return Release(state, ObligationKind.Flow, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.FlowId)));

                case QwaveCatalog.QOSCancel:
                    return Release(state, ObligationKind.PendingOperation, handle, _symbols.KeyOf(call.ArgumentValue(ParameterRole.Overlapped)));

                case QwaveCatalog.QOSCloseHandle:
                    return handle is null ? state : Close(state, call.Invocation, handle);

                default:
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
            if (_closes.TryGetValue(close, out CloseSite? site))
            {
                site.Outstanding = site.Outstanding.Union(outstanding);
            }
            else
            {
                _closes.Add(close, new CloseSite(close, handle, outstanding));
            }

            return state.RemoveWhere(o => SymbolEqualityComparer.Default.Equals(o.Handle, handle));
        }

        private HandleObligations VisitAssignment(HandleObligations state, ISimpleAssignmentOperation assignment)
        {
            ISymbol? target = _symbols.KeyOf(assignment.Target);
            if (target is null)
            {
                return state;
            }

            state = Invalidate(state, target);
            if (target is ILocalSymbol local)
            {
                // 'bool ok = Call(...)' (or a copy of such a local) records the call's success.
                IOperation? value = _symbols.Unwrap(assignment.Value);
                while (value is IConversionOperation conversion)
                {
                    value = _symbols.Unwrap(conversion.Operand);
                }

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

        private HandleObligations InvalidateWrittenArguments(HandleObligations state, QwaveCall call, ParameterRole? except)
        {
            foreach (IArgumentOperation argument in call.Invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out } parameter
                    && (except is null || call.Method.CatalogParameter(parameter)?.Role != except))
                {
                    state = Invalidate(state, _symbols.KeyOf(argument.Value));
                }
            }

            return state;
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

        /// <summary>The storage now holds something else: forget what was known about it.</summary>
        private static HandleObligations Invalidate(HandleObligations state, ISymbol? key)
        {
            if (key is null)
            {
                return state;
            }

            state = state.RemoveWhere(o => SymbolEqualityComparer.Default.Equals(o.Handle, key) || SymbolEqualityComparer.Default.Equals(o.Value, key));
            return state.ResultOf.ContainsKey(key) ? state.SetResult(key, null) : state;
        }

        /// <summary>Dispose() or Close() of a SafeHandle: releases (closes) the handle it owns.</summary>
        private bool IsRelease(IInvocationOperation invocation) =>
            invocation.Arguments.IsEmpty
            && (invocation.TargetMethod.Name == "Dispose" || invocation.TargetMethod.Name == "Close")
            && IsSafeHandle(WithoutConversions(invocation.Instance)?.Type);

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
            invocation.TargetMethod.Name.StartsWith("Dangerous", System.StringComparison.Ordinal) && IsSafeHandle(invocation.TargetMethod.ContainingType);

        private bool IsSafeHandle(ITypeSymbol? type)
        {
            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, _safeHandle))
                {
                    return true;
                }
            }

            return false;
        }
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
