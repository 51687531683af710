using System.Collections.Generic;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// The calls a flow rule has already reported in one graph, so that each is reported once. Most graphs report
    /// nothing: the set is made on the first report.
    /// </summary>
    internal struct ReportedCalls
    {
        private HashSet<IInvocationOperation>? _calls;

        /// <summary>Records <paramref name="call"/>; false when it was already recorded.</summary>
        public bool Add(IInvocationOperation call) => (_calls ??= new HashSet<IInvocationOperation>()).Add(call);

        public readonly bool Contains(IInvocationOperation call) => _calls is not null && _calls.Contains(call);
    }
}
