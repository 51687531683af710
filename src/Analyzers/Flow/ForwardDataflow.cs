using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// A forward may-analysis over a method's <see cref="ControlFlowGraph"/>: a worklist over basic
    /// blocks to a fixed point, with states joined where paths merge. Subclasses supply the lattice
    /// (a join that only grows) and the transfer function; the engine supplies the paths:
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>conditional branches are refined by the branch value (<see cref="Refine"/>), so a call's
    /// success and failure paths can carry different states;</item>
    /// <item>a <c>finally</c> is run on the way out of every branch that leaves its <c>try</c>, from that
    /// branch's state, so a release in <c>finally</c> is seen on the path that continues after it;</item>
    /// <item>a <c>catch</c> is entered with the state at the start of its <c>try</c>: an exception is
    /// assumed to strike before the <c>try</c> did anything. This misses effects of partially run
    /// <c>try</c> blocks on purpose, since assuming the worst there would flag correct code;</item>
    /// <item>lambdas and local functions have their own graphs and are not entered.</item>
    /// </list>
    /// </remarks>
    internal abstract class ForwardDataflow<TState>
        where TState : class
    {
        private readonly ControlFlowGraph _graph;

        protected ForwardDataflow(ControlFlowGraph graph)
        {
            _graph = graph;
        }

        protected ControlFlowGraph Graph => _graph;

        /// <summary>Runs the analysis to its fixed point.</summary>
        public void Run(TState entry)
        {
            var states = new TState?[_graph.Blocks.Length];
            RunRegion(0, entry, region: null, states);
        }

        /// <summary>The least upper bound; must be commutative, idempotent and only grow.</summary>
        protected abstract TState Join(TState left, TState right);

        protected abstract bool AreEqual(TState left, TState right);

        /// <summary>The effect of one root operation of a block (a statement or the branch value).</summary>
        protected abstract TState Transfer(TState state, IOperation operation);

        /// <summary>The state on the edge taken when <paramref name="condition"/> evaluated to <paramref name="value"/>.</summary>
        protected virtual TState Refine(TState state, IOperation condition, bool value) => state;

        /// <summary>Seen with the state at the method's exit (joined over every path that returns normally); called again as it grows.</summary>
        protected virtual void OnExit(TState state)
        {
        }

        /// <summary>Seen when a path ends in <c>throw <paramref name="exception"/></c>, with the state there.</summary>
        protected virtual void OnThrow(TState state, IOperation exception)
        {
        }

        /// <summary>Seen when a path ends in <c>return <paramref name="value"/></c>, with the state there (before any <c>finally</c>).</summary>
        protected virtual void OnReturn(TState state, IOperation value)
        {
        }

        /// <summary>Seen when a branch leaves <paramref name="regions"/> (innermost first), with the state after the <c>finally</c> blocks it runs.</summary>
        protected virtual void OnLeave(TState state, ImmutableArray<ControlFlowRegion> regions)
        {
        }

        private TState? RunRegion(int first, TState entry, ControlFlowRegion? region, TState?[] states)
        {
            TState? exit = null;
            var worklist = new Worklist(states.Length);
            states[first] = entry;
            worklist.Add(first);

            while (worklist.Count > 0)
            {
                int ordinal = worklist.PopMin();
                BasicBlock block = _graph.Blocks[ordinal];
                TState? state = states[ordinal];
                if (state is null)
                {
                    continue;
                }

                EnterHandlers(block, state, region, states, worklist);
                if (block.Kind == BasicBlockKind.Exit)
                {
                    OnExit(state);
                }

                foreach (IOperation operation in block.Operations)
                {
                    state = Transfer(state, operation);
                }

                if (block.BranchValue is IOperation branchValue)
                {
                    state = Transfer(state, branchValue);
                    if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Throw)
                    {
                        OnThrow(state, branchValue);
                    }
                    else if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return && block.ConditionKind == ControlFlowConditionKind.None)
                    {
                        OnReturn(state, branchValue);
                    }
                }

                if (block.ConditionKind != ControlFlowConditionKind.None && block.BranchValue is IOperation condition)
                {
                    bool jumpsWhen = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                    Propagate(block.ConditionalSuccessor, Refine(state, condition, jumpsWhen), region, states, worklist, ref exit);
                    Propagate(block.FallThroughSuccessor, Refine(state, condition, !jumpsWhen), region, states, worklist, ref exit);
                }
                else
                {
                    Propagate(block.FallThroughSuccessor, state, region, states, worklist, ref exit);
                }
            }

            return exit;
        }

        private void EnterHandlers(BasicBlock block, TState state, ControlFlowRegion? region, TState?[] states, Worklist worklist)
        {
            for (ControlFlowRegion? r = block.EnclosingRegion; r is not null && r.FirstBlockOrdinal == block.Ordinal; r = r.EnclosingRegion)
            {
                if (r.Kind != ControlFlowRegionKind.Try || r.EnclosingRegion is not { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch)
                {
                    continue;
                }

                foreach (ControlFlowRegion handler in tryAndCatch.NestedRegions)
                {
                    if (handler != r)
                    {
                        Merge(handler.FirstBlockOrdinal, state, region, states, worklist);
                    }
                }
            }
        }

        private void Propagate(ControlFlowBranch? branch, TState state, ControlFlowRegion? region, TState?[] states, Worklist worklist, ref TState? exit)
        {
            if (branch is null)
            {
                return;
            }

            TState? current = state;
            foreach (ControlFlowRegion @finally in branch.FinallyRegions)
            {
                current = RunRegion(@finally.FirstBlockOrdinal, current, @finally, new TState?[_graph.Blocks.Length]);
                if (current is null)
                {
                    // The finally never completes normally (it throws): nothing flows on.
                    return;
                }
            }

            if (!branch.LeavingRegions.IsEmpty)
            {
                OnLeave(current, branch.LeavingRegions);
            }

            if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
            {
                exit = exit is null ? current : Join(exit, current);
                return;
            }

            if (branch.Destination is BasicBlock destination)
            {
                Merge(destination.Ordinal, current, region, states, worklist);
            }
        }

        private void Merge(int ordinal, TState state, ControlFlowRegion? region, TState?[] states, Worklist worklist)
        {
            if (region is not null && (ordinal < region.FirstBlockOrdinal || ordinal > region.LastBlockOrdinal))
            {
                return;
            }

            TState? existing = states[ordinal];
            TState merged = existing is null ? state : Join(existing, state);
            if (existing is null || !AreEqual(existing, merged))
            {
                states[ordinal] = merged;
                worklist.Add(ordinal);
            }
        }
    
        /// <summary>The blocks waiting to be visited, lowest ordinal first (blocks are few; a flag per block and a scan beat a tree).</summary>
        private sealed class Worklist
        {
            private readonly bool[] _queued;
            private int _lowest;

            public Worklist(int blocks)
            {
                _queued = new bool[blocks];
                _lowest = blocks;
            }

            public int Count { get; private set; }

            public void Add(int ordinal)
            {
                if (_queued[ordinal])
                {
                    return;
                }

                _queued[ordinal] = true;
                Count++;
                if (ordinal < _lowest)
                {
                    _lowest = ordinal;
                }
            }

            public int PopMin()
            {
                while (!_queued[_lowest])
                {
                    _lowest++;
                }

                _queued[_lowest] = false;
                Count--;
                return _lowest;
            }
        }
    }
}
