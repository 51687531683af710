using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// Maps operations to the storage they denote (local, parameter, or a field or auto-property of
    /// <c>this</c> or of a static), seeing through conversions, <c>&amp;x</c>,
    /// <c>SafeHandle.DangerousGetHandle()</c>, single-argument handle wrappers and the graph's flow captures.
    /// </summary>
    internal sealed class TrackedSymbols
    {
        private readonly Dictionary<CaptureId, IOperation?> _captures = new Dictionary<CaptureId, IOperation?>();
        private readonly HashSet<ISymbol> _capturedByLambdas;
        private readonly ISymbol? _function;
        private readonly ISet<ISymbol>? _writtenByFunctions;

        /// <param name="graph">The graph analyzed.</param>
        /// <param name="operationBlocks">The code whose nested lambdas and local functions may capture locals.</param>
        /// <param name="function">For a local function or lambda analyzed on its own: the function.</param>
        /// <param name="writtenByFunctions">For a function analyzed on its own: the outer locals and parameters some lambda or local function of the method writes; those may change at any call and are not tracked.</param>
        public TrackedSymbols(ControlFlowGraph graph, IEnumerable<IOperation> operationBlocks, ISymbol? function = null, ISet<ISymbol>? writtenByFunctions = null)
        {
            _function = function;
            _writtenByFunctions = writtenByFunctions;
            foreach (BasicBlock block in graph.Blocks)
            {
                foreach (IOperation root in block.Operations)
                {
                    foreach (IOperation operation in root.DescendantsAndSelf())
                    {
                        if (operation is IFlowCaptureOperation capture)
                        {
                            // A capture assigned on several paths (?:, ??) has no single meaning.
                            _captures[capture.Id] = _captures.ContainsKey(capture.Id) ? null : capture.Value;
                        }
                    }
                }
            }

            _capturedByLambdas = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IOperation block in operationBlocks)
            {
                foreach (IOperation operation in block.DescendantsAndSelf())
                {
                    IOperation? body = operation switch
                    {
                        IAnonymousFunctionOperation lambda => lambda.Body,
                        ILocalFunctionOperation local => (IOperation?)local.Body ?? local.IgnoredBody,
                        _ => null,
                    };
                    if (body is null)
                    {
                        continue;
                    }

                    foreach (IOperation inner in body.DescendantsAndSelf())
                    {
                        switch (inner)
                        {
                            case ILocalReferenceOperation l:
                                _capturedByLambdas.Add(l.Local);
                                break;
                            case IParameterReferenceOperation p:
                                _capturedByLambdas.Add(p.Parameter);
                                break;
                        }
                    }
                }
            }
        }

        /// <summary>Arguments, conversions, parentheses and flow captures stand for the value they carry.</summary>
        private bool StepThrough(IOperation operation, out IOperation? inner)
        {
            switch (operation)
            {
                case IArgumentOperation argument:
                    inner = argument.Value;
                    return true;
                case IConversionOperation conversion:
                    inner = conversion.Operand;
                    return true;
                case IParenthesizedOperation parenthesized:
                    inner = parenthesized.Operand;
                    return true;
                case IFlowCaptureReferenceOperation captureReference:
                    inner = _captures.TryGetValue(captureReference.Id, out IOperation? captured) ? captured : null;
                    return true;
                default:
                    inner = null;
                    return false;
            }
        }

        /// <summary>The storage <paramref name="operation"/> denotes, or null. Locals and parameters captured by a lambda or local function are never tracked: the closure may change them at any call.</summary>
        public ISymbol? KeyOf(IOperation? operation)
        {
            for (int depth = 0; operation is not null && depth < 16; depth++)
            {
                if (StepThrough(operation, out IOperation? inner))
                {
                    operation = inner;
                    continue;
                }

                switch (operation)
                {
                    case IAddressOfOperation addressOf:
                        operation = addressOf.Reference;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "DangerousGetHandle", Instance: IOperation instance, Arguments.Length: 0 }:
                        operation = instance;
                        continue;
                    case IObjectCreationOperation { Type.IsValueType: true, Arguments.Length: 1 } wrapper:
                        // HANDLE-style structs wrapping the raw value.
                        operation = wrapper.Arguments[0].Value;
                        continue;
                    case ILocalReferenceOperation local:
                        return _capturedByLambdas.Contains(local.Local) || !IsOwn(local.Local) ? null : local.Local;
                    case IParameterReferenceOperation parameter:
                        return _capturedByLambdas.Contains(parameter.Parameter) || !IsOwn(parameter.Parameter) ? null : parameter.Parameter;
                    case IFieldReferenceOperation field:
                        return field.Instance is null || field.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } ? field.Field.OriginalDefinition : null;
                    case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                        return property.Instance is null || property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } ? property.Property.OriginalDefinition : null;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The storage of the socket <paramref name="operation"/> denotes: sees through <c>.Handle</c>,
        /// <c>.SafeHandle</c>, <c>DangerousGetHandle()</c> and <c>UdpClient/TcpClient.Client</c> to the
        /// local, parameter or member holding the Socket (or the raw SOCKET value).
        /// </summary>
        public ISymbol? SocketKeyOf(IOperation? operation)
        {
            for (int depth = 0; operation is not null && depth < 16; depth++)
            {
                if (StepThrough(operation, out IOperation? inner))
                {
                    operation = inner;
                    continue;
                }

                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.Name: "Handle" or "SafeHandle" or "Client", Instance: IOperation instance } property
                        when property.Arguments.IsEmpty && !(instance is IInstanceReferenceOperation):
                        operation = instance;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "DangerousGetHandle", Instance: IOperation instance, Arguments.Length: 0 }:
                        operation = instance;
                        continue;
                    default:
                        return KeyOf(operation);
                }
            }

            return null;
        }

        /// <summary>The value a flow capture reference stands for, when it has exactly one.</summary>
        public IOperation? Unwrap(IOperation? operation)
        {
            for (int depth = 0; depth < 16; depth++)
            {
                switch (operation)
                {
                    case IFlowCaptureReferenceOperation reference:
                        operation = _captures.TryGetValue(reference.Id, out IOperation? captured) ? captured : null;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }

            return operation;
        }

        /// <summary>In a function analyzed on its own, captured outer storage is tracked unless some function of the method writes it.</summary>
        private bool IsOwn(ISymbol symbol) =>
            _function is null
            || SymbolEqualityComparer.Default.Equals(symbol.ContainingSymbol, _function)
            || (_writtenByFunctions is not null && !_writtenByFunctions.Contains(symbol));

        /// <summary>Locals and parameters that a lambda or local function in <paramref name="operationBlocks"/> assigns, increments, or passes by ref, out or address.</summary>
        public static ISet<ISymbol> WrittenByFunctions(IEnumerable<IOperation> operationBlocks)
        {
            var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IOperation block in operationBlocks)
            {
                foreach (IOperation operation in block.DescendantsAndSelf())
                {
                    IOperation? body = operation switch
                    {
                        IAnonymousFunctionOperation lambda => lambda.Body,
                        ILocalFunctionOperation local => (IOperation?)local.Body ?? local.IgnoredBody,
                        _ => null,
                    };
                    if (body is null)
                    {
                        continue;
                    }

                    foreach (IOperation inner in body.DescendantsAndSelf())
                    {
                        IOperation? target = inner switch
                        {
                            IAssignmentOperation assignment => assignment.Target,
                            IIncrementOrDecrementOperation increment => increment.Target,
                            IAddressOfOperation addressOf => addressOf.Reference,
                            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                            _ => null,
                        };
                        foreach (IOperation t in target is null ? System.Linq.Enumerable.Empty<IOperation>() : target.DescendantsAndSelf())
                        {
                            switch (t)
                            {
                                case ILocalReferenceOperation l:
                                    written.Add(l.Local);
                                    break;
                                case IParameterReferenceOperation p:
                                    written.Add(p.Parameter);
                                    break;
                            }
                        }
                    }
                }
            }

            return written;
        }

        public static bool IsMember(ISymbol symbol) => symbol is IFieldSymbol || symbol is IPropertySymbol;
    }
}
