// Descriptors for misuse of this package's attributes ([QosFlow], [QwaveNativeMethods]).
// Rules whose problem makes the generator skip the class are errors: the compile errors that
// follow (missing Add, missing declarations) would otherwise hide the cause.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Attributes;

namespace QosAnalyzers.Analyzers.Attributes
{
    internal static class QosAttributeRules
    {
        public const string TypeNotPartialId = "QOS101";
        public const string ContainingTypeNotPartialId = "QOS102";
        public const string GenericTypeId = "QOS103";
        public const string DscpOutOfRangeId = "QOS104";
        public const string NegativeOutgoingRateId = "QOS105";
        public const string ShapingWithoutOutgoingRateId = "QOS106";
        public const string OutgoingRateWithoutShapingId = "QOS107";
        public const string FlowClassNotConstructibleId = "QOS108";
        public const string ConflictingAttributesId = "QOS109";
        public const string NativeMethodsClassNotStaticId = "QOS110";
        public const string UnknownFunctionId = "QOS111";
        public const string MemberCollisionId = "QOS112";
        public const string UndefinedEnumValueId = "QOS113";
        public const string UnsafeCodeRequiredId = "QOS114";
        public const string LanguageVersionTooLowId = "QOS115";

        private const string Category = RuleCategories.Usage;

        public static readonly DiagnosticDescriptor TypeNotPartial = Error(
            TypeNotPartialId,
            "Attributed class must be partial",
            "'{0}' must be partial for [{1}] to add the generated members",
            "The generator adds members to the class in a second partial declaration; without 'partial' it generates nothing.");

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
            ContainingTypeNotPartialId,
            "Type containing an attributed class must be partial",
            "'{0}' is nested in '{1}', which must be partial for [{2}] to add the generated members",
            "The generated declaration repeats every containing type as a partial declaration; a containing type without 'partial' makes that impossible.");

        public static readonly DiagnosticDescriptor GenericType = Error(
            GenericTypeId,
            "Attributed class must not be generic",
            "'{0}' cannot carry [{1}]: the class is generic, or (for native methods) nested in a generic type",
            "A flow wrapper has one fixed traffic type and no type parameters to bind; P/Invoke methods in generic types fail to load at run time.");

        public static readonly DiagnosticDescriptor DscpOutOfRange = Error(
            DscpOutOfRangeId,
            "Dscp must be within 0-63",
            "Dscp = {1} on '{0}' is outside 0-63; a DSCP value has 6 bits (-1 means not set)",
            "QOSSetFlow(QOSSetOutgoingDSCPValue) takes a 6-bit DSCP value. A value above 63 is usually a whole TOS byte (e.g. 0xB8 for DSCP 46).");

        public static readonly DiagnosticDescriptor NegativeOutgoingRate = Error(
            NegativeOutgoingRateId,
            "OutgoingRate must not be negative",
            "OutgoingRate = {1} on '{0}' is negative; give the rate in bits per second at the IP level (0 means not set)",
            "QOS_FLOWRATE_OUTGOING.Bandwidth is an unsigned 64-bit rate in bits per second.");

        public static readonly DiagnosticDescriptor ShapingWithoutOutgoingRate = Warning(
            ShapingWithoutOutgoingRateId,
            "Shaping has no effect without OutgoingRate",
            "Shaping on '{0}' has no effect without OutgoingRate: shaping applies to a rate",
            "QOS_SHAPING is a field of QOS_FLOWRATE_OUTGOING: it says how the rate is enforced. Without a rate the flow is never shaped.");

        public static readonly DiagnosticDescriptor OutgoingRateWithoutShaping = Warning(
            OutgoingRateWithoutShapingId,
            "OutgoingRate without an explicit Shaping",
            "OutgoingRate on '{0}' is applied with QosShaping.ShapeOnly, the attribute's default, which shapes without priority marks; set Shaping explicitly",
            "The attribute's Shaping defaults to the enum's first value, QOSShapeOnly, under which packets are held to the rate but get no conformant priority marks. Most applications want ShapeAndMark.");

        public static readonly DiagnosticDescriptor FlowClassNotConstructible = Error(
            FlowClassNotConstructibleId,
            "[QosFlow] class must be constructible by the generated Add",
            "'{0}' cannot carry [QosFlow]: {1}",
            "Add and TryAdd create the wrapper through a generated private constructor; static or abstract classes, primary constructors, required members and base classes without a parameterless constructor prevent that.");

        public static readonly DiagnosticDescriptor ConflictingAttributes = Error(
            ConflictingAttributesId,
            "[QosFlow] and [QwaveNativeMethods] on the same class",
            "'{0}' carries both [QosFlow] and [QwaveNativeMethods]; a class is either a flow wrapper or a holder of native declarations",
            "A flow wrapper is an instance class and native declarations need a static class; the generator skips a class that asks for both.");

        public static readonly DiagnosticDescriptor NativeMethodsClassNotStatic = Error(
            NativeMethodsClassNotStaticId,
            "[QwaveNativeMethods] class must be static",
            "'{0}' must be static to carry [QwaveNativeMethods]",
            "The native declarations are static extern methods; the generator declares them in a static partial class.");

        public static readonly DiagnosticDescriptor UnknownFunction = Warning(
            UnknownFunctionId,
            "[QwaveNativeMethods] names an unknown entry point",
            "[QwaveNativeMethods] on '{0}' names {1}, which is not a qWAVE entry point; it is not declared",
            "qwave.dll exports eleven documented functions, with case-sensitive names and no A/W variants; the generator declares only those.");

        public static readonly DiagnosticDescriptor MemberCollision = Error(
            MemberCollisionId,
            "Member collides with a generated member",
            "'{0}' declares or inherits '{1}', which the generator for [{2}] also declares; rename the member",
            "The generator skips a class whose own or inherited members would clash with the generated ones (CS0102, CS0111, CS0108).");

        public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(
            UndefinedEnumValueId,
            "Attribute argument is not a defined enum value",
            "{1} on '{0}' is not a defined value",
            "qWAVE accepts only the documented QOS_TRAFFIC_TYPE and QOS_SHAPING values; anything else fails with ERROR_INVALID_PARAMETER.");

        public static readonly DiagnosticDescriptor UnsafeCodeRequired = Error(
            UnsafeCodeRequiredId,
            "[QwaveNativeMethods] needs unsafe code",
            "[QwaveNativeMethods] on '{0}' needs unsafe code: set <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in the project",
            "The exact-ABI declarations take pointers (NativeOverlapped*, QOS_VERSION*, uint*), which C# allows only with unsafe code enabled.");

        public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error(
            LanguageVersionTooLowId,
            "Generated code needs a newer C# version",
            "'{0}' gets no [{1}] code: it needs C# {2}, but this project compiles as C# {3}; raise <LangVersion> or remove it to use the target framework's default",
            "The generator writes only code the project's C# version compiles. A flow wrapper uses default literals (C# 7.1); under [DisableRuntimeMarshalling] the native declarations use extern local functions (C# 9). Below that the generator skips the class rather than emit code that fails with CS8107 or CS8370.");

        public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
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
            LanguageVersionTooLow);

        public static DiagnosticDescriptor For(AttributeProblemKind kind) => kind switch
        {
            AttributeProblemKind.TypeNotPartial => TypeNotPartial,
            AttributeProblemKind.ContainingTypeNotPartial => ContainingTypeNotPartial,
            AttributeProblemKind.GenericType => GenericType,
            AttributeProblemKind.DscpOutOfRange => DscpOutOfRange,
            AttributeProblemKind.NegativeOutgoingRate => NegativeOutgoingRate,
            AttributeProblemKind.ShapingWithoutOutgoingRate => ShapingWithoutOutgoingRate,
            AttributeProblemKind.OutgoingRateWithoutShaping => OutgoingRateWithoutShaping,
            AttributeProblemKind.FlowClassNotConstructible => FlowClassNotConstructible,
            AttributeProblemKind.ConflictingAttributes => ConflictingAttributes,
            AttributeProblemKind.NativeMethodsClassNotStatic => NativeMethodsClassNotStatic,
            AttributeProblemKind.UnknownFunction => UnknownFunction,
            AttributeProblemKind.MemberCollision => MemberCollision,
            AttributeProblemKind.UndefinedEnumValue => UndefinedEnumValue,
            AttributeProblemKind.UnsafeCodeRequired => UnsafeCodeRequired,
            _ => LanguageVersionTooLow,
        };

        private static DiagnosticDescriptor Error(string id, string title, string message, string description) =>
            Create(id, title, message, description, DiagnosticSeverity.Error);

        private static DiagnosticDescriptor Warning(string id, string title, string message, string description) =>
            Create(id, title, message, description, DiagnosticSeverity.Warning);

        private static DiagnosticDescriptor Create(string id, string title, string message, string description, DiagnosticSeverity severity) =>
            new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true, description, HelpLinks.For(id));
    }
}
