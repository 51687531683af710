using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS007: QOSCreateHandle given a QOS_VERSION other than 1.0, where the local passed is
    /// evident: its initializer (default, new, an object initializer, a constructor with major/minor
    /// parameters) and the field assignments that precede the call unconditionally. Also a QOS_VERSION
    /// struct whose layout is not two ushorts.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class VersionNotOnePointZeroAnalyzer : QwaveDiagnosticAnalyzer
    {
        internal const string VersionStruct = "QOS_VERSION";

        /// <summary>Diagnostic property: what each additional location is ("I" initializer, "M" a MajorVersion value, "m" a MinorVersion value), or "Struct".</summary>
        internal const string WritesProperty = "Writes";

        internal const string StructTarget = "Struct";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.VersionNotOnePointZero,
            title: "QOS_VERSION must be 1.0",
            messageFormat: "{0}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "QOSCreateHandle accepts only QOS_VERSION 1.0: MajorVersion = 1, MinorVersion = 0, in a 4-byte struct of two USHORTs. Windows rejects 0.0 (a default struct), 1.5 and 2.0 with ERROR_INVALID_PARAMETER, and a struct of other field widths makes it read a different version than the one written.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.VersionNotOnePointZero));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer)
        {
            RegisterOperationActionInQwaveTypes(context, recognizer, c => AnalyzeCall(c, recognizer), OperationKind.Invocation);
            context.RegisterSymbolAction(AnalyzeStruct, SymbolKind.NamedType);
        }

        private static void AnalyzeStruct(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (NativeStructCheck.Identify(type) is QwaveStruct { Name: VersionStruct } native
                && NativeStructCheck.Judge(type, native) is StructProblem problem
                && NativeStructCheck.LocationOf(type, problem, context.CancellationToken) is Location location)
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(WritesProperty, StructTarget);
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, "The layout of '" + type.Name + "' is not qos2.h's QOS_VERSION: " + problem.Detail));
            }
        }

        private static void AnalyzeCall(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            if (!recognizer.TryGetCall((IInvocationOperation)context.Operation, out QwaveCall call)
                || call.FunctionName != QwaveCatalog.QOSCreateHandle
                || call.Argument(ParameterRole.Version) is not IArgumentOperation argument
                || EvidentValues.PointedLocal(argument.Value) is not ILocalSymbol local
                || VersionFields(local.Type) is not (IFieldSymbol major, IFieldSymbol minor))
            {
                return;
            }

            var state = new VersionState(major, minor);
            if (!state.Evaluate(local, call.Invocation, argument))
            {
                return;
            }

            bool majorWrong = state.Major is long ma && ma != QwaveCatalog.VersionMajor;
            bool minorWrong = state.Minor is long mi && mi != QwaveCatalog.VersionMinor;
            if (!majorWrong && !minorWrong)
            {
                return;
            }

            string shown = Show(state.Major) + "." + Show(state.Minor);
            var properties = ImmutableDictionary<string, string?>.Empty.Add(WritesProperty, new string(state.Writes.Select(w => w.Kind).ToArray()));
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                argument.Syntax.GetLocation(),
                state.Writes.Select(w => w.Syntax.GetLocation()),
                properties,
                "QOSCreateHandle is given QOS_VERSION " + shown + " in '" + local.Name + "', but qWAVE accepts only 1.0"));
        }

        private static string Show(long? value) => value is long v ? v.ToString(CultureInfo.InvariantCulture) : "?";

        /// <summary>The MajorVersion and MinorVersion fields of a QOS_VERSION-like struct.</summary>
        internal static (IFieldSymbol Major, IFieldSymbol Minor)? VersionFields(ITypeSymbol type)
        {
            QwaveStruct? native = QwaveCatalog.Struct(VersionStruct);
            if (native is null || type.TypeKind != TypeKind.Struct)
            {
                return null;
            }

            IFieldSymbol? major = null, minor = null;
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false } field)
                {
                    if (string.Equals(field.Name, native.Fields[0].Name, StringComparison.OrdinalIgnoreCase))
                    {
                        major = field;
                    }
                    else if (string.Equals(field.Name, native.Fields[1].Name, StringComparison.OrdinalIgnoreCase))
                    {
                        minor = field;
                    }
                }
            }

            return major is not null && minor is not null ? (major, minor) : null;
        }

        /// <summary>The version a local holds when the call reads it, from the writes that evidently precede it.</summary>
        private sealed class VersionState
        {
            private readonly IFieldSymbol _major;
            private readonly IFieldSymbol _minor;

            public VersionState(IFieldSymbol major, IFieldSymbol minor)
            {
                _major = major;
                _minor = minor;
            }

            public long? Major { get; private set; }

            public long? Minor { get; private set; }

            /// <summary>The writes a fix must correct, in order.</summary>
            public List<(char Kind, SyntaxNode Syntax)> Writes { get; } = new List<(char, SyntaxNode)>();

            public bool Evaluate(ILocalSymbol local, IInvocationOperation call, IArgumentOperation argument)
            {
                IOperation root = EvidentValues.RootOf(call);

                var writes = new List<(IOperation At, Action Apply)>();
                foreach (IOperation operation in root.DescendantsAndSelf())
                {
                    if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                    {
                        IOperation? initializer = declarator.Initializer?.Value;
                        if (initializer is not null)
                        {
                            writes.Add((declarator, () => Initialize(initializer)));
                        }

                        continue;
                    }

                    if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local)
                        || argument.Syntax.Span.Contains(reference.Syntax.Span))
                    {
                        continue;
                    }

                    if (reference.Parent is IFieldReferenceOperation field && field.Parent is ISimpleAssignmentOperation assignment && assignment.Target == field)
                    {
                        if (reference.Syntax.SpanStart > call.Syntax.SpanStart)
                        {
                            // After the call: does not change what it read, unless a loop brings it back.
                            if (InLoopWith(assignment, call))
                            {
                                return false;
                            }

                            continue;
                        }

                        if (!Dominates(assignment, call))
                        {
                            return false;
                        }

                        IFieldSymbol target = field.Field;
                        IOperation value = assignment.Value;
                        writes.Add((assignment, () => Assign(target, value)));
                        continue;
                    }

                    if (EvidentValues.IsWrite(reference))
                    {
                        return false;
                    }
                }

                foreach ((IOperation _, Action apply) in writes.OrderBy(w => w.At.Syntax.SpanStart))
                {
                    apply();
                }

                return true;
            }

            private void Initialize(IOperation initializer)
            {
                IOperation? value = EvidentValues.Unwrap(initializer);
                switch (value)
                {
                    case IDefaultValueOperation:
                        Major = 0;
                        Minor = 0;
                        Writes.Add(('I', initializer.Syntax));
                        return;
                    case IObjectCreationOperation creation:
                        Major = 0;
                        Minor = 0;
                        Writes.Add(('I', initializer.Syntax));
                        if (creation.Arguments.Length > 0)
                        {
                            Major = null;
                            Minor = null;
                            foreach (IArgumentOperation argument in creation.Arguments)
                            {
                                string name = argument.Parameter?.Name ?? string.Empty;
                                long? constant = Constant(argument.Value);
                                if (name.IndexOf("major", StringComparison.OrdinalIgnoreCase) >= 0)
                                {
                                    Major = constant;
                                }
                                else if (name.IndexOf("minor", StringComparison.OrdinalIgnoreCase) >= 0)
                                {
                                    Minor = constant;
                                }
                            }
                        }

                        if (creation.Initializer is not null)
                        {
                            foreach (IOperation member in creation.Initializer.Initializers)
                            {
                                if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment)
                                {
                                    Assign(target.Member, assignment.Value, record: false);
                                }
                            }
                        }

                        return;
                    default:
                        Major = null;
                        Minor = null;
                        return;
                }
            }

            private void Assign(ISymbol field, IOperation value, bool record = true)
            {
                long? constant = Constant(value);
                if (SymbolEqualityComparer.Default.Equals(field, _major))
                {
                    Major = constant;
                    if (record)
                    {
                        Writes.Add(('M', value.Syntax));
                    }
                }
                else if (SymbolEqualityComparer.Default.Equals(field, _minor))
                {
                    Minor = constant;
                    if (record)
                    {
                        Writes.Add(('m', value.Syntax));
                    }
                }
            }

            private static long? Constant(IOperation value) => ConstantValues.TryGetInteger(value, out ulong v) ? (long)v : null;

            /// <summary>The write is a statement of a block that also holds the call, before it: it runs whenever the call does.</summary>
            private static bool Dominates(IOperation write, IOperation call)
            {
                IOperation? statement = write;
                while (statement is not null && statement.Parent is not IBlockOperation)
                {
                    statement = statement.Parent;
                }

                if (statement?.Parent is not IBlockOperation block)
                {
                    return false;
                }

                for (IOperation? p = call; p is not null; p = p.Parent)
                {
                    if (p == block)
                    {
                        return true;
                    }

                    if (p is IAnonymousFunctionOperation || p is ILocalFunctionOperation)
                    {
                        return false;
                    }
                }

                return false;
            }

            private static bool InLoopWith(IOperation write, IOperation call)
            {
                for (IOperation? p = call.Parent; p is not null; p = p.Parent)
                {
                    if (p is ILoopOperation loop)
                    {
                        return loop.Syntax.Span.Contains(write.Syntax.Span);
                    }
                }

                return false;
            }
        }
    }
}
