using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Flow.Facets;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS006: the FlowId passed to QOSAddSocketToFlow may not be 0 on some path: a nonzero
    /// constant, an uninitialized local or stackalloc buffer under [SkipLocalsInit], the id a loop's
    /// previous iteration received for an adaptive flow, or the id of a flow the method removed.
    /// An id from an earlier add with QOS_NON_ADAPTIVE_FLOW is a deliberate join and stays quiet; an id
    /// from an earlier adaptive add on another call is QOS010's.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FlowIdNotZeroAnalyzer : FlowRuleAnalyzer
    {
        /// <summary>Diagnostic property: the variable to reset.</summary>
        internal const string FlowIdProperty = "FlowId";

        /// <summary>Diagnostic property: the expression to assign 0 to (<c>flowId</c>, <c>this._flowId</c>, or <c>*p</c> for a pointer to the id).</summary>
        internal const string ResetProperty = "Reset";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.FlowIdNotZeroOnInput,
            title: "FlowId not provably 0 on input to QOSAddSocketToFlow",
            messageFormat: "FlowId '{0}' passed to {1} may not be 0: {2}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "QOSAddSocketToFlow reads FlowId on input: 0 creates a new flow, any other value adds the socket to the existing flow with that id. A stale or uninitialized id fails with ERROR_INVALID_PARAMETER or silently joins the wrong flow.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.FlowIdNotZeroOnInput));

        private protected override DiagnosticDescriptor Descriptor => Rule;

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => FlowIdNotZeroAnalyzer.Interpret(context.Walk, context.Recognizer, context.Findings);
        }

        internal static void Interpret(FlowWalk analysis, QwaveRecognizer recognizer, List<FlowFinding> findings)
        {
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<FlowIdSource>> input in SourceOrder.By(analysis.Facet<FlowIdProvenanceFacet>().FlowIdInputs, p => p.Key))
            {
                if (!recognizer.TryGetCall(input.Key, out QwaveCall call) || call.FunctionName != QwaveCatalog.QOSAddSocketToFlow)
                {
                    continue;
                }

                FlowIdSource? offending = MostTelling(input.Value, input.Key);
                if (offending is null || analysis.Symbols.KeyOf(call.ArgumentValue(ParameterRole.FlowId)) is not ISymbol flowId)
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[FlowIdProperty] = flowId.Name;
                if (ResetTarget(call.ArgumentValue(ParameterRole.FlowId)) is string reset)
                {
                    properties[ResetProperty] = reset;
                }

                Location[]? additional = offending.Kind == FlowIdSourceKind.NonZeroConstant || offending.Kind == FlowIdSourceKind.Removed
                    ? new[] { offending.Origin.Syntax.GetLocation() }
                    : null;
                findings.Add(new FlowFinding(Rule.Id, input.Key.Syntax.GetLocation(), additional, properties.ToImmutable(), flowId.Name, call.FunctionName, Describe(offending)));
            }
        }

        /// <summary>The offending source the message names: by kind, then one of this call before an inherited one, then the earliest.</summary>
        private static FlowIdSource? MostTelling(ImmutableHashSet<FlowIdSource> sources, IInvocationOperation add)
        {
            FlowIdSource? best = null;
            foreach (FlowIdSource source in sources)
            {
                if (IsOffending(source, add) && (best is null || Ranks(source, best) < 0))
                {
                    best = source;
                }
            }

            return best;
        }

        private static int Ranks(FlowIdSource left, FlowIdSource right)
        {
            int byKind = ((int)left.Kind).CompareTo((int)right.Kind);
            if (byKind != 0)
            {
                return byKind;
            }

            int byInheritance = (left.Inherited ? 1 : 0).CompareTo(right.Inherited ? 1 : 0);
            return byInheritance != 0 ? byInheritance : left.Origin.Syntax.SpanStart.CompareTo(right.Origin.Syntax.SpanStart);
        }

        private static bool IsOffending(FlowIdSource source, IInvocationOperation add) => source.Kind switch
        {
            FlowIdSourceKind.NonZeroConstant or FlowIdSourceKind.Uninitialized or FlowIdSourceKind.Removed => true,

            // The same call on an earlier iteration created an adaptive flow, which cannot be joined:
            // the id is left over, not a deliberate join.
            FlowIdSourceKind.FromAdd => ReferenceEquals(source.Add, add) && source.Adaptivity == FlowAdaptivity.Adaptive,
            _ => false,
        };

        private static string Describe(FlowIdSource source) => source.Kind switch
        {
            FlowIdSourceKind.NonZeroConstant => "it holds " + ConstantText(source.Origin),
            FlowIdSourceKind.Uninitialized => "nothing writes it before the call and [SkipLocalsInit] leaves it holding whatever was on the stack",
            FlowIdSourceKind.Removed => "it still holds the id of a flow that " + QwaveCatalog.QOSRemoveSocketFromFlow + " removed",
            _ when source.Inherited => "it still holds the id of the adaptive flow this call created on an earlier call, and no member of the type resets it to 0",
            _ => "it still holds the id of the adaptive flow this call created on an earlier iteration",
        };

        private static string ConstantText(IOperation origin) =>
            origin is ISimpleAssignmentOperation assignment && ConstantValues.TryGetInteger(assignment.Value, out ulong value)
                ? value.ToString(CultureInfo.InvariantCulture)
                : "a nonzero constant";

        /// <summary>What <c>= 0</c> must be written to: the variable passed by ref or by address, or what a pointer points to.</summary>
        private static string? ResetTarget(IOperation? argument)
        {
            while (argument is IConversionOperation conversion)
            {
                argument = conversion.Operand;
            }

            switch (argument)
            {
                case IAddressOfOperation addressOf when IsStorage(addressOf.Reference):
                    return addressOf.Reference.Syntax.ToString();
                case ILocalReferenceOperation { Local.Type: IPointerTypeSymbol } pointer:
                    return "*" + pointer.Syntax.ToString();
                case IParameterReferenceOperation { Parameter.Type: IPointerTypeSymbol } pointer:
                    return "*" + pointer.Syntax.ToString();
                case IOperation storage when IsStorage(storage) && storage.Type is not IPointerTypeSymbol:
                    return storage.Syntax.ToString();
                default:
                    return null;
            }
        }

        private static bool IsStorage(IOperation operation) =>
            operation is ILocalReferenceOperation || operation is IParameterReferenceOperation || operation is IFieldReferenceOperation;
    }
}
