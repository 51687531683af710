// Names of the generated files, shared by the attribute analyzer and the generator (linked into both),
// so the analyzer tells generated members from the user's exactly as the generator names its output.
// The attributes, their arguments and the generated members are named in PackageApi (src/Catalog).
namespace QosAnalyzers.Attributes
{
    internal static class QosAttributeNames
    {
        /// <summary>Hint-name suffix of a generated flow wrapper; the analyzer uses it to tell generated members from the user's.</summary>
        public const string QosFlowHintSuffix = ".QosFlow.g.cs";

        /// <summary>Hint-name suffix of generated native declarations.</summary>
        public const string NativeMethodsHintSuffix = ".QwaveNativeMethods.g.cs";
    }
}
