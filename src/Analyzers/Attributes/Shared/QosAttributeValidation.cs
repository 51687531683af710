// The one validation of [QosFlow] and [QwaveNativeMethods] usage. The analyzer reports what it
// finds; the generator (which links this file) skips every class with a problem that blocks
// generation, so the two can never disagree.
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Attributes
{
    internal enum AttributeProblemKind
    {
        TypeNotPartial,
        ContainingTypeNotPartial,
        GenericType,
        DscpOutOfRange,
        NegativeOutgoingRate,
        ShapingWithoutOutgoingRate,
        OutgoingRateWithoutShaping,
        FlowClassNotConstructible,
        ConflictingAttributes,
        NativeMethodsClassNotStatic,
        UnknownFunction,
        MemberCollision,
        UndefinedEnumValue,
        UnsafeCodeRequired,
        LanguageVersionTooLow,
    }

    internal readonly struct AttributeProblem
    {
        public AttributeProblem(AttributeProblemKind kind, Location? location, string argument)
        {
            Kind = kind;
            Location = location;
            Argument = argument;
        }

        public AttributeProblemKind Kind { get; }

        public Location? Location { get; }

        /// <summary>The message argument after the type name (a member, a value or a reason).</summary>
        public string Argument { get; }

        /// <summary>True when the generator emits nothing for the class (or, for an unknown name, for that name).</summary>
        public bool BlocksGeneration =>
            Kind != AttributeProblemKind.ShapingWithoutOutgoingRate
            && Kind != AttributeProblemKind.OutgoingRateWithoutShaping
            && Kind != AttributeProblemKind.UnknownFunction;
    }

    /// <summary>[QosFlow] arguments as written; Set flags tell "given" from "default".</summary>
    internal sealed class QosFlowArguments
    {
        public bool HasTrafficType { get; private set; }

        public long TrafficType { get; private set; }

        public bool Adaptive { get; private set; }

        public bool DscpSet { get; private set; }

        public long Dscp { get; private set; } = -1;

        public bool OutgoingRateSet { get; private set; }

        public long OutgoingRate { get; private set; }

        public bool ShapingSet { get; private set; }

        public long Shaping { get; private set; }

        public ITypeSymbol? TrafficTypeEnum { get; private set; }

        public ITypeSymbol? ShapingEnum { get; private set; }

        public static QosFlowArguments Read(AttributeData attribute)
        {
            var result = new QosFlowArguments();
            if (attribute.ConstructorArguments.Length == 1 && TryGetInt64(attribute.ConstructorArguments[0], out long trafficType))
            {
                result.HasTrafficType = true;
                result.TrafficType = trafficType;
                result.TrafficTypeEnum = attribute.ConstructorArguments[0].Type;
            }

            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                switch (named.Key)
                {
                    case PackageApi.FlowAttribute.Adaptive:
                        result.Adaptive = named.Value.Kind == TypedConstantKind.Primitive && named.Value.Value is true;
                        break;
                    case PackageApi.FlowAttribute.Dscp when TryGetInt64(named.Value, out long dscp):
                        // -1 is the attribute's own "not set" value.
                        result.DscpSet = dscp != -1;
                        result.Dscp = dscp;
                        break;
                    case PackageApi.FlowAttribute.OutgoingRate when TryGetInt64(named.Value, out long rate):
                        // 0 is the attribute's own "not set" value.
                        result.OutgoingRateSet = rate != 0;
                        result.OutgoingRate = rate;
                        break;
                    case PackageApi.FlowAttribute.Shaping when TryGetInt64(named.Value, out long shaping):
                        result.ShapingSet = true;
                        result.Shaping = shaping;
                        result.ShapingEnum = named.Value.Type;
                        break;
                }
            }

            return result;
        }

        private static bool TryGetInt64(TypedConstant constant, out long value)
        {
            value = 0;
            if (constant.IsNull || (constant.Kind != TypedConstantKind.Primitive && constant.Kind != TypedConstantKind.Enum))
            {
                return false;
            }

            return TryToInt64(constant.Value, out value);
        }

        /// <summary>Widens any integral constant to long without throwing (ulong above long.MaxValue fails).</summary>
        public static bool TryToInt64(object? constant, out long value)
        {
            value = 0;
            switch (constant)
            {
                case int i: value = i; return true;
                case long l: value = l; return true;
                case short s: value = s; return true;
                case sbyte sb: value = sb; return true;
                case byte b: value = b; return true;
                case ushort us: value = us; return true;
                case uint ui: value = ui; return true;
                case ulong ul when ul <= long.MaxValue: value = (long)ul; return true;
                default: return false;
            }
        }
    }

    internal static class QosAttributeValidation
    {
        /// <summary>Finds the single attribute of <paramref name="metadataName"/> on <paramref name="type"/>; null when absent or repeated (CS0579).</summary>
        public static AttributeData? SingleAttribute(INamedTypeSymbol type, string metadataName)
        {
            AttributeData? found = null;
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (IsAttribute(attribute, metadataName))
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = attribute;
                }
            }

            return found;
        }

        public static bool HasAttribute(INamedTypeSymbol type, string metadataName)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (IsAttribute(attribute, metadataName))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAttribute(AttributeData attribute, string metadataName) =>
            attribute.AttributeClass is { TypeKind: not TypeKind.Error } c
            && c.ContainingNamespace is { Name: PackageApi.Namespace } ns
            && ns.ContainingNamespace is { IsGlobalNamespace: true }
            && PackageApi.Namespace + "." + c.MetadataName == metadataName;

        public static void ValidateFlow(INamedTypeSymbol type, AttributeData attribute, CompilationFacts facts, List<AttributeProblem> problems, CancellationToken cancellationToken)
        {
            Location? typeLocation = TypeLocation(attribute, type, cancellationToken);
            ValidateShell(type, typeLocation, problems, cancellationToken, forbidGenericContainers: false);

            if (GeneratedLanguage.Shortfall(facts.LanguageVersion, GeneratedLanguage.QosFlowMinimum) is { } needed)
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.LanguageVersionTooLow, typeLocation, needed));
            }

            if (HasAttribute(type, PackageApi.NativeMethodsAttribute.MetadataName))
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.ConflictingAttributes, typeLocation, string.Empty));
            }

            string? reason = WhyNotConstructible(type, cancellationToken);
            if (reason is not null)
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.FlowClassNotConstructible, typeLocation, reason));
            }

            QosFlowArguments args = QosFlowArguments.Read(attribute);
            if (!args.HasTrafficType)
            {
                // A half-typed attribute: the compiler reports it; nothing to generate yet.
                problems.Add(new AttributeProblem(AttributeProblemKind.UndefinedEnumValue, null, "TrafficType"));
            }
            else if (EnumMemberName(args.TrafficTypeEnum, args.TrafficType) is null
                || !QwaveCatalog.Enum("QOS_TRAFFIC_TYPE")!.IsDefined(args.TrafficType))
            {
                problems.Add(new AttributeProblem(
                    AttributeProblemKind.UndefinedEnumValue,
                    ArgumentLocation(attribute, null, cancellationToken) ?? typeLocation,
                    "TrafficType"));
            }

            if (args.DscpSet && (args.Dscp < 0 || args.Dscp > QwaveCatalog.MaxDscp))
            {
                problems.Add(new AttributeProblem(
                    AttributeProblemKind.DscpOutOfRange,
                    ArgumentLocation(attribute, PackageApi.FlowAttribute.Dscp, cancellationToken) ?? typeLocation,
                    args.Dscp.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (args.OutgoingRate < 0)
            {
                problems.Add(new AttributeProblem(
                    AttributeProblemKind.NegativeOutgoingRate,
                    ArgumentLocation(attribute, PackageApi.FlowAttribute.OutgoingRate, cancellationToken) ?? typeLocation,
                    args.OutgoingRate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (args.ShapingSet && (EnumMemberName(args.ShapingEnum, args.Shaping) is null || !QwaveCatalog.Enum("QOS_SHAPING")!.IsDefined(args.Shaping)))
            {
                problems.Add(new AttributeProblem(
                    AttributeProblemKind.UndefinedEnumValue,
                    ArgumentLocation(attribute, PackageApi.FlowAttribute.Shaping, cancellationToken) ?? typeLocation,
                    PackageApi.FlowAttribute.Shaping));
            }
            else if (args.ShapingSet && !args.OutgoingRateSet)
            {
                problems.Add(new AttributeProblem(
                    AttributeProblemKind.ShapingWithoutOutgoingRate,
                    ArgumentLocation(attribute, PackageApi.FlowAttribute.Shaping, cancellationToken) ?? typeLocation,
                    string.Empty));
            }

            if (args.OutgoingRateSet && args.OutgoingRate > 0 && !args.ShapingSet)
            {
                problems.Add(new AttributeProblem(
                    AttributeProblemKind.OutgoingRateWithoutShaping,
                    ArgumentLocation(attribute, PackageApi.FlowAttribute.OutgoingRate, cancellationToken) ?? typeLocation,
                    string.Empty));
            }

            foreach (string name in PackageApi.FlowWrapper.Members(args.Adaptive))
            {
                if (CollidesWithUserMember(type, name, QosAttributeNames.QosFlowHintSuffix, cancellationToken, out Location? memberLocation))
                {
                    problems.Add(new AttributeProblem(AttributeProblemKind.MemberCollision, memberLocation ?? typeLocation, name));
                }
            }

            if (HasUserConstructorLikeGenerated(type, cancellationToken))
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.MemberCollision, typeLocation, type.Name + "(" + PackageApi.Types.Session + ", " + PackageApi.Types.FlowId + ")"));
            }
        }

        public static void ValidateNativeMethods(
            INamedTypeSymbol type,
            AttributeData attribute,
            CompilationFacts facts,
            List<AttributeProblem> problems,
            List<string> functions,
            CancellationToken cancellationToken)
        {
            Location? typeLocation = TypeLocation(attribute, type, cancellationToken);
            ValidateShell(type, typeLocation, problems, cancellationToken, forbidGenericContainers: true);

            if (HasAttribute(type, PackageApi.FlowAttribute.MetadataName))
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.ConflictingAttributes, typeLocation, string.Empty));
            }

            if (!type.IsStatic)
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.NativeMethodsClassNotStatic, typeLocation, string.Empty));
            }

            if (!facts.AllowUnsafe)
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.UnsafeCodeRequired, typeLocation, string.Empty));
            }

            if (facts.RuntimeMarshallingDisabled
                && GeneratedLanguage.Shortfall(facts.LanguageVersion, GeneratedLanguage.NativeMethodsWithoutRuntimeMarshallingMinimum, "in an assembly with [DisableRuntimeMarshalling]") is { } needed)
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.LanguageVersionTooLow, typeLocation, needed));
            }

            ReadFunctions(attribute, problems, functions, cancellationToken);

            foreach (string name in functions)
            {
                if (CollidesWithUserMember(type, name, QosAttributeNames.NativeMethodsHintSuffix, cancellationToken, out Location? memberLocation))
                {
                    problems.Add(new AttributeProblem(AttributeProblemKind.MemberCollision, memberLocation ?? typeLocation, name));
                }
            }
        }

        /// <summary>Selected entry points in catalog order, without repeats; unknown names become problems.</summary>
        private static void ReadFunctions(AttributeData attribute, List<AttributeProblem> problems, List<string> functions, CancellationToken cancellationToken)
        {
            var requested = new HashSet<string>(System.StringComparer.Ordinal);
            bool all = true;
            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } array)
            {
                all = array.Values.Length == 0;
                for (int i = 0; i < array.Values.Length; i++)
                {
                    string? name = array.Values[i].Value as string;
                    if (name is not null && QwaveCatalog.TryGetFunction(name, out _))
                    {
                        requested.Add(name);
                        continue;
                    }

                    string shown = name is null ? "null" : "\"" + name + "\"";
                    QwaveFunction? nearest = name is null ? null : QwaveCatalog.FindIgnoringCase(name);
                    if (nearest is not null)
                    {
                        shown += " (did you mean \"" + nearest.Name + "\"? entry points are case-sensitive)";
                    }

                    problems.Add(new AttributeProblem(
                        AttributeProblemKind.UnknownFunction,
                        PositionalArgumentLocation(attribute, i, cancellationToken),
                        shown));
                }
            }

            foreach (QwaveFunction function in QwaveCatalog.Functions)
            {
                if (all || requested.Contains(function.Name))
                {
                    functions.Add(function.Name);
                }
            }
        }

        private static void ValidateShell(INamedTypeSymbol type, Location? typeLocation, List<AttributeProblem> problems, CancellationToken cancellationToken, bool forbidGenericContainers)
        {
            if (!IsPartialEverywhere(type, cancellationToken))
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.TypeNotPartial, typeLocation, string.Empty));
            }

            // IsGenericType is also true inside a generic containing type; that is fine for a
            // flow wrapper, but P/Invoke methods there fail to load at run time.
            if (type.Arity > 0 || (forbidGenericContainers && type.IsGenericType))
            {
                problems.Add(new AttributeProblem(AttributeProblemKind.GenericType, typeLocation, string.Empty));
            }

            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (!IsPartialEverywhere(outer, cancellationToken))
                {
                    problems.Add(new AttributeProblem(AttributeProblemKind.ContainingTypeNotPartial, typeLocation, outer.Name));
                }

            }
        }

        private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (type.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration
                    || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Why the generated Add cannot construct the class, or null when it can.</summary>
        private static string? WhyNotConstructible(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (type.IsStatic)
            {
                return "it is static; a flow wrapper is an instance that owns one qWAVE flow";
            }

            if (type.IsAbstract)
            {
                return "it is abstract; the generated Add must create an instance";
            }

            foreach (IMethodSymbol constructor in type.InstanceConstructors)
            {
                // A primary constructor is declared by the type declaration itself; every other
                // constructor, including the generated one, would have to chain to it.
                foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax)
                    {
                        return "it has a primary constructor, which the generated constructor cannot chain to";
                    }
                }
            }

            foreach (ISymbol member in type.GetMembers())
            {
                if ((member is IPropertySymbol { IsRequired: true }) || (member is IFieldSymbol { IsRequired: true }))
                {
                    return "it has required members, which the generated Add cannot set";
                }
            }

            INamedTypeSymbol? baseType = type.BaseType;
            if (baseType is not null && baseType.SpecialType != SpecialType.System_Object)
            {
                bool hasParameterless = false;
                foreach (IMethodSymbol constructor in baseType.InstanceConstructors)
                {
                    if (constructor.Parameters.Length == 0 && constructor.DeclaredAccessibility != Accessibility.Private)
                    {
                        hasParameterless = true;
                        break;
                    }
                }

                if (!hasParameterless)
                {
                    return "its base class " + baseType.Name + " has no accessible parameterless constructor";
                }
            }

            return null;
        }

        /// <summary>True when a user-declared or inherited member has <paramref name="name"/>; <paramref name="location"/> is the user's declaration, if in this type.</summary>
        private static bool CollidesWithUserMember(INamedTypeSymbol type, string name, string generatedSuffix, CancellationToken cancellationToken, out Location? location)
        {
            location = null;
            foreach (ISymbol member in type.GetMembers(name))
            {
                if (!member.IsImplicitlyDeclared && IsUserDeclared(member, generatedSuffix, cancellationToken))
                {
                    foreach (Location candidate in member.Locations)
                    {
                        if (candidate.IsInSource && !candidate.SourceTree!.FilePath.EndsWith(generatedSuffix, System.StringComparison.Ordinal))
                        {
                            location = candidate;
                            break;
                        }
                    }

                    return true;
                }
            }

            // An inherited member with the same name would be hidden (CS0108/CS0114).
            for (INamedTypeSymbol? b = type.BaseType; b is not null && b.SpecialType != SpecialType.System_Object; b = b.BaseType)
            {
                foreach (ISymbol member in b.GetMembers(name))
                {
                    if (member.DeclaredAccessibility != Accessibility.Private && !member.IsImplicitlyDeclared)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasUserConstructorLikeGenerated(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (IMethodSymbol constructor in type.InstanceConstructors)
            {
                if (constructor.Parameters.Length == 2
                    && constructor.Parameters[0].Type is { Name: PackageApi.Types.Session }
                    && constructor.Parameters[1].Type is { Name: PackageApi.Types.FlowId }
                    && !constructor.IsImplicitlyDeclared
                    && IsUserDeclared(constructor, QosAttributeNames.QosFlowHintSuffix, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsUserDeclared(ISymbol member, string generatedSuffix, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!reference.SyntaxTree.FilePath.EndsWith(generatedSuffix, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            // Metadata members (no syntax) come from the user's references, not from the generator.
            return member.DeclaringSyntaxReferences.Length == 0;
        }

        /// <summary>The C# name of the enum member with <paramref name="value"/>, or null when none has it.</summary>
        public static string? EnumMemberName(ITypeSymbol? enumType, long value)
        {
            if (enumType is not INamedTypeSymbol { TypeKind: TypeKind.Enum } named)
            {
                return null;
            }

            foreach (ISymbol member in named.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && QosFlowArguments.TryToInt64(field.ConstantValue, out long fieldValue) && fieldValue == value)
                {
                    return field.Name;
                }
            }

            return null;
        }

        /// <summary>The identifier of the declaration that carries <paramref name="attribute"/>.</summary>
        private static Location? TypeLocation(AttributeData attribute, INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is SyntaxNode node)
            {
                for (SyntaxNode? n = node; n is not null; n = n.Parent)
                {
                    if (n is TypeDeclarationSyntax declaration)
                    {
                        return declaration.Identifier.GetLocation();
                    }
                }
            }

            return type.Locations.Length > 0 ? type.Locations[0] : null;
        }

        /// <summary>The named argument <paramref name="name"/>, or the first positional argument when <paramref name="name"/> is null.</summary>
        private static Location? ArgumentLocation(AttributeData attribute, string? name, CancellationToken cancellationToken)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } list })
            {
                return null;
            }

            foreach (AttributeArgumentSyntax argument in list.Arguments)
            {
                bool isNamed = argument.NameEquals is not null || argument.NameColon is not null;
                if (name is null ? !isNamed : argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.GetLocation();
                }
            }

            return null;
        }

        private static Location? PositionalArgumentLocation(AttributeData attribute, int index, CancellationToken cancellationToken)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                return null;
            }

            if (syntax.ArgumentList is { } list && index < list.Arguments.Count
                && list.Arguments[index] is { NameEquals: null, NameColon: null, Expression: not ArrayCreationExpressionSyntax and not ImplicitArrayCreationExpressionSyntax } argument)
            {
                return argument.GetLocation();
            }

            return syntax.GetLocation();
        }
    }
}
