using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS021: a bandwidth given to qWAVE that is the wrong sentinel or in the wrong unit:
    /// <c>ulong.MaxValue</c> (or -1) where QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH (0xFFFFFFFF) is meant, or
    /// a value computed from something named as a byte count with no <c>* 8</c> (or <c>&lt;&lt; 3</c>).
    /// Checked where a QOS_FLOWRATE_OUTGOING's Bandwidth is assigned and where this package takes bitsPerSecond.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BandwidthMisuseAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: what the fix does ("Sentinel" or "Bits").</summary>
        internal const string FixProperty = "Fix";

        internal const string FixSentinel = "Sentinel";
        internal const string FixBits = "Bits";

        private const string BandwidthField = "Bandwidth";
        private const string BitsPerSecondParameter = PackageApi.Parameters.BitsPerSecond;

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.BandwidthMisuse,
            title: "Bandwidth sentinel or unit misused",
            messageFormat: "{0} {1}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "qWAVE bandwidths are bits per second measured at the IP level. QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH, which asks for a small default rate, is the 32-bit 0xFFFFFFFF stored in the 64-bit field, not ulong.MaxValue or -1; those ask for an impossible rate. A rate computed from a byte count must be multiplied by 8.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.BandwidthMisuse));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer)
        {
            context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
            RegisterOperationActionInQwaveTypes(context, recognizer, c => AnalyzeInvocation(c, recognizer), OperationKind.Invocation);
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is IMemberReferenceOperation { Member: { Name: BandwidthField } member }
                && member.ContainingType is INamedTypeSymbol type
                && NativeStructCheck.Identify(type)?.Name == "QOS_FLOWRATE_OUTGOING")
            {
                Check(context, assignment.Value, type.Name + "." + BandwidthField);
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            var invocation = (IInvocationOperation)context.Operation;

            // The file, then the parameter name: they rule out nearly every call without looking at attributes.
            if (!recognizer.MayContainCall(invocation.Syntax.SyntaxTree) || !HasBitsPerSecond(invocation.TargetMethod) || !PackageApi.IsPackageMethod(invocation.TargetMethod))
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == BitsPerSecondParameter && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    Check(context, argument.Value, "The " + BitsPerSecondParameter + " of " + invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name);
                }
            }
        }

        private static bool HasBitsPerSecond(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Name == BitsPerSecondParameter)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Check(OperationAnalysisContext context, IOperation value, string target)
        {
            if (ConstantValues.TryGetInteger(value, out ulong constant))
            {
                if (constant == ulong.MaxValue)
                {
                    Report(context, value, target, "is ulong.MaxValue, not QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH: the default-minimum sentinel is the 32-bit 0xFFFFFFFF", FixSentinel);
                }

                return;
            }

            IOperation expression = EvidentValues.Unwrap(value) ?? value;
            if (ByteCount(expression) is string name && !MultipliesByEight(expression))
            {
                Report(context, value, target, "is computed from '" + name + "', a byte count, with no multiplication by 8: qWAVE bandwidths are bits per second", FixBits);
            }
        }

        /// <summary>The name of a local, parameter, field or property in the expression that reads as a byte count.</summary>
        private static string? ByteCount(IOperation expression)
        {
            foreach (IOperation operation in expression.DescendantsAndSelf())
            {
                string? name = operation switch
                {
                    ILocalReferenceOperation l => l.Local.Name,
                    IParameterReferenceOperation p => p.Parameter.Name,
                    IFieldReferenceOperation f => f.Field.Name,
                    IPropertyReferenceOperation p => p.Property.Name,
                    _ => null,
                };
                if (name is not null && name.IndexOf("byte", StringComparison.OrdinalIgnoreCase) >= 0 && name.IndexOf("bit", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    return name;
                }
            }

            return null;
        }

        /// <summary>A multiplication by a multiple of 8, or a left shift by 3 or more, anywhere in the expression.</summary>
        private static bool MultipliesByEight(IOperation expression) =>
            expression.DescendantsAndSelf().OfType<IBinaryOperation>().Any(b =>
                (b.OperatorKind == BinaryOperatorKind.Multiply && (IsMultipleOfEight(b.LeftOperand) || IsMultipleOfEight(b.RightOperand)))
                || (b.OperatorKind == BinaryOperatorKind.LeftShift && ConstantValues.TryGetInteger(b.RightOperand, out ulong shift) && shift >= 3));

        private static bool IsMultipleOfEight(IOperation operand) =>
            ConstantValues.TryGetInteger(operand, out ulong n) && n != 0 && n % 8 == 0;

        private static void Report(OperationAnalysisContext context, IOperation value, string target, string detail, string fix)
        {
            // unchecked((ulong)-1) has no operation of its own: report the expression as written.
            SyntaxNode node = value.Syntax;
            while (node.Parent is CheckedExpressionSyntax or ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                node.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix),
                target,
                detail));
        }
    }
}
