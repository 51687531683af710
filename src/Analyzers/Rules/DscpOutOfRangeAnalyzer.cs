using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS017: a DSCP value outside 0-63: the constant a local holds whose address is QOSSetFlow's
    /// buffer for QOSSetOutgoingDSCPValue, or the constant passed to this package's SetOutgoingDscp and
    /// TrySetOutgoingDscp. TOS bytes (a DSCP shifted left by two, like 0xB8) are called out.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DscpOutOfRangeAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property, present when the value looks like a TOS byte: the fix shifts it right by two.</summary>
        internal const string TosProperty = "Tos";

        private const string DscpOperation = "QOSSetOutgoingDSCPValue";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.DscpOutOfRange,
            title: "DSCP value outside 0-63",
            messageFormat: "The DSCP value {0} passed to {1} is outside 0-63{2}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A DSCP is the upper six bits of the IP TOS/Traffic Class byte, so only 0-63 are values. A value like 0xB8 (184) is a whole TOS byte: its DSCP is 0xB8 >> 2 = 46 (Expedited Forwarding). qWAVE uses only six bits or rejects the value, and this package's SetOutgoingDscp throws ArgumentOutOfRangeException.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.DscpOutOfRange));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            RegisterOperationActionInQwaveTypes(context, recognizer, c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!recognizer.MayContainCall(invocation.Syntax.SyntaxTree))
            {
                return;
            }

            if (recognizer.TryGetCall(invocation, out QwaveCall call))
            {
                AnalyzeSetFlow(context, call);
                return;
            }

            IMethodSymbol method = invocation.TargetMethod;
            bool setsDscp = method.Name is PackageApi.Session.SetOutgoingDscp or PackageApi.Session.TrySetOutgoingDscp
                || method.Name is PackageApi.FlowWrapper.SetOutgoingDscp or PackageApi.FlowWrapper.TrySetOutgoingDscp;
            if (setsDscp && PackageApi.IsPackageMethod(method))
            {
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == PackageApi.Parameters.Dscp && argument.ArgumentKind != ArgumentKind.DefaultValue
                        && Constant(argument.Value) is long value)
                    {
                        Report(context, argument.Syntax, argument.Value.Syntax, value, method.ContainingType.Name + "." + method.Name);
                    }
                }
            }
        }

        private static void AnalyzeSetFlow(OperationAnalysisContext context, QwaveCall call)
        {
            if (call.Function.OperationEnum is null
                || !ConstantValues.TryGetInteger(call.ArgumentValue(ParameterRole.Operation), out ulong operation)
                || QwaveCatalog.BufferContract(call.FunctionName, (long)operation)?.OperationName != DscpOperation
                || call.Argument(ParameterRole.Buffer) is not IArgumentOperation buffer
                || EvidentValues.PointedLocal(buffer.Value) is not ILocalSymbol local
                // The call itself takes the address to read the value: not a write.
                || EvidentValues.SingleAssignedValue(local, call.Invocation, r => buffer.Syntax.Span.Contains(r.Syntax.Span)) is not IOperation written
                || Constant(written) is not long value)
            {
                return;
            }

            Report(context, buffer.Syntax, written.Syntax, value, call.FunctionName + "(" + DscpOperation + ")");
        }

        /// <summary>The value as a signed number (a uint keeps its magnitude), or null when not a constant.</summary>
        private static long? Constant(IOperation value)
        {
            if (!ConstantValues.TryGetInteger(value, out ulong bits))
            {
                return null;
            }

            ITypeSymbol? type = EvidentValues.Unwrap(value)?.Type ?? value.Type;
            bool signed = type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_SByte;
            return signed ? (long)bits : bits > long.MaxValue ? null : (long)bits;
        }

        private static void Report(OperationAnalysisContext context, SyntaxNode location, SyntaxNode value, long dscp, string target)
        {
            if (dscp >= 0 && dscp <= QwaveCatalog.MaxDscp)
            {
                return;
            }

            bool tos = dscp > QwaveCatalog.MaxDscp && dscp <= 255 && dscp % 4 == 0;
            string shown = dscp.ToString(CultureInfo.InvariantCulture) + (dscp > 9 ? " (0x" + dscp.ToString("X2", CultureInfo.InvariantCulture) + ")" : string.Empty);
            string hint = tos
                ? "; 0x" + dscp.ToString("X2", CultureInfo.InvariantCulture) + " looks like a TOS byte, whose DSCP is 0x" + dscp.ToString("X2", CultureInfo.InvariantCulture) + " >> 2 = " + (dscp >> 2).ToString(CultureInfo.InvariantCulture)
                : string.Empty;
            ImmutableDictionary<string, string?> properties = tos ? ImmutableDictionary<string, string?>.Empty.Add(TosProperty, "true") : ImmutableDictionary<string, string?>.Empty;
            Location[] additional = value.SyntaxTree == location.SyntaxTree ? new[] { value.GetLocation() } : System.Array.Empty<Location>();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location.GetLocation(), additional, properties, shown, target, hint));
        }
    }
}
