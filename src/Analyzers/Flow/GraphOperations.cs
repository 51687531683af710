using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>Walks of a control-flow graph's operations.</summary>
    internal static class GraphOperations
    {
        /// <summary>
        /// Every operation of <paramref name="graph"/>: each block's statements, then its branch value, each with
        /// everything nested in it, block by block. Lambdas and local functions have graphs of their own; their
        /// bodies are not entered.
        /// </summary>
        public static IEnumerable<IOperation> All(ControlFlowGraph graph)
        {
            foreach (BasicBlock block in graph.Blocks)
            {
                foreach (IOperation root in block.Operations)
                {
                    foreach (IOperation operation in root.DescendantsAndSelf())
                    {
                        yield return operation;
                    }
                }

                if (block.BranchValue is IOperation branch)
                {
                    foreach (IOperation operation in branch.DescendantsAndSelf())
                    {
                        yield return operation;
                    }
                }
            }
        }
    }
}
