using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>This package's own API: <c>QosSession</c> and the flow wrappers generated for <c>[QosFlow]</c> classes.</summary>
    internal static class PackageApi
    {
        public const string Namespace = "QosAnalyzers";
        public const string SessionName = "QosSession";
        public const string FlowAttributeName = "QosFlowAttribute";

        /// <summary>
        /// Members of the generated flow wrappers that rules inspect (a rate in bits per second, a DSCP
        /// value). The call-site filter admits files that mention them; a test keeps the list in step
        /// with the generator.
        /// </summary>
        public static readonly string[] InspectedWrapperMethodNames =
        {
            "SetOutgoingRate", "WhenAvailableAsync", "SetOutgoingDscp", "TrySetOutgoingDscp",
        };

        /// <summary>True for a method of QosSession or of a [QosFlow] class (the generated wrappers).</summary>
        public static bool IsPackageMethod(IMethodSymbol? method)
        {
            INamedTypeSymbol? type = method?.ContainingType;
            if (type is null)
            {
                return false;
            }

            if (QwaveRecognizer.IsNamed(type, Namespace, SessionName))
            {
                return true;
            }

            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is INamedTypeSymbol attributeType && QwaveRecognizer.IsNamed(attributeType, Namespace, FlowAttributeName))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
