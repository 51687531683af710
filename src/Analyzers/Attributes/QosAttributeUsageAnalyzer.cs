// Reports misuse of [QosFlow] and [QwaveNativeMethods]. It runs the same validation the generator
// obeys (Shared/QosAttributeValidation.cs), so every class the generator skips gets a reason here.
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Attributes;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Attributes
{
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class QosAttributeUsageAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => QosAttributeRules.All;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                // Projects that do not reference the runtime cannot use the attributes: nothing to do.
                if (start.Compilation.GetTypeByMetadataName(PackageApi.FlowAttribute.MetadataName) is null
                    && start.Compilation.GetTypeByMetadataName(PackageApi.NativeMethodsAttribute.MetadataName) is null)
                {
                    return;
                }

                CompilationFacts facts = CompilationFacts.From(start.Compilation);
                start.RegisterSymbolAction(symbol => AnalyzeType(symbol, facts), SymbolKind.NamedType);
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, CompilationFacts facts)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            AttributeData? flow = QosAttributeValidation.SingleAttribute(type, PackageApi.FlowAttribute.MetadataName);
            if (flow is not null)
            {
                var problems = new List<AttributeProblem>();
                QosAttributeValidation.ValidateFlow(type, flow, facts, problems, context.CancellationToken);
                Report(context, type, flow, PackageApi.FlowAttribute.ShortName, facts, problems);
            }

            AttributeData? native = QosAttributeValidation.SingleAttribute(type, PackageApi.NativeMethodsAttribute.MetadataName);
            if (native is not null)
            {
                var problems = new List<AttributeProblem>();
                QosAttributeValidation.ValidateNativeMethods(type, native, facts, problems, new List<string>(), context.CancellationToken);
                if (flow is not null)
                {
                    // Reported once, from the [QosFlow] side.
                    problems.RemoveAll(p => p.Kind == AttributeProblemKind.ConflictingAttributes);
                }

                Report(context, type, native, PackageApi.NativeMethodsAttribute.ShortName, facts, problems);
            }
        }

        private static void Report(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute, string attributeName, CompilationFacts facts, List<AttributeProblem> problems)
        {
            // A half-typed attribute already has compiler errors; judge its arguments once it binds.
            bool argumentsBound = attribute.AttributeConstructor is not null;
            var reported = new HashSet<(AttributeProblemKind, string)>();
            foreach (AttributeProblem problem in problems)
            {
                if (problem.Location is null || (!argumentsBound && IsArgumentProblem(problem.Kind)) || !reported.Add((problem.Kind, problem.Argument)))
                {
                    continue;
                }

                DiagnosticDescriptor descriptor = QosAttributeRules.For(problem.Kind);
                object[] args = problem.Kind switch
                {
                    AttributeProblemKind.TypeNotPartial or AttributeProblemKind.GenericType => new object[] { type.Name, attributeName },
                    AttributeProblemKind.ContainingTypeNotPartial or AttributeProblemKind.MemberCollision => new object[] { type.Name, problem.Argument, attributeName },
                    AttributeProblemKind.LanguageVersionTooLow => new object[] { type.Name, attributeName, problem.Argument, facts.LanguageVersion.ToDisplayString() },
                    _ => new object[] { type.Name, problem.Argument },
                };
                context.ReportDiagnostic(Diagnostic.Create(descriptor, problem.Location, args));
            }
        }

        private static bool IsArgumentProblem(AttributeProblemKind kind) =>
            kind is AttributeProblemKind.DscpOutOfRange
                or AttributeProblemKind.NegativeOutgoingRate
                or AttributeProblemKind.ShapingWithoutOutgoingRate
                or AttributeProblemKind.OutgoingRateWithoutShaping
                or AttributeProblemKind.UndefinedEnumValue
                or AttributeProblemKind.UnknownFunction;
    }
}
