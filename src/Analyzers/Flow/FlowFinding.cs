using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// A diagnostic the shared pass found for one rule, kept as locations, message arguments and
    /// properties only, so that cached results hold no operation trees.
    /// </summary>
    internal sealed class FlowFinding
    {
        public FlowFinding(string ruleId, Location location, IEnumerable<Location>? additionalLocations, ImmutableDictionary<string, string?>? properties, params string[] arguments)
        {
            RuleId = ruleId;
            Location = location;
            AdditionalLocations = additionalLocations is null ? ImmutableArray<Location>.Empty : ImmutableArray.CreateRange(additionalLocations);
            Properties = properties ?? ImmutableDictionary<string, string?>.Empty;
            Arguments = arguments;
        }

        public string RuleId { get; }

        public Location Location { get; }

        public ImmutableArray<Location> AdditionalLocations { get; }

        public ImmutableDictionary<string, string?> Properties { get; }

        public string[] Arguments { get; }

        public Diagnostic ToDiagnostic(DiagnosticDescriptor descriptor) =>
            Diagnostic.Create(descriptor, Location, AdditionalLocations, Properties, Arguments);
    }

    /// <summary>What the shared pass learned about one method body: the findings of every flow rule, and the facts a rule that judges the whole type combines.</summary>
    internal sealed class MethodFlowFacts
    {
        public static readonly MethodFlowFacts None = new MethodFlowFacts(
            ImmutableArray<FlowFinding>.Empty,
            ImmutableArray<MemberClose>.Empty,
            ImmutableArray<MemberAdd>.Empty,
            removesFlows: false);

        public MethodFlowFacts(ImmutableArray<FlowFinding> findings, ImmutableArray<MemberClose> memberCloses, ImmutableArray<MemberAdd> memberAdds, bool removesFlows, ImmutableArray<ISymbol> closedMembers = default)
        {
            ClosedMembers = closedMembers.IsDefault ? ImmutableArray<ISymbol>.Empty : closedMembers;
            Findings = findings;
            MemberCloses = memberCloses;
            MemberAdds = memberAdds;
            RemovesFlows = removesFlows;
        }

        public ImmutableArray<FlowFinding> Findings { get; }

        /// <summary>One body's facts from the facts of its graph and of the local functions and lambdas in it.</summary>
        public static MethodFlowFacts Combine(List<MethodFlowFacts> units)
        {
            if (units.Count == 1)
            {
                return units[0];
            }

            var findings = ImmutableArray.CreateBuilder<FlowFinding>();
            var closes = ImmutableArray.CreateBuilder<MemberClose>();
            var adds = ImmutableArray.CreateBuilder<MemberAdd>();
            var closed = ImmutableArray.CreateBuilder<ISymbol>();
            bool removes = false;
            foreach (MethodFlowFacts unit in units)
            {
                findings.AddRange(unit.Findings);
                closes.AddRange(unit.MemberCloses);
                adds.AddRange(unit.MemberAdds);
                closed.AddRange(unit.ClosedMembers);
                removes |= unit.RemovesFlows;
            }

            return new MethodFlowFacts(findings.ToImmutable(), closes.ToImmutable(), adds.ToImmutable(), removes, closed.ToImmutable());
        }

        /// <summary>Closes of a handle member with nothing outstanding in this method (candidates for the judgement of the whole type).</summary>
        public ImmutableArray<MemberClose> MemberCloses { get; }

        /// <summary>QOSAddSocketToFlow calls on a handle member.</summary>
        public ImmutableArray<MemberAdd> MemberAdds { get; }

        /// <summary>True when the method calls QOSRemoveSocketFromFlow anywhere (directly or through a helper it calls).</summary>
        public bool RemovesFlows { get; }

        /// <summary>Handle members the method may close (directly, by a SafeHandle's Dispose/Close, or through a helper).</summary>
        public ImmutableArray<ISymbol> ClosedMembers { get; }

        public IEnumerable<FlowFinding> For(string ruleId)
        {
            foreach (FlowFinding finding in Findings)
            {
                if (finding.RuleId == ruleId)
                {
                    yield return finding;
                }
            }
        }
    }

    /// <summary>A close of a handle member.</summary>
    internal sealed class MemberClose
    {
        public MemberClose(ISymbol handle, Location location)
        {
            Handle = handle;
            Location = location;
        }

        public ISymbol Handle { get; }

        public Location Location { get; }
    }

    /// <summary>A QOSAddSocketToFlow call on a handle member.</summary>
    internal sealed class MemberAdd
    {
        public MemberAdd(ISymbol handle, Location location)
        {
            Handle = handle;
            Location = location;
        }

        public ISymbol Handle { get; }

        public Location Location { get; }
    }
}
