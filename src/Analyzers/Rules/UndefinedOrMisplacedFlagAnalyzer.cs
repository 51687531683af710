using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS013: a non-reserved Flags argument with a value the function does not define, or a flag used
    /// with an Operation it does not apply to: QOSAddSocketToFlow takes 0 or QOS_NON_ADAPTIVE_FLOW,
    /// QOSQueryFlow 0 or QOS_QUERYFLOW_FRESH, and FRESH only with QOSQueryFlowFundamentals. Reserved
    /// Flags are QOS001's.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UndefinedOrMisplacedFlagAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the legal part of the value, which the fix passes instead.</summary>
        internal const string LegalValueProperty = "LegalValue";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.UndefinedOrMisplacedFlag,
            title: "Undefined or misplaced flag value",
            messageFormat: "The Flags argument of {0} is {1}: {2}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "QOSAddSocketToFlow documents one flag, QOS_NON_ADAPTIVE_FLOW (0x2), and QOSQueryFlow one, QOS_QUERYFLOW_FRESH (0x1), which applies only to QOSQueryFlowFundamentals. The two values are easy to swap. Any other bit, or FRESH with another Operation, is rejected with ERROR_INVALID_PARAMETER or may take a meaning in a later Windows version.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.UndefinedOrMisplacedFlag));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            RegisterOperationActionInQwaveTypes(context, recognizer, c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            if (!recognizer.TryGetCall((IInvocationOperation)context.Operation, out QwaveCall call) || call.Function.Flags.Count == 0)
            {
                return;
            }

            IArgumentOperation? flags = call.Argument(ParameterRole.Flags);
            if (flags is null || call.Method.CatalogParameter(flags.Parameter)?.IsReserved != false
                || !ConstantValues.TryGetInteger(flags.Value, out ulong raw) || raw > uint.MaxValue)
            {
                return;
            }

            uint value = (uint)raw;
            QwaveFunction function = call.Function;
            long? operation = function.OperationEnum is not null && ConstantValues.TryGetInteger(call.ArgumentValue(ParameterRole.Operation), out ulong op) ? (long)op : null;
            string? operationName = operation is long op2 ? function.OperationName(op2) : null;
            string? problem = null;
            uint legal = 0;
            foreach (QwaveFlag flag in function.Flags)
            {
                if (flag.AppliesTo(operationName))
                {
                    legal |= flag.Value;
                }
            }

            if (!function.IsLegalFlagsValue(value))
            {
                problem = DescribeUndefined(function, value);
            }
            else if (operation is long known && !function.IsLegalFlagsValue(value, known))
            {
                foreach (QwaveFlag flag in function.Flags)
                {
                    if ((value & flag.Value) != 0 && !flag.AppliesTo(operationName))
                    {
                        problem = flag.Name + " applies only to " + flag.OnlyWithOperation + ", not to " + operationName;
                        break;
                    }
                }
            }

            if (problem is null)
            {
                return;
            }

            Location location = flags.ArgumentKind == ArgumentKind.DefaultValue
                ? call.Invocation.Syntax.GetLocation()
                : (flags.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() ?? flags.Syntax).GetLocation();
            var properties = ImmutableDictionary<string, string?>.Empty.Add(LegalValueProperty, (value & legal).ToString(CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, call.FunctionName, Hex(value), problem));
        }

        private static string DescribeUndefined(QwaveFunction function, uint value)
        {
            var parts = new List<string>();
            uint unknown = value;
            foreach (QwaveFlag flag in function.Flags)
            {
                unknown &= ~flag.Value;
            }

            for (int bit = 0; bit < 32; bit++)
            {
                uint mask = 1u << bit;
                if ((unknown & mask) == 0)
                {
                    continue;
                }

                parts.Add(QwaveCatalog.FindFlag(mask, out QwaveFunction? owner) is QwaveFlag other && owner is not null
                    ? other.Name + " (" + Hex(mask) + ") is a flag of " + owner.Name
                    : Hex(mask) + " is no documented flag");
            }

            var accepted = new List<string>();
            foreach (QwaveFlag flag in function.Flags)
            {
                accepted.Add(flag.Name + " (" + Hex(flag.Value) + ")" + (flag.OnlyWithOperation is null ? string.Empty : " with " + flag.OnlyWithOperation));
            }

            return string.Join(", ", parts) + "; " + function.Name + " takes 0 or " + string.Join(" or ", accepted);
        }

        private static string Hex(uint value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);
    }
}
