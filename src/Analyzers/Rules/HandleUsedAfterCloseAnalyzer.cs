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
    /// QOS008: a QOS handle passed to a qWAVE call after some path closed it (QOSCloseHandle, or
    /// Dispose/Close of the SafeHandle that owns it), closed twice, or closed with
    /// QOSCloseHandle through <c>DangerousGetHandle()</c> while a SafeHandle still owns it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HandleUsedAfterCloseAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.HandleUsedAfterClose,
            title: "QOS handle used after it was closed, or closed twice",
            messageFormat: "'{0}' {1}",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "After QOSCloseHandle the handle value is invalid: calls fail with ERROR_INVALID_HANDLE, or, once the value is reused, act on another object. A SafeHandle closes its handle when disposed, so closing its raw value manually closes it twice.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.HandleUsedAfterClose));

        private protected override DiagnosticDescriptor Descriptor => Rule;

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => HandleUsedAfterCloseAnalyzer.Interpret(context.Walk, context.OwningSymbol, context.Recognizer, context.Environment, context.Findings);
        }

        /// <summary>The shared pass's result as QOS008 sees it: closes reaching later calls on the same handle.</summary>
        internal static void Interpret(FlowWalk analysis, ISymbol owningSymbol, QwaveRecognizer recognizer, FlowEnvironment environment, List<FlowFinding> findings)
        {
            var reported = new ReportedCalls();
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<IOperation>> use in SourceOrder.By(analysis.Facet<HandleObligationsFacet>().UsesAfterClose, p => p.Key))
            {
                if (use.Value.IsEmpty || !recognizer.TryGetCall(use.Key, out QwaveCall call) || analysis.Symbols.KeyOf(call.ArgumentValue(ParameterRole.QosHandle)) is not ISymbol handle)
                {
                    continue;
                }

                IOperation close = SourceOrder.Earliest(use.Value, c => c)!;
                string description = call.FunctionName == QwaveCatalog.QOSCloseHandle
                    ? "is closed again by " + call.FunctionName + " after it was already closed"
                    : "is passed to " + call.FunctionName + " after it was closed";
                findings.Add(new FlowFinding(Rule.Id, use.Key.Syntax.GetLocation(), new[] { close.Syntax.GetLocation() }, null, handle.Name, description));
                reported.Add(use.Key);
            }

            foreach (KeyValuePair<IInvocationOperation, HelperUse> use in SourceOrder.By(analysis.Facet<HandleObligationsFacet>().HelperUsesAfterClose, p => p.Key))
            {
                IOperation close = SourceOrder.Earliest(use.Value.Closes, c => c)!;
                string description = "is passed to " + use.Value.Function + " by '" + use.Key.TargetMethod.Name + "' after it was closed";
                findings.Add(new FlowFinding(Rule.Id, use.Key.Syntax.GetLocation(), new[] { close.Syntax.GetLocation() }, null, use.Value.Handle.Name, description));
            }

            // A QosSession used after it was disposed: every member but Dispose throws ObjectDisposedException.
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<IOperation>> use in SourceOrder.By(analysis.Facet<HandleObligationsFacet>().SessionUsesAfterDispose, p => p.Key))
            {
                if (use.Key.Instance is not IOperation instance || analysis.Symbols.KeyOf(instance) is not ISymbol session)
                {
                    continue;
                }

                IOperation disposal = SourceOrder.Earliest(use.Value, c => c)!;
                findings.Add(new FlowFinding(Rule.Id, use.Key.Syntax.GetLocation(), new[] { disposal.Syntax.GetLocation() }, null, session.Name, "is used by " + use.Key.TargetMethod.Name + " after it was disposed"));
            }

            if (IsReleaseHandleOverride(owningSymbol, environment))
            {
                return;
            }

            foreach (CloseSite site in SourceOrder.By(analysis.Facet<HandleObligationsFacet>().Closes, s => s.Close))
            {
                if (reported.Contains(site.Close)
                    || !recognizer.TryGetCall(site.Close, out QwaveCall call)
                    || call.FunctionName != QwaveCatalog.QOSCloseHandle
                    || OwningSafeHandle(call.ArgumentValue(ParameterRole.QosHandle), environment) is not IOperation owner)
                {
                    continue;
                }

                findings.Add(new FlowFinding(Rule.Id, site.Close.Syntax.GetLocation(), null, null, site.Handle.Name, "is closed by " + call.FunctionName + " while the SafeHandle that owns it will close it again"));
            }
        }

        /// <summary>The SafeHandle whose <c>DangerousGetHandle()</c> the argument is (through conversions and HANDLE-style wrappers).</summary>
        private static IOperation? OwningSafeHandle(IOperation? argument, FlowEnvironment environment)
        {
            for (int depth = 0; argument is not null && depth < 8; depth++)
            {
                switch (argument)
                {
                    case IConversionOperation conversion:
                        argument = conversion.Operand;
                        continue;
                    case IObjectCreationOperation { Type.IsValueType: true, Arguments.Length: 1 } wrapper:
                        argument = wrapper.Arguments[0].Value;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "DangerousGetHandle", Instance: IOperation instance, Arguments.Length: 0 }
                        when environment.IsSafeHandle(instance.Type):
                        return instance;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>A SafeHandle's own ReleaseHandle is where the manual close belongs.</summary>
        private static bool IsReleaseHandleOverride(ISymbol owningSymbol, FlowEnvironment environment)
        {
            for (ISymbol? s = owningSymbol; s is not null; s = s.ContainingSymbol)
            {
                if (s is IMethodSymbol { Name: "ReleaseHandle", IsOverride: true } method && environment.IsSafeHandle(method.ContainingType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
