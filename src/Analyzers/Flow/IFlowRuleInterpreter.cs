using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// One flow rule's reading of the shared analysis of a graph: it turns the engine's results into that
    /// rule's findings. The engine runs every interpreter it was given on every graph it analyzes; it names
    /// no rule itself.
    /// </summary>
    internal interface IFlowRuleInterpreter
    {
        void Interpret(FlowRuleContext context);
    }

    /// <summary>What an interpreter reads (the finished analysis and its setting) and where it writes its findings.</summary>
    internal sealed class FlowRuleContext
    {
        public FlowRuleContext(FlowWalk analysis, ISymbol owningSymbol, QwaveRecognizer recognizer, FlowEnvironment environment)
        {
            Walk = analysis;
            OwningSymbol = owningSymbol;
            Recognizer = recognizer;
            Environment = environment;
        }

        public FlowWalk Walk { get; }

        /// <summary>The walk's facet of type <typeparamref name="T"/>, whose results the rule reads.</summary>
        public T Facet<T>()
            where T : Facets.FlowFacet => Walk.Facet<T>();

        /// <summary>The method, local function or lambda whose graph was analyzed.</summary>
        public ISymbol OwningSymbol { get; }

        public QwaveRecognizer Recognizer { get; }

        public FlowEnvironment Environment { get; }

        /// <summary>The findings of every rule, each tagged with its rule id.</summary>
        public List<FlowFinding> Findings { get; } = new List<FlowFinding>();

        /// <summary>Closes of handle members in Dispose-like methods with nothing outstanding, for a rule that judges the whole type.</summary>
        public List<MemberClose> MemberCloses { get; } = new List<MemberClose>();
    }
}
