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

        private protected sealed override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer)
        {
            FlowPass pass = FlowPass.For(context.Compilation, FlowRules.All);
            DiagnosticDescriptor rule = Descriptor;
            context.RegisterOperationBlockAction(block =>
            {
                foreach (MethodFlowFacts facts in pass.Analyze(block, recognizer))
                {
                    foreach (FlowFinding finding in facts.For(rule.Id))
                    {
                        block.ReportDiagnostic(finding.ToDiagnostic(rule));
                    }
                }
            });
        }
    }
}
