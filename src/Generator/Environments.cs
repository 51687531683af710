// Reads the optional BCL types the generated code uses, so output compiles on every target the
// user has (NotNullWhen, IAsyncDisposable and SupportedOSPlatform are missing on older ones), the
// language version (C# 7.3 on .NET Framework by default), and whether the assembly disables runtime
// marshalling (then DllImport's SetLastError is unusable).
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Attributes;
using QosAnalyzers.Generator.Model;

namespace QosAnalyzers.Generator
{
    internal static class Environments
    {
        public static GeneratorEnvironment From(Compilation compilation)
        {
            // A .NET Framework project compiles as C# 7.3 by default: no nullable annotations, no nint.
            // Below what a form needs at all (GeneratedLanguage), the class is skipped with QOS115.
            CompilationFacts facts = CompilationFacts.From(compilation);
            LanguageVersion language = facts.LanguageVersion;
            return new GeneratorEnvironment(
                HasNotNullWhen: IsUsable(compilation, "System.Diagnostics.CodeAnalysis.NotNullWhenAttribute"),
                HasAsyncDisposable: IsUsable(compilation, "System.IAsyncDisposable") && IsUsable(compilation, "System.Threading.Tasks.ValueTask"),
                HasSupportedOSPlatform: IsUsable(compilation, "System.Runtime.Versioning.SupportedOSPlatformAttribute"),
                HasDefaultDllImportSearchPaths: IsUsable(compilation, "System.Runtime.InteropServices.DefaultDllImportSearchPathsAttribute"),
                RuntimeMarshallingDisabled: facts.RuntimeMarshallingDisabled,
                NullableAnnotations: language >= LanguageVersion.CSharp8,
                NativeIntegers: language >= LanguageVersion.CSharp9);
        }

        private static bool IsUsable(Compilation compilation, string metadataName) =>
            compilation.GetTypeByMetadataName(metadataName) is { } type
            && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);
    }
}
