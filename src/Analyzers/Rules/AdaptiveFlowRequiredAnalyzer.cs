using System.Collections.Generic;
using System.Collections.Immutable;
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
    /// QOS010: QOSQueryFlow(QOSQueryFlowFundamentals) or QOSNotifyFlow on a flow this method created
    /// with QOS_NON_ADAPTIVE_FLOW, or the id of an adaptive flow passed as the input FlowId of
    /// another QOSAddSocketToFlow. Only ids whose creating add is seen, with constant Flags, count.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AdaptiveFlowRequiredAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.OperationNeedsAdaptiveFlow,
            title: "Operation needs an adaptive flow, or second socket on an adaptive flow",
            messageFormat: "FlowId '{0}' passed to {1} names {2}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A flow added with QOS_NON_ADAPTIVE_FLOW gathers no network-path data, so QOSQueryFlow(QOSQueryFlowFundamentals) and every QOSNotifyFlow operation are unavailable on it. Only non-adaptive flows may carry more than one socket.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.OperationNeedsAdaptiveFlow));

        private protected override DiagnosticDescriptor Descriptor => Rule;

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => AdaptiveFlowRequiredAnalyzer.Interpret(context.Walk, context.Recognizer, context.Findings);
        }

        internal static void Interpret(FlowWalk analysis, QwaveRecognizer recognizer, List<FlowFinding> findings)
        {
            InterpretSession(analysis, findings);
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<FlowIdSource>> input in SourceOrder.By(analysis.Facet<FlowIdProvenanceFacet>().FlowIdInputs, p => p.Key))
            {
                if (input.Value.IsEmpty || !recognizer.TryGetCall(input.Key, out QwaveCall call) || analysis.Symbols.KeyOf(call.ArgumentValue(ParameterRole.FlowId)) is not ISymbol flowId)
                {
                    continue;
                }

                // Read up to three times below: sorted once.
                IReadOnlyList<FlowIdSource> adds = Adds(input.Value);
                if (adds.Count == 0)
                {
                    continue;
                }

                if (call.FunctionName == QwaveCatalog.QOSAddSocketToFlow)
                {
                    FlowIdSource? adaptive = adds.FirstOrDefault(s => s.Adaptivity == FlowAdaptivity.Adaptive && !ReferenceEquals(s.Add, input.Key));
                    if (adaptive is not null)
                    {
                        findings.Add(new FlowFinding(
                            Rule.Id,
                            input.Key.Syntax.GetLocation(),
                            new[] { adaptive.Origin.Syntax.GetLocation() },
                            null,
                            flowId.Name,
                            call.FunctionName,
                            "the adaptive flow created by " + QwaveCatalog.QOSAddSocketToFlow + " without QOS_NON_ADAPTIVE_FLOW; only a non-adaptive flow can take a second socket"));
                    }

                    continue;
                }

                string? operation = AdaptiveOnlyOperation(call);
                if (operation is null || adds.Any(s => s.Adaptivity != FlowAdaptivity.NonAdaptive))
                {
                    continue;
                }

                FlowIdSource? nonAdaptive = adds.FirstOrDefault();
                if (nonAdaptive is not null)
                {
                    findings.Add(new FlowFinding(
                        Rule.Id,
                        input.Key.Syntax.GetLocation(),
                        new[] { nonAdaptive.Origin.Syntax.GetLocation() },
                        null,
                        flowId.Name,
                        call.FunctionName,
                        "a flow created with QOS_NON_ADAPTIVE_FLOW, which gathers no network data; " + operation + " needs an adaptive flow"));
                }
            }
        }

        /// <summary>The same checks on this package's QosSession API: the kind comes from AddSocketToFlow's 'adaptive' argument.</summary>
        /// <summary>The sources that are adds, in source order (none: nothing to judge).</summary>
        private static IReadOnlyList<FlowIdSource> Adds(ImmutableHashSet<FlowIdSource> sources)
        {
            List<FlowIdSource>? adds = null;
            foreach (FlowIdSource source in sources)
            {
                if (source.Kind == FlowIdSourceKind.FromAdd)
                {
                    (adds ??= new List<FlowIdSource>()).Add(source);
                }
            }

            return adds is null ? System.Array.Empty<FlowIdSource>() : SourceOrder.By(adds, s => s.Origin);
        }

        private static void InterpretSession(FlowWalk analysis, List<FlowFinding> findings)
        {
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<FlowIdSource>> input in SourceOrder.By(analysis.Facet<FlowIdProvenanceFacet>().SessionFlowIdInputs, p => p.Key))
            {
                IArgumentOperation? argument = input.Key.Arguments.FirstOrDefault(a => a.Parameter?.Name == PackageApi.Parameters.FlowId);
                if (input.Value.IsEmpty || argument is null || analysis.Symbols.KeyOf(argument.Value) is not ISymbol flowId)
                {
                    continue;
                }

                string method = input.Key.TargetMethod.Name;
                var adds = input.Value.Where(s => s.Kind == FlowIdSourceKind.FromAdd).OrderBy(s => s.Origin.Syntax.SpanStart).ToList();
                if (method == PackageApi.Session.AddSocketToExistingFlow)
                {
                    FlowIdSource? adaptive = adds.FirstOrDefault(s => s.Adaptivity == FlowAdaptivity.Adaptive);
                    if (adaptive is not null)
                    {
                        findings.Add(new FlowFinding(Rule.Id, input.Key.Syntax.GetLocation(), new[] { adaptive.Origin.Syntax.GetLocation() }, null, flowId.Name, PackageApi.Types.Session + "." + method,
                            "the adaptive flow created by " + PackageApi.Session.AddSocketToFlow + "(" + PackageApi.Parameters.Adaptive + ": true); only a non-adaptive flow can take a second socket"));
                    }

                    continue;
                }

                if (!PackageApi.Session.NeedAdaptiveFlow.Contains(method) || adds.Count == 0 || adds.Any(s => s.Adaptivity != FlowAdaptivity.NonAdaptive))
                {
                    continue;
                }

                findings.Add(new FlowFinding(Rule.Id, input.Key.Syntax.GetLocation(), new[] { adds[0].Origin.Syntax.GetLocation() }, null, flowId.Name, PackageApi.Types.Session + "." + method,
                    "a flow created by " + PackageApi.Session.AddSocketToFlow + "(" + PackageApi.Parameters.Adaptive + ": false), which gathers no network data; " + method + " needs an adaptive flow"));
            }
        }

        /// <summary>The operation's name when it needs path estimates: every QOSNotifyFlow, and QOSQueryFlow with a constant QOSQueryFlowFundamentals.</summary>
        private static string? AdaptiveOnlyOperation(QwaveCall call)
        {
            IOperation? operation = call.ArgumentValue(ParameterRole.Operation);
            if (operation is null || !ConstantValues.TryGetInteger(operation, out ulong value) || call.Function.OperationEnum is not string enumName)
            {
                return call.FunctionName == QwaveCatalog.QOSNotifyFlow ? call.FunctionName : null;
            }

            string name = QwaveCatalog.Enum(enumName)?.NameOf((long)value) ?? value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (call.FunctionName == QwaveCatalog.QOSNotifyFlow)
            {
                return name;
            }

            return call.FunctionName == QwaveCatalog.QOSQueryFlow && name == "QOSQueryFlowFundamentals" ? name : null;
        }
    }
}
