using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// Runs the shared analysis at most once per method body per compilation, whichever flow rule asks
    /// first, and keeps the findings of every flow rule for the others. Each rule stays its own analyzer
    /// (one descriptor, its own severity and suppression) and only reports what the pass found.
    /// </summary>
    /// <remarks>
    /// The findings cache holds locations, symbols and strings only, never operation trees or graphs, so
    /// keeping it for the compilation's lifetime costs little; graphs are shared weakly, keyed by the
    /// operation tree they were built from. A computation cancelled half-way is not cached.
    /// </remarks>
    internal sealed partial class FlowPass
    {
        private static readonly ConditionalWeakTable<Compilation, FlowPass> s_passes = new ConditionalWeakTable<Compilation, FlowPass>();

        private readonly ConcurrentDictionary<SyntaxNode, Entry> _methods = new ConcurrentDictionary<SyntaxNode, Entry>();
        private int _analyses;

        private readonly ImmutableArray<IFlowRuleInterpreter> _rules;

        private FlowPass(Compilation compilation, ImmutableArray<IFlowRuleInterpreter> rules)
        {
            _rules = rules;
            _compilation = compilation;
            Environment = new FlowEnvironment(compilation);
        }

        public FlowEnvironment Environment { get; }

        /// <summary>How many control-flow analyses this compilation has run so far (one per method body that touches qWAVE).</summary>
        public int AnalysesRun => Volatile.Read(ref _analyses);

        /// <summary>How many times the body at <paramref name="body"/> was analyzed (0 or 1 unless a run was cancelled).</summary>
        public int AnalysesOf(SyntaxNode body) => _methods.TryGetValue(body, out Entry? entry) ? entry.Runs : 0;

        /// <summary>The compilation's pass, created by the first rule that asks, with the interpreters of every flow rule (all callers pass the same set).</summary>
        public static FlowPass For(Compilation compilation, ImmutableArray<IFlowRuleInterpreter> rules) => s_passes.GetValue(compilation, c => new FlowPass(c, rules));

        /// <summary>The facts of every body of the operation block being analyzed.</summary>
        public ImmutableArray<MethodFlowFacts> Analyze(OperationBlockAnalysisContext context, QwaveRecognizer recognizer)
        {
            ImmutableArray<MethodFlowFacts>.Builder? results = null;
            foreach (IOperation root in context.OperationBlocks)
            {
                if (root.Kind != OperationKind.MethodBody && root.Kind != OperationKind.ConstructorBody && root.Kind != OperationKind.Block
                    && root.Kind != OperationKind.FieldInitializer && root.Kind != OperationKind.PropertyInitializer)
                {
                    continue;
                }

                Entry entry = _methods.GetOrAdd(root.Syntax, static _ => new Entry());
                MethodFlowFacts facts = entry.Get(this, context, recognizer, root);
                if (context.OperationBlocks.Length == 1)
                {
                    // The usual case, asked by each of the nine rules: one array per body, not one per rule.
                    return entry.Alone(facts);
                }

                if (!ReferenceEquals(facts, MethodFlowFacts.None))
                {
                    results ??= ImmutableArray.CreateBuilder<MethodFlowFacts>();
                    results.Add(facts);
                }
            }

            return results is null ? ImmutableArray<MethodFlowFacts>.Empty : results.ToImmutable();
        }

        private MethodFlowFacts Compute(OperationBlockAnalysisContext context, QwaveRecognizer recognizer, IOperation root, out bool analyzed)
        {
            analyzed = false;
            // The cheapest checks first, on text alone: most bodies mention no qWAVE binding, package API or release call.
            if (!MayBeRelevant(root.Syntax, context.OwningSymbol, recognizer) && !CallsRelevantHelper(root.Syntax, context.OwningSymbol, recognizer, context.CancellationToken))
            {
                return MethodFlowFacts.None;
            }

            if (!MayUseQwave(root, recognizer))
            {
                return MethodFlowFacts.None;
            }

            analyzed = true;
            return AnalyzeBody(GraphOf(root, context), context.OperationBlocks, context.OwningSymbol, recognizer, context.CancellationToken);
        }

        // The graph of each body, whoever built it first: the driver (for the body's own analysis) or a summary (for a
        // caller's). Keyed by the operation tree, so a graph lives exactly as long as the tree it was built from.
        private readonly ConditionalWeakTable<IOperation, ControlFlowGraph> _graphs = new ConditionalWeakTable<IOperation, ControlFlowGraph>();

        private ControlFlowGraph GraphOf(IOperation block, OperationBlockAnalysisContext context)
        {
            // The driver hands over a method's body block; its graph is the graph of the tree's root (the method body).
            IOperation root = block;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            if (_graphs.TryGetValue(root, out ControlFlowGraph? known))
            {
                return known;
            }

            ControlFlowGraph graph = context.GetControlFlowGraph(block);
            return _graphs.GetValue(root, _ => graph);
        }

        private ControlFlowGraph GraphOf(IMethodBodyOperation body, CancellationToken cancellationToken) =>
            _graphs.TryGetValue(body, out ControlFlowGraph? known) ? known : _graphs.GetValue(body, b => ControlFlowGraph.Create((IMethodBodyOperation)b, cancellationToken));

        /// <summary>
        /// The analysis of one method body's graph and of every local function and lambda in it, without
        /// the per-body cache and pre-check (the benchmarks measure the engine through this).
        /// </summary>
        internal MethodFlowFacts AnalyzeBody(ControlFlowGraph graph, ImmutableArray<IOperation> operationBlocks, ISymbol owningSymbol, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            var units = new List<MethodFlowFacts>();
            var method = new MethodScope(operationBlocks);
            // What other members leave in the fields matters only to a body that touches the type's members.
            TypeLevelFacts typeFacts = owningSymbol is IMethodSymbol member && TouchesOwnMembers(operationBlocks, member)
                ? TypeFactsOf(member, recognizer, cancellationToken)
                : TypeLevelFacts.None;
            AnalyzeUnit(graph, new TrackedSymbols(graph, operationBlocks), owningSymbol, recognizer, method, units, cancellationToken, typeFacts);
            return MethodFlowFacts.Combine(units);
        }

        private static bool TouchesOwnMembers(ImmutableArray<IOperation> operationBlocks, IMethodSymbol method)
        {
            foreach (IOperation block in operationBlocks)
            {
                foreach (IOperation operation in block.DescendantsAndSelf())
                {
                    // A field or property of the type, or a call of one of its methods (whose summary may touch them).
                    (ISymbol? member, IOperation? instance) = operation switch
                    {
                        IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } reference => (reference.Member, reference.Instance),
                        IInvocationOperation invocation => (invocation.TargetMethod, invocation.Instance),
                        _ => (null, null),
                    };
                    if (member is not null
                        && (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                            || (instance is null && SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, method.ContainingType?.OriginalDefinition))))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A pass that is not shared through <see cref="For"/>: for measuring the engine on its own.</summary>
        internal static FlowPass CreateUnshared(Compilation compilation, ImmutableArray<IFlowRuleInterpreter> rules) => new FlowPass(compilation, rules);

        /// <summary>
        /// Analyzes one graph, then each local function and lambda in it as a unit of its own: one
        /// analysis per control-flow graph. Inside a nested unit only its own locals and parameters
        /// (and members) are tracked; what it captures from outside may change between its statements.
        /// </summary>
        private void AnalyzeUnit(ControlFlowGraph graph, TrackedSymbols symbols, ISymbol owningSymbol, QwaveRecognizer recognizer, MethodScope method, List<MethodFlowFacts> units, CancellationToken cancellationToken, TypeLevelFacts? typeFacts = null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref _analyses);
            var analysis = new FlowWalk(graph, recognizer, symbols, Environment, owningSymbol, this, probe: null, typeFacts, cancellationToken);
            analysis.Run(analysis.EntryState());
            units.Add(FlowRuleFindings.Collect(analysis, owningSymbol, recognizer, Environment, _rules));

            foreach (IMethodSymbol localFunction in graph.LocalFunctions)
            {
                ControlFlowGraph nested = graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken);
                AnalyzeNested(nested, localFunction, recognizer, method, units, cancellationToken);
            }

            foreach (IOperation operation in GraphOperations.All(graph))
            {
                if (operation is IFlowAnonymousFunctionOperation lambda)
                {
                    ControlFlowGraph nested = graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken);
                    AnalyzeNested(nested, lambda.Symbol, recognizer, method, units, cancellationToken);
                }
            }
        }

        private void AnalyzeNested(ControlFlowGraph nested, IMethodSymbol function, QwaveRecognizer recognizer, MethodScope method, List<MethodFlowFacts> units, CancellationToken cancellationToken)
        {
            IOperation? body = nested.OriginalOperation switch
            {
                IAnonymousFunctionOperation lambda => lambda.Body,
                ILocalFunctionOperation local => (IOperation?)local.Body ?? local.IgnoredBody,
                _ => null,
            };
            if (body is null || !MayUseQwave(body, recognizer))
            {
                return;
            }

            AnalyzeUnit(nested, new TrackedSymbols(nested, new[] { body }, function, method.WrittenByFunctions), function, recognizer, method, units, cancellationToken);
        }

        /// <summary>What the nested units of one body share, computed on first need.</summary>
        private sealed class MethodScope
        {
            private readonly ImmutableArray<IOperation> _blocks;
            private ISet<ISymbol>? _written;

            public MethodScope(ImmutableArray<IOperation> blocks)
            {
                _blocks = blocks;
            }

            public ISet<ISymbol> WrittenByFunctions => _written ??= TrackedSymbols.WrittenByFunctions(_blocks);
        }

        /// <summary>
        /// The cheapest check, on text alone: most bodies mention no qWAVE binding, package API or
        /// release call, and get no cache entry and no walk of their operations.
        /// </summary>
        private static bool MayBeRelevant(SyntaxNode body, ISymbol owner, QwaveRecognizer recognizer)
        {
            if (!recognizer.MayContainCall(body.SyntaxTree))
            {
                return false;
            }

            // Inside a [QosFlow] class its generated Add is called without the class name.
            return recognizer.MayContainCall(body)
                || recognizer.CallSites.Mentions(body, s_releaseNames)
                || (owner.ContainingType is INamedTypeSymbol type && recognizer.CallSites.IsName(type.Name));
        }

        /// <summary>A body that calls qWAVE only through the type's own helpers (<c>Dispose() { ReleaseHandle(); DetachFlows(); }</c>).</summary>
        private bool CallsRelevantHelper(SyntaxNode body, ISymbol owner, QwaveRecognizer recognizer, CancellationToken cancellationToken) =>
            owner.ContainingType is INamedTypeSymbol type
            && recognizer.MayContainCall(type)
            && RelevantHelperNames(type, recognizer, cancellationToken) is { Length: > 0 } names
            && recognizer.CallSites.Mentions(body, names);


        private readonly ConcurrentDictionary<INamedTypeSymbol, string[]> _helperNames = new ConcurrentDictionary<INamedTypeSymbol, string[]>(SymbolEqualityComparer.Default);

        /// <summary>
        /// The names of the type's methods whose bodies may reach qWAVE or release a handle or socket, directly or
        /// through each other (on text alone, once per type).
        /// </summary>
        private string[] RelevantHelperNames(INamedTypeSymbol type, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            type = type.OriginalDefinition;
            if (_helperNames.TryGetValue(type, out string[]? known))
            {
                return known;
            }

            var bodies = new List<(string Name, SyntaxNode Body)>();
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation } method)
                {
                    foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
                    {
                        bodies.Add((method.Name, reference.GetSyntax(cancellationToken)));
                    }
                }
            }

            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach ((string name, SyntaxNode body) in bodies)
            {
                if (recognizer.MayContainCall(body.SyntaxTree) && (recognizer.MayContainCall(body) || recognizer.CallSites.Mentions(body, s_releaseNames)))
                {
                    names.Add(name);
                }
            }

            for (bool grew = names.Count > 0; grew;)
            {
                grew = false;
                string[] current = names.ToArray();
                foreach ((string name, SyntaxNode body) in bodies)
                {
                    if (!names.Contains(name) && recognizer.MayContainCall(body.SyntaxTree) && recognizer.CallSites.Mentions(body, current))
                    {
                        grew |= names.Add(name);
                    }
                }
            }

            string[] result = names.ToArray();
            return _helperNames.GetOrAdd(type, result);
        }

        // A SafeHandle released by hand: its Dispose or Close call (the type-level judgement of closes needs those too).
        private static readonly string[] s_releaseNames = { "Dispose", "Close" };

        /// <summary>Cheap pre-check: the graph is built only for bodies that call qWAVE or release a SafeHandle.</summary>
        internal bool MayUseQwave(IOperation root, QwaveRecognizer recognizer)
        {
            foreach (IOperation operation in root.Descendants())
            {
                if (operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                if (recognizer.Recognize(invocation.TargetMethod) is not null)
                {
                    return true;
                }

                if ((invocation.TargetMethod.Name == "Dispose" || invocation.TargetMethod.Name == "Close") && Environment.IsSafeHandle(invocation.TargetMethod.ContainingType))
                {
                    return true;
                }

                if (Environment.IsPackageAdd(invocation.TargetMethod)
                    || Environment.IsPackageSocketRemoval(invocation.TargetMethod)
                    || Environment.IsSession(invocation.TargetMethod.ContainingType))
                {
                    return true;
                }

                if (invocation.TargetMethod.ContainingType is INamedTypeSymbol type && invocation.TargetMethod.MethodKind == MethodKind.Ordinary
                    && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly)
                    && recognizer.MayContainCall(type)
                    && System.Array.IndexOf(RelevantHelperNames(type, recognizer, CancellationToken.None), invocation.TargetMethod.Name) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>One body's result (<see cref="MethodFlowFacts.None"/> for a body that cannot matter), computed under a lock by the first rule that asks.</summary>
        private sealed class Entry
        {
            private readonly object _gate = new object();
            private MethodFlowFacts? _facts;
            private int _runs;

            public int Runs => Volatile.Read(ref _runs);

            private ImmutableArray<MethodFlowFacts> _alone;

            /// <summary><paramref name="facts"/> (this entry's) as the whole result of a one-block body: empty for <see cref="MethodFlowFacts.None"/>.</summary>
            public ImmutableArray<MethodFlowFacts> Alone(MethodFlowFacts facts)
            {
                if (ReferenceEquals(facts, MethodFlowFacts.None))
                {
                    return ImmutableArray<MethodFlowFacts>.Empty;
                }

                if (_alone.IsDefault)
                {
                    ImmutableInterlocked.InterlockedInitialize(ref _alone, ImmutableArray.Create(facts));
                }

                return _alone;
            }

            public MethodFlowFacts Get(FlowPass pass, OperationBlockAnalysisContext context, QwaveRecognizer recognizer, IOperation root)
            {
                MethodFlowFacts? facts = Volatile.Read(ref _facts);
                if (facts is not null)
                {
                    return facts;
                }

                lock (_gate)
                {
                    if (_facts is null)
                    {
                        _facts = pass.Compute(context, recognizer, root, out bool analyzed);
                        if (analyzed)
                        {
                            Interlocked.Increment(ref _runs);
                        }
                    }

                    return _facts;
                }
            }
        }
    }
}
