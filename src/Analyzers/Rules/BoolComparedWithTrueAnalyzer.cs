using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS012: the BOOL of a qWAVE call compared with TRUE (1): <c>== 1</c>, <c>!= 1</c>,
    /// <c>is 1</c>, <c>is not 1</c>, on the call or on a local that only holds its result.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BoolComparedWithTrueAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the test that means the same as intended ("!= 0" or "== 0").</summary>
        internal const string ReplacementProperty = "Replacement";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.BoolComparedWithTrue,
            title: "BOOL result compared with TRUE",
            messageFormat: "The BOOL {0} returns is compared with TRUE (1), but success is any nonzero value: test {1}",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "qWAVE functions return a Win32 BOOL: zero is failure, and success is any nonzero value, which need not be 1. Comparing with TRUE (1) can treat a success as a failure. Test the result with != 0 (success) or == 0 (failure).",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.BoolComparedWithTrue));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        // The compared value is a qWAVE call, or a local of the same method assigned one: always in a file that holds the call.
        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer)
        {
            RegisterOperationActionInQwaveTypes(context, recognizer, c => AnalyzeBinary(c, recognizer), OperationKind.Binary);
            RegisterOperationActionInQwaveTypes(context, recognizer, c => AnalyzeIsPattern(c, recognizer), OperationKind.IsPattern);
        }

        private static void AnalyzeBinary(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            var binary = (IBinaryOperation)context.Operation;
            if (binary.OperatorKind != BinaryOperatorKind.Equals && binary.OperatorKind != BinaryOperatorKind.NotEquals)
            {
                return;
            }

            string? function = IsOne(binary.RightOperand) ? BoolSource(binary.LeftOperand, recognizer)
                : IsOne(binary.LeftOperand) ? BoolSource(binary.RightOperand, recognizer)
                : null;
            if (function is not null)
            {
                Report(context, binary.Syntax, function, binary.OperatorKind == BinaryOperatorKind.Equals ? "!= 0" : "== 0");
            }
        }

        private static void AnalyzeIsPattern(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            var isPattern = (IIsPatternOperation)context.Operation;
            bool negated = isPattern.Pattern is INegatedPatternOperation;
            IPatternOperation pattern = isPattern.Pattern is INegatedPatternOperation not ? not.Pattern : isPattern.Pattern;
            if (pattern is IConstantPatternOperation constant && IsOne(constant.Value) && BoolSource(isPattern.Value, recognizer) is string function)
            {
                Report(context, isPattern.Syntax, function, negated ? "is 0" : "is not 0");
            }
        }

        private static bool IsOne(IOperation operand) => ConstantValues.TryGetInteger(operand, out ulong value) && value == 1;

        /// <summary>The qWAVE function whose integer BOOL <paramref name="operand"/> is: the call, or a local holding only its result.</summary>
        private static string? BoolSource(IOperation operand, QwaveRecognizer recognizer)
        {
            IOperation? value = Unwrap(operand);
            if (value is ILocalReferenceOperation local)
            {
                value = Unwrap(EvidentValues.SingleAssignedValue(local.Local, operand));
            }

            return value is IInvocationOperation invocation
                && recognizer.TryGetCall(invocation, out QwaveCall call)
                && call.Method.ReturnsBool
                && invocation.TargetMethod.ReturnType.SpecialType != SpecialType.System_Boolean
                ? call.FunctionName
                : null;
        }

        /// <summary>Through every conversion, user-defined ones too (a BOOL struct converted to int).</summary>
        private static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation or IParenthesizedOperation)
            {
                operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
            }

            return operation;
        }

        private static void Report(OperationAnalysisContext context, SyntaxNode node, string function, string replacement) =>
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                node.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(ReplacementProperty, replacement),
                function,
                replacement));
    }
}
