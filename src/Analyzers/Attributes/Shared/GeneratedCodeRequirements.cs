// What the generated code needs from the project it lands in. Read once per compilation by the
// attribute analyzer and by the generators (linked into both), so a class the generator skips for
// its project's C# version is exactly the class the analyzer reports (QOS115).
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QosAnalyzers.Attributes
{
    /// <summary>The compilation settings that decide whether generated code can compile in a project.</summary>
    internal readonly struct CompilationFacts
    {
        public const string DisableRuntimeMarshallingAttribute = "System.Runtime.CompilerServices.DisableRuntimeMarshallingAttribute";

        public CompilationFacts(bool allowUnsafe, LanguageVersion languageVersion, bool runtimeMarshallingDisabled)
        {
            AllowUnsafe = allowUnsafe;
            LanguageVersion = languageVersion;
            RuntimeMarshallingDisabled = runtimeMarshallingDisabled;
        }

        /// <summary>The project allows unsafe code (the native declarations take pointers).</summary>
        public bool AllowUnsafe { get; }

        /// <summary>The C# version the project compiles as (never Default/Latest: always a specific version).</summary>
        public LanguageVersion LanguageVersion { get; }

        /// <summary>The assembly has [DisableRuntimeMarshalling], so DllImport's SetLastError is unusable.</summary>
        public bool RuntimeMarshallingDisabled { get; }

        public static CompilationFacts From(Compilation compilation) => new CompilationFacts(
            compilation.Options is CSharpCompilationOptions { AllowUnsafe: true },
            compilation is CSharpCompilation csharp ? csharp.LanguageVersion : LanguageVersion.Latest.MapSpecifiedToEffectiveVersion(),
            HasAssemblyAttribute(compilation, DisableRuntimeMarshallingAttribute));

        private static bool HasAssemblyAttribute(Compilation compilation, string metadataName)
        {
            if (compilation.GetTypeByMetadataName(metadataName) is not { } attributeType)
            {
                return false;
            }

            foreach (AttributeData attribute in compilation.Assembly.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The oldest C# each generated form compiles as (the generator tests compile each form at exactly that version).</summary>
    internal static class GeneratedLanguage
    {
        /// <summary>
        /// A flow wrapper: <c>default</c> literals (C# 7.1) for the optional CancellationToken and in
        /// DisposeAsync, besides throw expressions, <c>is null</c> and out variables (C# 7.0).
        /// </summary>
        public const LanguageVersion QosFlowMinimum = LanguageVersion.CSharp7_1;

        /// <summary>
        /// Native declarations under [DisableRuntimeMarshalling]: each wraps a static extern local
        /// function with attributes (C# 9). Plain DllImport declarations need nothing beyond the
        /// user's own <c>static partial class</c>.
        /// </summary>
        public const LanguageVersion NativeMethodsWithoutRuntimeMarshallingMinimum = LanguageVersion.CSharp9;

        /// <summary>The message argument of QOS115 for a project below <paramref name="minimum"/>, or null when the project is new enough.</summary>
        public static string? Shortfall(LanguageVersion project, LanguageVersion minimum, string? condition = null)
        {
            if (project >= minimum)
            {
                return null;
            }

            return minimum.ToDisplayString() + " or later" + (condition is null ? string.Empty : " " + condition);
        }
    }
}
