using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using QosAnalyzers.Analyzers.Flow;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// Every flow rule's interpreter, found once by reflection: a new flow rule adds its analyzer file with a
    /// nested <c>Interpreter</c>, and the shared pass runs it on every graph without any other edit.
    /// </summary>
    internal static class FlowRules
    {
        public static readonly ImmutableArray<IFlowRuleInterpreter> All = typeof(FlowRules).GetTypeInfo().Assembly.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && typeof(IFlowRuleInterpreter).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IFlowRuleInterpreter)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}
