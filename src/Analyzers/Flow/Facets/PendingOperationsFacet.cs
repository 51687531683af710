using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Flow.Facets
{
    /// <summary>
    /// Pending overlapped operations: per QOS handle storage, the QOSSetFlow/QOSQueryFlow/QOSNotifyFlow calls given an
    /// OVERLAPPED that may still be pending (until cancelled, waited for, seen to complete, or aborted by a close of the
    /// handle), and, on the path where such a call's FALSE is being handled, whether the last error was compared with
    /// ERROR_IO_PENDING (997) yet. Records the handlings of a FALSE that never made that comparison, and what may still be
    /// pending at the exit.
    /// </summary>
    internal sealed class PendingOperationsFacet : FlowFacet
    {
        private readonly QwaveRecognizer _recognizer;
        private readonly TrackedSymbols _symbols;
        private readonly FlowEnvironment _environment;
        private readonly ControlFlowGraph _graph;
        private Dictionary<IInvocationOperation, ImmutableHashSet<IOperation>>? _failuresHandled;
        private Dictionary<IOperation, ImmutableHashSet<UncheckedFailure>>? _comparedWithIoPending;
        private ImmutableHashSet<Obligation> _pendingAtExit = ImmutableHashSet<Obligation>.Empty;

        public PendingOperationsFacet(QwaveRecognizer recognizer, TrackedSymbols symbols, FlowEnvironment environment, ControlFlowGraph graph)
        {
            _recognizer = recognizer;
            _symbols = symbols;
            _environment = environment;
            _graph = graph;
        }

        public override string Name => "pending overlapped operations";

        /// <summary>The graph waits for completions somewhere (a wait or an await, or a helper that does), which drains every pending operation.</summary>
        public bool DrainsPending { get; private set; }

        /// <summary>Overlapped operations that some path may leave pending when the graph returns (never cancelled, waited for or seen to complete).</summary>
        public ImmutableHashSet<Obligation> PendingAtExit => _pendingAtExit;

        /// <summary>
        /// Overlapped calls whose FALSE result is handled as a failure on a path that never compared the last error with
        /// ERROR_IO_PENDING, with that handling: the thrown exception, the constant returned (<c>false</c>, a negative
        /// number), a <c>Win32Exception</c> created, or the call of a helper that throws on FALSE.
        /// </summary>
        public IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<IOperation>> FailuresHandled => Read(_failuresHandled);

        /// <summary>An overlapped call with a handle and an OVERLAPPED: pending from here on.</summary>
        public static FlowState Start(FlowState state, Obligation operation) => state.With(state.Pending.With(state.Pending.Operations.Add(operation)));

        /// <summary>QOSCancel (or a helper that cancels) of the operation on <paramref name="overlapped"/>, or of every one on the handle.</summary>
        public static FlowState Cancel(FlowState state, ISymbol? handle, ISymbol? overlapped) =>
            state.With(state.Pending.With(state.Pending.Operations.Release(ObligationKind.PendingOperation, handle, overlapped)));

        /// <summary>A helper that cancels or waits for what the storage (handle or OVERLAPPED) names.</summary>
        public static FlowState ReleaseAll(FlowState state, ISymbol released) => state.With(state.Pending.With(state.Pending.Operations.Escaped(released)));

        /// <summary>A close of the handle aborts its pending operations (they complete with ERROR_OPERATION_ABORTED).</summary>
        public static FlowState Aborted(FlowState state, ISymbol handle) =>
            state.Pending.Operations.IsEmpty ? state : state.With(state.Pending.With(state.Pending.Operations.RemoveWhere(o => SymbolEqualityComparer.Default.Equals(o.Handle, handle))));

        /// <summary>A wait for completions (WaitOne, GetOverlappedResult, an await...): every pending operation is taken as drained.</summary>
        public FlowState Drain(FlowState state)
        {
            DrainsPending = true;
            return state.Pending.Operations.IsEmpty ? state : state.With(state.Pending.With(ObligationMap.Empty));
        }

        /// <summary>The last error is handed to code that may well test it for ERROR_IO_PENDING: the failures being handled count as checked.</summary>
        public static FlowState Checked(FlowState state) => state.With(state.Pending.WithUnchecked(ImmutableHashSet<UncheckedFailure>.Empty));

        /// <summary>
        /// A comparison (or pattern) with 997 while failures are being handled: they count as checked, and the comparison is
        /// remembered so that the branch on it knows which calls a result other than 997 says failed.
        /// </summary>
        public FlowState ComparedWithIoPending(FlowState state, IOperation comparison)
        {
            if (comparison is IBinaryOperation)
            {
                Accumulate(ref _comparedWithIoPending, comparison, state.Pending.Unchecked);
            }

            return Checked(state);
        }

        /// <summary>
        /// A <c>Win32Exception</c> created while a failure is handled unchecked. Kept in a local whose error code is compared with
        /// 997 (<c>if (e.NativeErrorCode != 997) throw e;</c>), it is judged where it is thrown, after that comparison.
        /// </summary>
        public void ExceptionCreated(FlowState state, IObjectCreationOperation creation)
        {
            if (StoredIn(creation) is not ILocalSymbol kept || !ErrorCodeComparedWithIoPending(kept))
            {
                RecordFailureHandling(state, creation);
            }
        }

        /// <summary><c>return Call(...) ? x : -1</c>: the arm a failure takes, when a failure is being handled unchecked.</summary>
        public void ValueCaptured(FlowState state, IFlowCaptureOperation capture)
        {
            if (IsFailureConstant(capture.Value) && IsReturnedArm(capture.Value.Syntax))
            {
                RecordFailureHandling(state, capture.Value);
            }
        }

        /// <summary>A throw reached while failures are being handled unchecked.</summary>
        public void Thrown(FlowState state, IOperation exception) => RecordFailureHandling(state, exception);

        /// <summary>A return of a failure constant while failures are being handled unchecked.</summary>
        public void Returned(FlowState state, IOperation value)
        {
            if (!state.Pending.Unchecked.IsEmpty && IsFailureConstant(value))
            {
                RecordFailureHandling(state, value);
            }
        }

        /// <summary>
        /// <c>Check(QOSNotifyFlow(..., &amp;overlapped))</c> with a <c>Check</c> that throws when given FALSE and never compares
        /// the last error with ERROR_IO_PENDING: the overlapped call's FALSE is handled as a failure, by that helper.
        /// </summary>
        public void HandedToThrowingHelper(IInvocationOperation call, IInvocationOperation helper)
        {
            if (IsOverlappedCall(call))
            {
                Accumulate(ref _failuresHandled, call, ImmutableHashSet.Create<IOperation>(helper));
            }
        }

        /// <summary>
        /// On the edge where <paramref name="condition"/> (<c>error == 997</c> or <c>error != 997</c>) says the error is not
        /// ERROR_IO_PENDING: the calls it judges failed, and nothing of theirs is pending. Null when the condition is no such comparison.
        /// </summary>
        public FlowState? OtherThanIoPending(FlowState state, IOperation condition, bool value)
        {
            if (_comparedWithIoPending is not { Count: > 0 })
            {
                return null;
            }

            condition = _symbols.Unwrap(condition) ?? condition;
            if (condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                || !_comparedWithIoPending.TryGetValue(comparison, out ImmutableHashSet<UncheckedFailure>? failed))
            {
                return null;
            }

            bool equalsMeansTrue = comparison.OperatorKind == BinaryOperatorKind.Equals;
            if (value == equalsMeansTrue)
            {
                return null;
            }

            return state.With(state.Pending.With(state.Pending.Operations.RemoveWhere(o => !o.IsIncoming && ContainsCall(failed, o.Origin))));
        }

        public override FlowState Escaped(FlowState state, ISymbol key) => state.With(state.Pending.With(state.Pending.Operations.Escaped(key)));

        public override FlowState Overwritten(FlowState state, ISymbol key) => Escaped(state, key);

        public override FlowState MembersReached(FlowState state) => state.With(state.Pending.With(state.Pending.Operations.WithoutMembers()));

        /// <summary>An overlapped call that returned TRUE completed synchronously: nothing of it is pending.</summary>
        public override FlowState Succeeded(FlowState state, ImmutableHashSet<IInvocationOperation> calls) =>
            state.Pending.Operations.IsEmpty ? state : state.With(state.Pending.With(state.Pending.Operations.RemoveWhere(o => !o.IsIncoming && calls.Contains(o.Origin))));

        /// <summary>FALSE from an overlapped call may be ERROR_IO_PENDING: it stays pending, and the failure is handled unchecked until compared with 997.</summary>
        public override FlowState Failed(FlowState state, ImmutableHashSet<IInvocationOperation> calls, SyntaxNode? handler)
        {
            if (handler is null)
            {
                return state;
            }

            ImmutableHashSet<UncheckedFailure> failures = state.Pending.Unchecked;
            foreach (IInvocationOperation call in calls)
            {
                if (IsOverlappedCall(call))
                {
                    failures = failures.Add(new UncheckedFailure(call, handler));
                }
            }

            return state.With(state.Pending.WithUnchecked(failures));
        }

        public override void AtExit(FlowState state)
        {
            foreach (Obligation o in state.Pending.Operations.All())
            {
                _pendingAtExit = _pendingAtExit.Add(o);
            }
        }

        /// <summary>QOSSetFlow/QOSQueryFlow/QOSNotifyFlow given an OVERLAPPED that is not provably null: FALSE may mean ERROR_IO_PENDING.</summary>
        public bool IsOverlappedCall(IInvocationOperation invocation) =>
            _recognizer.TryGetCall(invocation, out QwaveCall call)
            && call.Function.StartsOverlappedOperation
            && call.Argument(ParameterRole.Overlapped) is IArgumentOperation overlapped
            && !ConstantValues.IsNullOrZero(overlapped.Value);

        /// <summary>A comparison (or pattern, or switch case) involving the constant 997, ERROR_IO_PENDING under any name.</summary>
        public static bool ComparesWithIoPending(IOperation operation)
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

        /// <summary>The creation makes a Win32Exception (the one exception that carries the last error).</summary>
        public bool IsWin32Exception(IObjectCreationOperation creation) => _environment.IsWin32Exception(creation.Type);

        private void RecordFailureHandling(FlowState state, IOperation handling)
        {
            foreach (UncheckedFailure failure in state.Pending.Unchecked)
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

        /// <summary>The if statement or conditional expression whose condition is <paramref name="condition"/>: where its outcome is handled.</summary>
        public static SyntaxNode? FailureHandler(IOperation condition)
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

        /// <summary>Somewhere in the graph, <c>local.NativeErrorCode</c> (a Win32Exception's error) is compared with 997.</summary>
        private bool ErrorCodeComparedWithIoPending(ILocalSymbol local)
        {
            foreach (IOperation operation in GraphOperations.All(_graph))
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
    }

    /// <summary>The state of <see cref="PendingOperationsFacet"/>.</summary>
    internal sealed class PendingState
    {
        public static readonly PendingState Empty = new PendingState(ObligationMap.Empty, ImmutableHashSet<UncheckedFailure>.Empty);

        private PendingState(ObligationMap operations, ImmutableHashSet<UncheckedFailure> uncheckedFailures)
        {
            Operations = operations;
            Unchecked = uncheckedFailures;
        }

        /// <summary>Per handle storage: the overlapped operations that may be pending on it.</summary>
        public ObligationMap Operations { get; }

        /// <summary>Overlapped calls whose FALSE result this path is handling without having compared the last error with ERROR_IO_PENDING.</summary>
        public ImmutableHashSet<UncheckedFailure> Unchecked { get; }

        public PendingState With(ObligationMap operations) => ReferenceEquals(operations, Operations) ? this : new PendingState(operations, Unchecked);

        public PendingState WithUnchecked(ImmutableHashSet<UncheckedFailure> uncheckedFailures) =>
            ReferenceEquals(uncheckedFailures, Unchecked) || (uncheckedFailures.IsEmpty && Unchecked.IsEmpty) ? this : new PendingState(Operations, uncheckedFailures);

        public PendingState Join(PendingState other)
        {
            if (ReferenceEquals(this, other))
            {
                return this;
            }

            ObligationMap operations = Operations.Union(other.Operations);
            ImmutableHashSet<UncheckedFailure> failures = other.Unchecked.IsEmpty ? Unchecked : Unchecked.Union(other.Unchecked);
            return ReferenceEquals(operations, Operations) && ReferenceEquals(failures, Unchecked) ? this : new PendingState(operations, failures);
        }

        public bool SameAs(PendingState other) =>
            ReferenceEquals(this, other) || (Operations.SameAs(other.Operations) && Unchecked.SetEquals(other.Unchecked));
    }
}
