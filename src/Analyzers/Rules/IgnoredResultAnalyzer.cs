using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>QOS003: the BOOL a qWAVE call returns is discarded. <c>_ = Call()</c> is a deliberate discard.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IgnoredResultAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: how the result tests for failure ("Not" for bool and BOOL, "Zero" for integers).</summary>
        internal const string FailureTestProperty = "FailureTest";

        /// <summary>Diagnostic property, present when an OVERLAPPED is passed that may be non-null: FALSE with ERROR_IO_PENDING is not a failure.</summary>
        internal const string MayCompleteLaterProperty = "MayCompleteLater";

        internal const string FailureTestNot = "Not";
        internal const string FailureTestZero = "Zero";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.BoolResultIgnored,
            title: "BOOL result of a qWAVE call is ignored",
            messageFormat: "The BOOL result of {0} is ignored: a failure goes unnoticed",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Every qWAVE function reports failure only by returning FALSE and setting the last error; QOSSetFlow failing with ERROR_NETWORK_BUSY, for example, leaves the traffic unmarked while sending still works. Check the result, or discard it explicitly with '_ =' where failure is acceptable.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.BoolResultIgnored));

        /// <summary>
        /// The .editorconfig option that also reports releases (close, remove, stop tracking, cancel) whose
        /// result is dropped on a cleanup path: <c>dotnet_code_quality.QOS003.check_cleanup_results = true</c>.
        /// </summary>
        internal const string CheckCleanupResultsOption = "dotnet_code_quality.QOS003.check_cleanup_results";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            RegisterOperationActionInQwaveTypes(context, recognizer, c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!recognizer.TryGetCall(invocation, out QwaveCall call) || !call.Method.ReturnsBool || !IsDiscarded(invocation))
            {
                return;
            }

            if (IsRelease(call.FunctionName)
                && (IsCleanup(invocation, context.ContainingSymbol, context.Compilation, context.CancellationToken) || IsRollback(invocation, recognizer))
                && !ChecksCleanupResults(context, invocation.Syntax.SyntaxTree))
            {
                // Releasing during cleanup: there is rarely anything left to do about a failure (docs/rules/QOS003.md).
                return;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[FailureTestProperty] = invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_Int32
                || invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_UInt32
                ? FailureTestZero
                : FailureTestNot;
            // A binding without an OVERLAPPED parameter (a synchronous wrapper) never completes later.
            IArgumentOperation? overlapped = call.Function.StartsOverlappedOperation ? call.Argument(ParameterRole.Overlapped) : null;
            if (overlapped is not null && !ConstantValues.IsNullOrZero(overlapped.Value))
            {
                properties[MayCompleteLaterProperty] = "true";
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties.ToImmutable(), call.FunctionName));
        }

        /// <summary>The calls that release what qWAVE holds.</summary>
        private static bool IsRelease(string function) =>
            function == QwaveCatalog.QOSCloseHandle
            || function == QwaveCatalog.QOSRemoveSocketFromFlow
            || function == QwaveCatalog.QOSStopTrackingClient
            || function == QwaveCatalog.QOSCancel;

        /// <summary>
        /// A cleanup path: a <c>finally</c> block, a <c>catch</c> clause, or a member that releases by contract
        /// (Dispose, DisposeAsync, Dispose(bool), DisposeCore, a SafeHandle's ReleaseHandle, a finalizer).
        /// </summary>
        private static bool IsCleanup(IOperation operation, ISymbol containing, Compilation compilation, System.Threading.CancellationToken cancellationToken, int depth = 0)
        {
            for (IOperation current = operation; current.Parent is IOperation parent; current = parent)
            {
                if (parent is ITryOperation tryOperation && tryOperation.Finally == current || parent is ICatchClauseOperation)
                {
                    return true;
                }
            }

            IMethodSymbol? member = null;
            for (ISymbol? symbol = containing; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
            {
                if (method.MethodKind == MethodKind.Destructor
                    || method.Name is "Dispose" or "DisposeAsync" or "DisposeCore" or "DisposeAsyncCore" or "ReleaseHandle")
                {
                    return true;
                }

                member = method;
            }

            return member is not null && depth < MaxHelperDepth && IsCalledOnlyFromCleanup(member, compilation, cancellationToken, depth);
        }

        /// <summary>
        /// A rollback: the release is in the branch of an <c>if</c> taken when a qWAVE call failed
        /// (<c>if (!QOSAddSocketToFlow(...)) { QOSCloseHandle(h); return false; }</c>, a local holding its result, or the
        /// <c>else</c> of a test for success), and that branch then leaves the method (it ends with a return or a throw).
        /// Like a <c>catch</c> clause, it undoes what the failed operation left behind.
        /// </summary>
        private static bool IsRollback(IOperation release, QwaveRecognizer recognizer)
        {
            for (IOperation current = release; current.Parent is IOperation parent; current = parent)
            {
                if (parent is IConditionalOperation { IsRef: false } conditional && conditional.Condition != current
                    && TestsForSuccess(conditional.Condition, recognizer) is bool trueMeansSuccess
                    && ReferenceEquals(trueMeansSuccess ? conditional.WhenFalse : conditional.WhenTrue, current)
                    && LeavesMethod(current))
                {
                    return true;
                }

                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>Whether TRUE of <paramref name="condition"/> means a qWAVE call succeeded (true) or failed (false); null when it tests no such result.</summary>
        private static bool? TestsForSuccess(IOperation condition, QwaveRecognizer recognizer)
        {
            bool trueMeansSuccess = true;
            IOperation? current = condition;
            for (int depth = 0; depth < 8 && current is not null; depth++)
            {
                switch (current)
                {
                    case IConversionOperation conversion:
                        current = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        current = parenthesized.Operand;
                        continue;
                    case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                        trueMeansSuccess = !trueMeansSuccess;
                        current = not.Operand;
                        continue;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                        IOperation? other = ConstantValues.IsFalseOrZero(comparison.RightOperand) ? comparison.LeftOperand : ConstantValues.IsFalseOrZero(comparison.LeftOperand) ? comparison.RightOperand : null;
                        if (other is null)
                        {
                            return null;
                        }

                        if (comparison.OperatorKind == BinaryOperatorKind.Equals)
                        {
                            trueMeansSuccess = !trueMeansSuccess;
                        }

                        current = other;
                        continue;
                    case IInvocationOperation invocation:
                        return recognizer.TryGetCall(invocation, out QwaveCall call) && call.Method.ReturnsBool ? trueMeansSuccess : null;
                    case ILocalReferenceOperation local:
                        // A local whose only value is a qWAVE call's result ('bool ok = QOSSetFlow(...)').
                        current = Values.EvidentValues.SingleAssignedValue(local.Local, local);
                        if (current is not IInvocationOperation)
                        {
                            return null;
                        }

                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The branch ends by leaving the method: its last statement is a return or a throw.</summary>
        private static bool LeavesMethod(IOperation branch)
        {
            IOperation? last = branch is IBlockOperation block ? (block.Operations.IsEmpty ? null : block.Operations[block.Operations.Length - 1]) : branch;
            while (last is IBlockOperation nested && !nested.Operations.IsEmpty)
            {
                last = nested.Operations[nested.Operations.Length - 1];
            }

            return last is IReturnOperation or IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation };
        }

        // How many private helpers deep a release is still followed back to its cleanup caller.
        private const int MaxHelperDepth = 3;

        /// <summary>
        /// A private, non-virtual helper of its type whose every use is a call made on a cleanup path
        /// (<c>Dispose(bool disposing) { RemoveFlow(); CloseQos(); }</c>). A helper that is also called from
        /// elsewhere, or used as a delegate, or never called, is not cleanup.
        /// </summary>
        private static bool IsCalledOnlyFromCleanup(IMethodSymbol helper, Compilation compilation, System.Threading.CancellationToken cancellationToken, int depth)
        {
            if (helper.MethodKind != MethodKind.Ordinary || helper.DeclaredAccessibility != Accessibility.Private
                || helper.IsVirtual || helper.IsOverride || helper.IsAbstract || helper.IsExtern
                || helper.ContainingType is not INamedTypeSymbol type)
            {
                return false;
            }

            IMethodSymbol definition = helper.OriginalDefinition;
            int calls = 0;
            foreach ((SimpleNameSyntax name, ExpressionSyntax callee, SemanticModel model) in MemberMentions.InType(helper.Name, type, compilation, cancellationToken))
            {
                SymbolInfo info = model.GetSymbolInfo(name, cancellationToken);
                ISymbol? target = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
                if (target is null || !SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, definition))
                {
                    continue;
                }

                if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee
                    || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                    || model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken) is not ISymbol caller
                    || !IsCleanup(call, caller, compilation, cancellationToken, depth + 1))
                {
                    // Used as a delegate, or called where a failure could still be handled.
                    return false;
                }

                calls++;
            }

            return calls > 0;
        }

        private static bool ChecksCleanupResults(OperationAnalysisContext context, SyntaxTree tree) =>
            context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(CheckCleanupResultsOption, out string? value)
            && string.Equals(value.Trim(), "true", System.StringComparison.OrdinalIgnoreCase);

        /// <summary>True when the value is dropped: the call (possibly behind <c>?.</c>) is a whole expression statement.</summary>
        private static bool IsDiscarded(IInvocationOperation invocation)
        {
            IOperation current = invocation;
            while (current.Parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == current)
            {
                current = conditional;
            }

            return current.Parent is IExpressionStatementOperation;
        }
    }
}
