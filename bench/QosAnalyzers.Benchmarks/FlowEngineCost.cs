using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Benchmarks;

/// <summary>
/// The shared flow engine on its own, outside the analyzer driver: per method body, what each phase
/// costs in time and allocation. Explains the analyzer figures; not a baseline comparison.
/// </summary>
internal static class FlowEngineCost
{
    public sealed record Phase(string Name, int Bodies, double MicrosecondsPerBody, double BytesPerBody);

    public static IReadOnlyList<Phase> Measure(int files, int rounds)
    {
        IReadOnlyList<SyntaxTree> trees = SyntheticProject.Create(files, 5);
        Compilation compilation = SyntheticProject.Compile(trees);
        _ = compilation.GetDiagnostics();
        QwaveRecognizer recognizer = QwaveRecognizer.TryCreate(compilation, default) ?? throw new InvalidOperationException("The synthetic project does not reach qWAVE.");

        List<(IOperation Body, ISymbol Owner)> all = Bodies(compilation, _ => true);

        FlowPass pass = FlowPass.CreateUnshared(compilation, QosAnalyzers.Analyzers.Rules.FlowRules.All);
        var qwave = all.Where(b => pass.MayUseQwave(b.Body, recognizer)).ToList();
        var graphs = qwave.Select(b => ControlFlowGraph.Create((Microsoft.CodeAnalysis.Operations.IMethodBodyOperation)b.Body)).ToList();

        var phases = new List<Phase>
        {
            Time("operation pre-check, every body", all.Count, rounds, () =>
            {
                foreach ((IOperation body, _) in all)
                {
                    _ = pass.MayUseQwave(body, recognizer);
                }
            }),
            Time("control-flow graph", qwave.Count, rounds, () =>
            {
                foreach ((IOperation body, _) in qwave)
                {
                    _ = ControlFlowGraph.Create((Microsoft.CodeAnalysis.Operations.IMethodBodyOperation)body);
                }
            }),
            Time("tracked symbols", qwave.Count, rounds, () =>
            {
                for (int i = 0; i < qwave.Count; i++)
                {
                    _ = new TrackedSymbols(graphs[i], ImmutableArray.Create(qwave[i].Body));
                }
            }),
            Time("dataflow", qwave.Count, rounds, () =>
            {
                for (int i = 0; i < qwave.Count; i++)
                {
                    var analysis = new FlowWalk(graphs[i], recognizer, new TrackedSymbols(graphs[i], ImmutableArray.Create(qwave[i].Body)), pass.Environment, qwave[i].Owner);
                    analysis.Run(analysis.EntryState());
                }
            }),
            Time("whole pass, graph given (tracked symbols + dataflow + findings of every rule)", qwave.Count, rounds, () =>
            {
                for (int i = 0; i < qwave.Count; i++)
                {
                    _ = pass.AnalyzeBody(graphs[i], ImmutableArray.Create(qwave[i].Body), qwave[i].Owner, recognizer, default);
                }
            }),
        };

        // What each rule's reading of the walk adds: the whole pass with that interpreter alone, against the pass with none.
        FlowPass bare = FlowPass.CreateUnshared(compilation, ImmutableArray<QosAnalyzers.Analyzers.Flow.IFlowRuleInterpreter>.Empty);
        Phase none = Time("whole pass, graph given, no rule's reading", qwave.Count, rounds, () => AnalyzeAll(bare));
        phases.Add(none);
        foreach (QosAnalyzers.Analyzers.Flow.IFlowRuleInterpreter rule in QosAnalyzers.Analyzers.Rules.FlowRules.All)
        {
            FlowPass alone = FlowPass.CreateUnshared(compilation, ImmutableArray.Create(rule));
            Phase with = Time("reading of " + rule.GetType().DeclaringType?.Name, qwave.Count, rounds, () => AnalyzeAll(alone));
            phases.Add(with with { Name = with.Name + " (added to the pass with none)", MicrosecondsPerBody = with.MicrosecondsPerBody - none.MicrosecondsPerBody, BytesPerBody = with.BytesPerBody - none.BytesPerBody });
        }

        phases.Add(Cold(trees, rounds));
        return phases;

        void AnalyzeAll(FlowPass flowPass)
        {
            for (int i = 0; i < qwave.Count; i++)
            {
                _ = flowPass.AnalyzeBody(graphs[i], ImmutableArray.Create(qwave[i].Body), qwave[i].Owner, recognizer, default);
            }
        }
    }

    /// <summary>
    /// The whole per-body pass (pre-check, graph, engine) on operation trees seen for the first time,
    /// as in a build: each round compiles afresh, gets the roots as the driver does, then times the pass.
    /// </summary>
    private static Phase Cold(IReadOnlyList<SyntaxTree> trees, int rounds)
    {
        var times = new List<double>();
        var bytes = new List<double>();
        int bodies = 0;
        for (int round = 0; round <= rounds; round++)
        {
            Compilation compilation = SyntheticProject.Compile(trees);
            _ = compilation.GetDiagnostics();
            QwaveRecognizer recognizer = QwaveRecognizer.TryCreate(compilation, default)!;
            FlowPass pass = FlowPass.CreateUnshared(compilation, QosAnalyzers.Analyzers.Rules.FlowRules.All);
            List<(IOperation Body, ISymbol Owner)> roots = Bodies(compilation, recognizer.MayContainCall);

            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            foreach ((IOperation body, ISymbol owner) in roots)
            {
                if (pass.MayUseQwave(body, recognizer))
                {
                    ControlFlowGraph graph = ControlFlowGraph.Create((IMethodBodyOperation)body);
                    _ = pass.AnalyzeBody(graph, ImmutableArray.Create(body), owner, recognizer, default);
                }
            }

            if (round > 0)
            {
                times.Add(sw.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, roots.Count));
                bytes.Add((GC.GetAllocatedBytesForCurrentThread() - before) / (double)Math.Max(1, roots.Count));
            }

            bodies = roots.Count;
        }

        return new Phase("first sight: pre-check + graph + pass on fresh operation trees", bodies, times.Min(), bytes.Min());
    }

    /// <summary>Every method body whose declaration <paramref name="include"/> accepts, as the driver hands it over: operation root and owner.</summary>
    private static List<(IOperation Body, ISymbol Owner)> Bodies(Compilation compilation, Func<SyntaxNode, bool> include)
    {
        var bodies = new List<(IOperation Body, ISymbol Owner)>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (BaseMethodDeclarationSyntax declaration in tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
            {
                if (include(declaration) && model.GetOperation(declaration) is IOperation body && model.GetDeclaredSymbol(declaration) is ISymbol owner)
                {
                    bodies.Add((body, owner));
                }
            }
        }

        return bodies;
    }

    private static Phase Time(string name, int bodies, int rounds, Action action)
    {
        action();
        var times = new List<double>();
        var bytes = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, bodies));
            bytes.Add((GC.GetAllocatedBytesForCurrentThread() - before) / (double)Math.Max(1, bodies));
        }

        return new Phase(name, bodies, times.Min(), bytes.Min());
    }
}
