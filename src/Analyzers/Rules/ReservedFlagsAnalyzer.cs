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
    /// <summary>QOS001: a reserved Flags argument is a known nonzero constant.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReservedFlagsAnalyzer : QwaveDiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.ReservedFlagsMustBeZero,
            title: "Reserved Flags argument must be 0",
            messageFormat: "The {1} argument of {0} is reserved and must be 0, but {2} is passed",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "QOSRemoveSocketFromFlow, QOSSetFlow, QOSNotifyFlow, QOSStartTrackingClient and QOSStopTrackingClient document their Flags parameter as reserved: it must be 0. A nonzero value is rejected with ERROR_INVALID_PARAMETER today and may change meaning in a later Windows version.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.ReservedFlagsMustBeZero));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            RegisterOperationActionInQwaveTypes(context, recognizer, c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            if (!recognizer.TryGetCall((IInvocationOperation)context.Operation, out QwaveCall call))
            {
                return;
            }

            IArgumentOperation? flags = call.Argument(ParameterRole.Flags);
            QwaveParameter? parameter = flags is null ? null : call.Method.CatalogParameter(flags.Parameter);
            if (flags is null || parameter is null || !parameter.IsReserved)
            {
                return;
            }

            if (!ConstantValues.TryGetInteger(flags.Value, out ulong value) || value == 0)
            {
                return;
            }

            // An omitted optional argument has no syntax of its own: report on the call.
            Location location = flags.ArgumentKind == ArgumentKind.DefaultValue
                ? call.Invocation.Syntax.GetLocation()
                : (flags.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() ?? flags.Syntax).GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, call.FunctionName, parameter.Name, Display(flags.Value, value)));
        }

        private static string Display(IOperation value, ulong bits)
        {
            object? constant = value.ConstantValue.HasValue ? value.ConstantValue.Value : null;
            return constant switch
            {
                int i => i.ToString(CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture),
                _ => bits.ToString(CultureInfo.InvariantCulture),
            };
        }
    }
}
