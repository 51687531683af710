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
        public static readonly ImmutableArray<IFlowRuleInterpreter> All = LoadableTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && typeof(IFlowRuleInterpreter).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IFlowRuleInterpreter)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        /// <summary>The assembly's types; a host that cannot load some of them (an older compiler) still gets the rest.</summary>
        private static Type[] LoadableTypes()
        {
            try
            {
                return typeof(FlowRules).GetTypeInfo().Assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException partial)
            {
                return partial.Types.Where(t => t is not null).Select(t => t!).ToArray();
            }
        }
    }
}
