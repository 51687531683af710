using Microsoft.CodeAnalysis;
using QosAnalyzers.Analyzers.Recognition;

namespace QosAnalyzers.Catalog
{
    /// <summary>The analyzers' half of <see cref="PackageApi"/>: telling this package's API apart among symbols.</summary>
    internal static partial class PackageApi
    {
        /// <summary>True for a method of QosSession or of a [QosFlow] class (the generated wrappers).</summary>
        public static bool IsPackageMethod(IMethodSymbol? method)
        {
            INamedTypeSymbol? type = method?.ContainingType;
            if (type is null)
            {
                return false;
            }

            if (QwaveRecognizer.IsNamed(type, Namespace, Types.Session))
            {
                return true;
            }

            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is INamedTypeSymbol attributeType && QwaveRecognizer.IsNamed(attributeType, Namespace, FlowAttribute.Name))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
