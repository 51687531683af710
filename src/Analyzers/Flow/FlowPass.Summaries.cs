using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow.Facets;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// Summaries of the program's own methods, so that the flow rules follow real code through the helpers
    /// it is split into (<c>Dispose() { ReleaseHandle(); DetachFlows(); }</c>), and what the members of a
    /// type leave in its fields for each other. Each summary is the shared analysis run once over the callee
    /// with stand-ins for the caller's state; it is computed on first need and kept for the compilation.
    /// </summary>
    /// <remarks>
    /// A call is summarized only when it cannot dispatch elsewhere (static, non-virtual, sealed, or on a
    /// sealed type, through <c>this</c>) and the callee's body is plain: no lambdas or local functions (their
    /// effects happen at other times), not async, not an iterator. Anything else stays opaque, as before:
    /// what it receives is assumed to be taken care of. Summaries nest up to <see cref="MaxDepth"/> calls;
    /// recursion is opaque.
    /// </remarks>
    internal sealed partial class FlowPass
    {
        private const int MaxDepth = 4;

        [ThreadStatic]
        private static List<IMethodSymbol>? t_inProgress;

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IMethodSymbol, SummaryEntry> _summaries = new ConcurrentDictionary<IMethodSymbol, SummaryEntry>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamedTypeSymbol, TypeLevelFacts> _types = new ConcurrentDictionary<INamedTypeSymbol, TypeLevelFacts>(SymbolEqualityComparer.Default);

        /// <summary>The summary of the method <paramref name="invocation"/> calls, when the call can only reach that body; null: opaque.</summary>
        public CalleeSummary? SummaryOf(IInvocationOperation invocation, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (!method.IsStatic)
            {
                if (invocation.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                {
                    return null;
                }

                bool dispatches = (method.IsVirtual || method.IsOverride || method.IsAbstract) && !method.IsSealed && !method.ContainingType.IsSealed;
                if (dispatches)
                {
                    return null;
                }
            }

            return Summarize(method, recognizer, cancellationToken);
        }

        private CalleeSummary? Summarize(IMethodSymbol method, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            method = (method.PartialImplementationPart ?? method).OriginalDefinition;
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation)
            {
                return null;
            }

            if (method.IsAbstract || method.IsExtern || method.IsAsync || method.DeclaringSyntaxReferences.Length != 1
                || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
                || recognizer.Recognize(method) is not null)
            {
                return null;
            }

            if (_summaries.TryGetValue(method, out SummaryEntry? cached))
            {
                return cached.Summary;
            }

            List<IMethodSymbol> inProgress = t_inProgress ??= new List<IMethodSymbol>();
            if (inProgress.Count >= MaxDepth || inProgress.Contains(method, SymbolEqualityComparer.Default))
            {
                return null;
            }

            inProgress.Add(method);
            CalleeSummary? summary;
            try
            {
                summary = Compute(method, recognizer, cancellationToken);
            }
            finally
            {
                inProgress.RemoveAt(inProgress.Count - 1);
            }

            return _summaries.GetOrAdd(method, new SummaryEntry(summary)).Summary;
        }

        private IMethodBodyOperation? BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            SyntaxNode declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            bool hasBody = declaration switch
            {
                BaseMethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
                AccessorDeclarationSyntax a => a.Body is not null || a.ExpressionBody is not null,
                _ => false,
            };
            if (!hasBody || !_compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return null;
            }

#pragma warning disable RS1030 // The callee is in another body than the one analyzed; the driver hands out the same cached model.
            SemanticModel model = _compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            return model.GetOperation(declaration, cancellationToken) as IMethodBodyOperation;
        }

        private CalleeSummary? Compute(IMethodSymbol method, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            if (BodyOf(method, cancellationToken) is not IMethodBodyOperation body)
            {
                return null;
            }

            foreach (IOperation operation in body.Descendants())
            {
                if (operation.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction or OperationKind.YieldReturn or OperationKind.YieldBreak)
                {
                    // Functions inside it run at times it does not decide; an iterator runs when enumerated.
                    return null;
                }
            }

            ControlFlowGraph graph = GraphOf(body, cancellationToken);
            var symbols = new TrackedSymbols(graph, new IOperation[] { body });
            var keys = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            IInvocationOperation? placeholder = null;
            foreach (IOperation operation in GraphOperations.All(graph))
            {
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        placeholder ??= invocation;
                        if (ReachesThisOpaquely(invocation, recognizer, cancellationToken))
                        {
                            return null;
                        }

                        if (recognizer.Recognize(invocation.TargetMethod) is null && SummaryOf(invocation, recognizer, cancellationToken) is CalleeSummary nested)
                        {
                            // The members a nested helper reaches are this callee's business too.
                            keys.UnionWith(nested.MemberKeys);
                        }

                        break;
                    case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self
                        when self.Parent is not IMemberReferenceOperation && self.Parent is not IInvocationOperation:
                        // 'this' handed on: whatever receives it may reach every member.
                        return null;
                    case IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation:
                        if (symbols.KeyOf(operation) is ISymbol key
                            && (TrackedSymbols.IsMember(key) || key is IParameterSymbol { RefKind: RefKind.None } parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method)))
                        {
                            keys.Add(key);
                        }

                        break;
                }
            }

            (int passesThrough, ImmutableArray<int> throwsOnFailure) = ResultHandling(method, body);
            if (keys.Count == 0 && placeholder is null && passesThrough < 0 && throwsOnFailure.IsEmpty)
            {
                // It calls nothing and reaches nothing the caller tracks.
                return Empty;
            }

            var probe = new SummaryProbe(graph.OriginalOperation, placeholder, keys.ToImmutableArray());
            var analysis = new FlowWalk(graph, recognizer, symbols, Environment, method, this, probe, typeFacts: null, cancellationToken);
            analysis.Run(analysis.EntryState());
            if (analysis.ExitState is not FlowState exit)
            {
                // It never returns: the caller does not go on after it.
                return null;
            }

            return Read(analysis, exit, probe, keys, recognizer, passesThrough, throwsOnFailure);
        }

        /// <summary>
        /// What the callee does with a result it is given: returns a BOOL parameter unchanged on every path, or
        /// throws when a result parameter tested in a condition says failure, with no comparison with
        /// ERROR_IO_PENDING (997) anywhere in it.
        /// </summary>
        private static (int PassesThrough, ImmutableArray<int> ThrowsOnFailure) ResultHandling(IMethodSymbol method, IMethodBodyOperation body)
        {
            int passesThrough = -1;
            if (method.ReturnType.SpecialType == SpecialType.System_Boolean)
            {
                IParameterSymbol? returned = null;
                bool every = true;
                foreach (IOperation operation in body.Descendants())
                {
                    if (operation is IReturnOperation { ReturnedValue: IOperation value })
                    {
                        while (value is IConversionOperation conversion)
                        {
                            value = conversion.Operand;
                        }

                        if (value is IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } p } && (returned is null || SymbolEqualityComparer.Default.Equals(p, returned)))
                        {
                            returned = p;
                        }
                        else
                        {
                            every = false;
                        }
                    }
                }

                passesThrough = every && returned is not null ? returned.Ordinal : -1;
            }

            bool throws = false;
            var tested = new HashSet<int>();
            foreach (IOperation operation in body.Descendants())
            {
                switch (operation)
                {
                    case IThrowOperation:
                        throws = true;
                        break;
                    case ILiteralOperation or IFieldReferenceOperation or ILocalReferenceOperation
                        when operation.ConstantValue.HasValue && ConstantValues.TryGetInteger(operation, out ulong constant) && constant == QwaveCatalog.ERROR_IO_PENDING:
                        return (passesThrough, ImmutableArray<int>.Empty);
                    case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } reference when InCondition(reference) && IsResultType(parameter.Type):
                        tested.Add(parameter.Ordinal);
                        break;
                }
            }

            return (passesThrough, throws ? tested.OrderBy(i => i).ToImmutableArray() : ImmutableArray<int>.Empty);
        }

        private static bool InCondition(IOperation reference)
        {
            for (IOperation? current = reference; current?.Parent is IOperation parent; current = parent)
            {
                if (parent is IConditionalOperation conditional && ReferenceEquals(conditional.Condition, current))
                {
                    return true;
                }

                if (parent is IBlockOperation || parent is IExpressionStatementOperation)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>A BOOL result as bindings spell it: bool, an integer, or a one-field struct (BOOL).</summary>
        private static bool IsResultType(ITypeSymbol type) =>
            type.SpecialType == SpecialType.System_Boolean || type.SpecialType == SpecialType.System_Int32 || type.SpecialType == SpecialType.System_UInt32
            || (type.TypeKind == TypeKind.Struct && type.Name == "BOOL");

        private static ISymbol? MemberHoldingIdOf(FlowState exit, IInvocationOperation add)
        {
            foreach (KeyValuePair<ISymbol, ImmutableHashSet<FlowIdSource>> pair in exit.FlowIds.Sources)
            {
                if (TrackedSymbols.IsMember(pair.Key) && pair.Value.Any(s => s.Kind == FlowIdSourceKind.FromAdd && ReferenceEquals(s.Add, add)))
                {
                    return pair.Key;
                }
            }

            return null;
        }

        /// <summary>A call through <c>this</c> (or of a static of the type) that cannot be summarized: it may do anything to the members.</summary>
        private bool ReachesThisOpaquely(IInvocationOperation invocation, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            bool onThis = invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
            if (!onThis || recognizer.Recognize(invocation.TargetMethod) is not null)
            {
                return false;
            }

            return SummaryOf(invocation, recognizer, cancellationToken) is null;
        }

        private static readonly CalleeSummary Empty = new CalleeSummary(
            ImmutableArray<(ISymbol, string)>.Empty, ImmutableArray<ISymbol>.Empty, ImmutableArray<ISymbol>.Empty,
            ImmutableArray<(ISymbol, ObligationKind)>.Empty, ImmutableArray<ISymbol>.Empty, ImmutableArray<ISymbol>.Empty,
            ImmutableArray<MemberOutcome>.Empty, ImmutableArray<Obligation>.Empty);

        private static CalleeSummary Read(FlowWalk analysis, FlowState exit, SummaryProbe probe, HashSet<ISymbol> keys, QwaveRecognizer recognizer, int passesThrough, ImmutableArray<int> throwsOnFailure)
        {
            HandleObligationsFacet handles = analysis.Facet<HandleObligationsFacet>();
            var uses = ImmutableArray.CreateBuilder<(ISymbol, string)>();
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<IOperation>> use in handles.UsesAfterClose)
            {
                if (use.Value.Contains(probe.Marker) && recognizer.TryGetCall(use.Key, out QwaveCall call)
                    && analysis.Symbols.KeyOf(call.ArgumentValue(ParameterRole.QosHandle)) is ISymbol handle && keys.Contains(handle))
                {
                    uses.Add((handle, call.FunctionName));
                }
            }

            foreach (HelperUse use in handles.HelperUsesAfterClose.Values)
            {
                if (use.Closes.Contains(probe.Marker) && keys.Contains(use.Handle))
                {
                    uses.Add((use.Handle, use.Function));
                }
            }

            var closesFirst = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var closesAfter = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (CloseSite site in handles.Closes)
            {
                if (!keys.Contains(site.Handle))
                {
                    continue;
                }

                if (site.Outstanding.Any(o => o.IsIncoming && o.Kind != ObligationKind.Tracking))
                {
                    closesFirst.Add(site.Handle);
                }
                else
                {
                    closesAfter.Add(site.Handle);
                }
            }

            var socketsFirst = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var socketsAfter = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach ((ISymbol socket, bool beforeReleases) in analysis.Facet<SocketsFacet>().SummarySocketCloses)
            {
                if (keys.Contains(socket))
                {
                    (beforeReleases ? socketsFirst : socketsAfter).Add(socket);
                }
            }

            closesAfter.ExceptWith(closesFirst);
            socketsAfter.ExceptWith(socketsFirst);

            var members = ImmutableArray.CreateBuilder<MemberOutcome>();
            foreach (ISymbol key in keys)
            {
                if (!TrackedSymbols.IsMember(key))
                {
                    continue;
                }

                ImmutableHashSet<FlowIdSource> sources = FlowIdProvenanceFacet.SourcesOf(exit, key);
                bool keepsId = sources.Any(s => s.Kind == FlowIdSourceKind.Incoming);
                ImmutableHashSet<IOperation> closes = HandleObligationsFacet.ClosesOf(exit, key);
                var outcome = new MemberOutcome(
                    key,
                    keepsId,
                    sources.Where(s => s.Kind != FlowIdSourceKind.Incoming).ToImmutableHashSet(),
                    closes.Contains(probe.Marker),
                    closes.Any(c => !ReferenceEquals(c, probe.Marker)));
                if (!outcome.IsUnchanged)
                {
                    members.Add(outcome);
                }
            }

            var adds = ImmutableArray.CreateBuilder<Obligation>();
            foreach (Obligation o in exit.Handles.Obligations.All())
            {
                if (o.Scope == ObligationScope.Method && o.Kind == ObligationKind.Flow && o.LostId is null && TrackedSymbols.IsMember(o.Handle))
                {
                    // The caller knows the flow by the member its id was copied into ('_flowId = id;'), if any.
                    ISymbol? value = o.Value is not null && TrackedSymbols.IsMember(o.Value) ? o.Value : MemberHoldingIdOf(exit, o.Origin);
                    ISymbol? socket = o.Socket is not null && TrackedSymbols.IsMember(o.Socket) ? o.Socket : null;
                    adds.Add(ReferenceEquals(value, o.Value) && ReferenceEquals(socket, o.Socket) ? o : o.Rebased(o.Handle, value, socket, ObligationScope.Method));
                }
            }

            var releases = analysis.SummaryReleased.Where(r => keys.Contains(r.Key)).ToImmutableArray();
            return new CalleeSummary(
                uses.ToImmutable(),
                closesFirst.ToImmutableArray(),
                socketsFirst.ToImmutableArray(),
                releases,
                closesAfter.ToImmutableArray(),
                socketsAfter.ToImmutableArray(),
                members.ToImmutable(),
                adds.ToImmutable(),
                analysis.Facet<PendingOperationsFacet>().DrainsPending,
                keys.Where(TrackedSymbols.IsMember).ToImmutableArray(),
                passesThrough,
                throwsOnFailure,
                handles.RemovesFlows);
        }

        /// <summary>
        /// What the other members of <paramref name="member"/>'s type leave in its fields: the flows they add on
        /// member handles, and the ids they write into private flow-id fields that no member ever resets.
        /// Constructors run before everything and see nothing; nested functions see nothing either.
        /// </summary>
        internal TypeLevelFacts TypeFactsOf(IMethodSymbol member, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            if ((member.MethodKind != MethodKind.Ordinary && member.MethodKind != MethodKind.ExplicitInterfaceImplementation) || member.ContainingType is not INamedTypeSymbol type)
            {
                return TypeLevelFacts.None;
            }

            type = type.OriginalDefinition;
            if (_types.TryGetValue(type, out TypeLevelFacts? known))
            {
                return known;
            }

            TypeLevelFacts facts = ComputeTypeFacts(type, recognizer, cancellationToken);
            return _types.GetOrAdd(type, facts);
        }

        private TypeLevelFacts ComputeTypeFacts(INamedTypeSymbol type, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            var flows = ImmutableArray.CreateBuilder<(IMethodSymbol, Obligation)>();
            var written = new Dictionary<ISymbol, List<(IMethodSymbol, FlowIdSource)>>(SymbolEqualityComparer.Default);
            foreach (ISymbol candidate in type.GetMembers())
            {
                if (candidate is not IMethodSymbol method || method.MethodKind == MethodKind.Constructor || method.MethodKind == MethodKind.StaticConstructor)
                {
                    continue;
                }

                if (method.DeclaringSyntaxReferences.Length != 1 || !recognizer.MayContainCall(method.DeclaringSyntaxReferences[0].SyntaxTree))
                {
                    continue;
                }

                if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation
                    || !recognizer.MayContainCall(method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)))
                {
                    continue;
                }

                // Only what a member adds reaches the others (its flows, the ids it leaves in fields): a member that
                // cannot add, directly or through the type's helpers, needs no summary here.
                if (!MayAdd(method, recognizer, cancellationToken) || Summarize(method, recognizer, cancellationToken) is not CalleeSummary summary)
                {
                    continue;
                }

                foreach (Obligation add in summary.Adds)
                {
                    flows.Add((method, add.Rebased(add.Handle, add.Value, add.Socket, ObligationScope.Type)));
                }

                foreach (MemberOutcome outcome in summary.Members)
                {
                    foreach (FlowIdSource source in outcome.FlowIdSources)
                    {
                        if (source.Kind == FlowIdSourceKind.FromAdd && source.Add is not null && outcome.Member is IFieldSymbol { DeclaredAccessibility: Accessibility.Private })
                        {
                            if (!written.TryGetValue(outcome.Member, out List<(IMethodSymbol, FlowIdSource)>? list))
                            {
                                written[outcome.Member] = list = new List<(IMethodSymbol, FlowIdSource)>();
                            }

                            list.Add((method, new FlowIdSource(FlowIdSourceKind.FromAdd, source.Origin, source.Adaptivity, source.Handle, source.Socket, inherited: true)));
                        }
                    }
                }
            }

            var neverReset = ImmutableDictionary.CreateBuilder<ISymbol, ImmutableArray<(IMethodSymbol, FlowIdSource)>>(SymbolEqualityComparer.Default);
            var bodies = new List<IMethodBodyOperation>();
            if (written.Count > 0)
            {
                // Every member may reset the field, whatever file it is in.
                foreach (ISymbol candidate in type.GetMembers())
                {
                    if (candidate is IMethodSymbol { MethodKind: not (MethodKind.Constructor or MethodKind.StaticConstructor) } method && BodyOf(method, cancellationToken) is IMethodBodyOperation body)
                    {
                        bodies.Add(body);
                    }
                }
            }

            foreach (KeyValuePair<ISymbol, List<(IMethodSymbol, FlowIdSource)>> field in written)
            {
                if (!IsWrittenOtherThanByAdds(field.Key, bodies, recognizer, Environment))
                {
                    neverReset[field.Key] = field.Value.ToImmutableArray();
                }
            }

            return flows.Count == 0 && neverReset.Count == 0 ? TypeLevelFacts.None : new TypeLevelFacts(flows.ToImmutable(), neverReset.ToImmutable());
        }

        private readonly ConcurrentDictionary<IMethodSymbol, bool> _mayAdd = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        /// <summary>
        /// Whether <paramref name="method"/>'s body calls QOSAddSocketToFlow or one of this package's adds, directly or
        /// through methods of this compilation it calls (up to the summaries' depth; deeper, or with no body to read,
        /// it is assumed to).
        /// </summary>
        private bool MayAdd(IMethodSymbol method, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            method = (method.PartialImplementationPart ?? method).OriginalDefinition;
            if (_mayAdd.TryGetValue(method, out bool known))
            {
                return known;
            }

            // Only the answer for the method asked about is kept: one found inside a cycle may depend on where the walk entered it.
            bool result = MayAdd(method, recognizer, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);
            return _mayAdd.GetOrAdd(method, result);
        }

        private bool MayAdd(IMethodSymbol method, QwaveRecognizer recognizer, HashSet<IMethodSymbol> visiting, CancellationToken cancellationToken)
        {
            method = (method.PartialImplementationPart ?? method).OriginalDefinition;
            if (visiting.Count >= MaxDepth)
            {
                return true;
            }

            if (!visiting.Add(method))
            {
                // Already on the way: whether it adds is decided by its other calls.
                return false;
            }

            try
            {
                return BodyOf(method, cancellationToken) is not IMethodBodyOperation body || CallsAdd(body, recognizer, visiting, cancellationToken);
            }
            finally
            {
                visiting.Remove(method);
            }
        }

        private bool CallsAdd(IMethodBodyOperation body, QwaveRecognizer recognizer, HashSet<IMethodSymbol> visiting, CancellationToken cancellationToken)
        {
            foreach (IOperation operation in body.Descendants())
            {
                if (operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                IMethodSymbol target = invocation.TargetMethod;
                if (recognizer.Recognize(target) is QwaveMethod binding)
                {
                    if (binding.Function.Name == QwaveCatalog.QOSAddSocketToFlow)
                    {
                        return true;
                    }

                    continue;
                }

                if (Environment.IsPackageAdd(target))
                {
                    return true;
                }

                if (SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _compilation.Assembly)
                    && target.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation
                    && MayAdd(target, recognizer, visiting, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Some member (constructors aside) assigns the field, or hands it by reference to anything but the FlowId of an add.</summary>
        private static bool IsWrittenOtherThanByAdds(ISymbol field, List<IMethodBodyOperation> bodies, QwaveRecognizer recognizer, FlowEnvironment environment)
        {
            foreach (IMethodBodyOperation body in bodies)
            {
                foreach (IOperation operation in body.Descendants())
                {
                    IOperation? target = operation switch
                    {
                        IAssignmentOperation assignment => assignment.Target,
                        IIncrementOrDecrementOperation increment => increment.Target,
                        IAddressOfOperation addressOf => addressOf.Reference,
                        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                        _ => null,
                    };
                    if (target is null || !DenotesField(target, field))
                    {
                        continue;
                    }

                    if (IsFlowIdOfAdd(operation, recognizer) || IsSessionAddResult(operation, environment))
                    {
                        continue;
                    }

                    return true;
                }
            }

            return false;
        }

        private static bool DenotesField(IOperation target, ISymbol field)
        {
            foreach (IOperation part in target.DescendantsAndSelf())
            {
                if (part is IFieldReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>_flowId = session.AddSocketToFlow(...)</c>: the package's add returns the new flow's id.</summary>
        private static bool IsSessionAddResult(IOperation operation, FlowEnvironment environment)
        {
            if (operation is not ISimpleAssignmentOperation assignment)
            {
                return false;
            }

            IOperation value = assignment.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value is IInvocationOperation invocation && environment.IsSessionMethod(invocation.TargetMethod, PackageApi.Session.AddSocketToFlow);
        }

        /// <summary>The field is the FlowId argument (by ref, out or address) of a QOSAddSocketToFlow call.</summary>
        private static bool IsFlowIdOfAdd(IOperation operation, QwaveRecognizer recognizer)
        {
            IOperation? current = operation;
            while (current is not null && current is not IArgumentOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation argument
                && argument.Parent is IInvocationOperation invocation
                && recognizer.TryGetCall(invocation, out QwaveCall call)
                && call.FunctionName == QwaveCatalog.QOSAddSocketToFlow
                && call.Method.CatalogParameter(argument.Parameter)?.Role == ParameterRole.FlowId;
        }

        /// <summary>A computed summary, or the knowledge that the callee is opaque.</summary>
        private sealed class SummaryEntry
        {
            public SummaryEntry(CalleeSummary? summary)
            {
                Summary = summary;
            }

            public CalleeSummary? Summary { get; }
        }
    }
}
