using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// Base of a rule that only reports what the shared flow pass found: it asks <see cref="FlowPass"/>
    /// for each method body (analyzed once, whichever rule asks first) and reports its own findings.
    /// </summary>
    public abstract class FlowRuleAnalyzer : QwaveDiagnosticAnalyzer
    {
        private protected abstract DiagnosticDescriptor Descriptor { get; }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

        /// <summary>True for a rule that also judges each type from what all its members do (<see cref="ReportAcrossType"/>).</summary>
        private protected virtual bool JudgesTypes => false;

        /// <summary>Whether findings in the code of <paramref name="owningSymbol"/> are reported (all by default).</summary>
        private protected virtual bool ReportsIn(ISymbol owningSymbol) => true;

        /// <summary>Called once per type that may call qWAVE, with the facts of every member body the pass analyzed.</summary>
        private protected virtual void ReportAcrossType(SymbolAnalysisContext context, IReadOnlyCollection<(IMethodSymbol Method, MethodFlowFacts Facts)> members, QwaveRecognizer recognizer)
        {
        }

        private protected sealed override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer)
        {
            FlowPass pass = FlowPass.For(context.Compilation, FlowRules.All);
            DiagnosticDescriptor rule = Descriptor;
            bool judgesTypes = JudgesTypes;
            if (!judgesTypes)
            {
                RegisterOperationBlockActionInQwaveTypes(context, recognizer, block => Report(block, pass.Analyze(block, recognizer), rule, ReportsIn(block.OwningSymbol)));
                return;
            }

            RegisterForTypesThatMayCallQwave(context, recognizer, start =>
            {
                var members = new ConcurrentBag<(IMethodSymbol, MethodFlowFacts)>();
                start.RegisterOperationBlockAction(block =>
                {
                    ImmutableArray<MethodFlowFacts> analyzed = pass.Analyze(block, recognizer);
                    Report(block, analyzed, rule, ReportsIn(block.OwningSymbol));
                    if (block.OwningSymbol is IMethodSymbol method)
                    {
                        foreach (MethodFlowFacts facts in analyzed)
                        {
                            members.Add((method, facts));
                        }
                    }
                });
                start.RegisterSymbolEndAction(end => ReportAcrossType(end, members.ToArray(), recognizer));
            });
        }

        private static void Report(OperationBlockAnalysisContext block, ImmutableArray<MethodFlowFacts> analyzed, DiagnosticDescriptor rule, bool reports)
        {
            if (!reports)
            {
                return;
            }

            foreach (MethodFlowFacts facts in analyzed)
            {
                foreach (FlowFinding finding in facts.For(rule.Id))
                {
                    block.ReportDiagnostic(finding.ToDiagnostic(rule));
                }
            }
        }

    }
}
