// [QosFlow] partial classes become strongly typed qWAVE flow wrappers over QosSession.
// Pipeline: attribute lookup -> validated, symbol-free model -> paired with the environment -> text.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Attributes;
using QosAnalyzers.Catalog;
using QosAnalyzers.Generator.Model;

namespace QosAnalyzers.Generator
{
    [Generator(LanguageNames.CSharp)]
    public sealed partial class QosFlowGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<GeneratorEnvironment> environment = context.CompilationProvider
                .Select(static (compilation, _) => Environments.From(compilation))
                .WithTrackingName(TrackingNames.Environment);

            IncrementalValuesProvider<QosFlowModel?> models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    PackageApi.FlowAttribute.MetadataName,
                    static (node, _) => node.IsKind(SyntaxKind.ClassDeclaration) || node.IsKind(SyntaxKind.RecordDeclaration),
                    static (context, cancellationToken) => GetModel(context, cancellationToken))
                .WithTrackingName(TrackingNames.QosFlowModels);

            IncrementalValuesProvider<QosFlowModel> valid = models
                .SelectMany(static (model, _) => model is null ? ImmutableArray<QosFlowModel>.Empty : ImmutableArray.Create(model))
                .WithTrackingName(TrackingNames.QosFlowValidModels);

            IncrementalValuesProvider<(QosFlowModel Model, GeneratorEnvironment Environment)> withEnvironment = valid
                .Combine(environment)
                .WithTrackingName(TrackingNames.QosFlowWithEnvironment);

            context.RegisterSourceOutput(withEnvironment, static (output, item) =>
                output.AddSource(item.Model.Hierarchy.HintName, Emit(item.Model, item.Environment)));
        }

        private static QosFlowModel? GetModel(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type)
            {
                return null;
            }

            // One model per type: from the declaration that carries the attribute.
            AttributeData? attribute = QosAttributeValidation.SingleAttribute(type, PackageApi.FlowAttribute.MetadataName);
            if (attribute is null || !AttributedDeclaration.IsOn(attribute, context.TargetNode))
            {
                return null;
            }

            var problems = new List<AttributeProblem>();
            QosAttributeValidation.ValidateFlow(type, attribute, CompilationFacts.From(context.SemanticModel.Compilation), problems, cancellationToken);
            foreach (AttributeProblem problem in problems)
            {
                if (problem.BlocksGeneration)
                {
                    return null;
                }
            }

            QosFlowArguments args = QosFlowArguments.Read(attribute);
            string? trafficType = QosAttributeValidation.EnumMemberName(args.TrafficTypeEnum, args.TrafficType);

            // Without an explicit Shaping the attribute's own value (the enum's 0) applies.
            ITypeSymbol? shapingEnum = args.ShapingEnum ?? ShapingPropertyType(attribute.AttributeClass);
            string? shaping = QosAttributeValidation.EnumMemberName(shapingEnum, args.ShapingSet ? args.Shaping : 0);
            if (trafficType is null || shaping is null)
            {
                return null;
            }

            return new QosFlowModel(
                HierarchyInfo.From(type, QosAttributeNames.QosFlowHintSuffix),
                trafficType,
                args.Adaptive,
                args.DscpSet ? (int)args.Dscp : -1,
                args.OutgoingRateSet ? args.OutgoingRate : 0,
                shaping);
        }

        private static ITypeSymbol? ShapingPropertyType(INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null)
            {
                return null;
            }

            foreach (ISymbol member in attributeClass.GetMembers(PackageApi.FlowAttribute.Shaping))
            {
                if (member is IPropertySymbol property)
                {
                    return property.Type;
                }
            }

            return null;
        }
    }
}
