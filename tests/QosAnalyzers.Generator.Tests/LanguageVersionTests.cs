// A .NET Framework project compiles as C# 7.3 by default: the generated code must too, with no
// nullable annotations, no '!', no '??=' and no nint, and stay warning-free there.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Attributes;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class LanguageVersionTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "non-adaptive with every option", Inputs.VoiceFlow },
        { "adaptive, block namespace", AdaptiveInBlockNamespace },
        {
            "all native methods, block namespace",
            """
            using QosAnalyzers;

            namespace Contoso.Interop
            {
                [QwaveNativeMethods]
                internal static partial class Qwave
                {
                }
            }
            """
        },
        { "selected native methods", Inputs.SelectedNativeMethods },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_compiles_as_CSharp_7_3_without_warnings(string name, string source)
    {
        _ = name;
        AssertGeneratedCodeCompilesWithoutWarnings(source, LanguageVersion.CSharp7_3);
    }

    /// <summary>Each form at exactly the oldest C# it supports (below it QOS115 skips the class).</summary>
    public static TheoryData<string, string, LanguageVersion> OldestSupported => new()
    {
        { "non-adaptive with every option", Inputs.VoiceFlow, GeneratedLanguage.QosFlowMinimum },
        { "adaptive: optional CancellationToken", AdaptiveInBlockNamespace, GeneratedLanguage.QosFlowMinimum },
        { "native methods without runtime marshalling", NativeMethodsWithoutRuntimeMarshallingInBlockNamespace, GeneratedLanguage.NativeMethodsWithoutRuntimeMarshallingMinimum },
        { "native methods", Inputs.SelectedNativeMethods, LanguageVersion.CSharp2 },
    };

    [Theory]
    [MemberData(nameof(OldestSupported))]
    public void Generated_code_compiles_without_warnings_at_the_oldest_version_it_supports(string name, string source, LanguageVersion version)
    {
        _ = name;
        AssertGeneratedCodeCompilesWithoutWarnings(source, version);
    }

    /// <summary>The minimums are tight: the code generated at the minimum does not compile one version below it.</summary>
    [Theory]
    [InlineData(LanguageVersion.CSharp7_1, LanguageVersion.CSharp7)]
    [InlineData(LanguageVersion.CSharp9, LanguageVersion.CSharp8)]
    public void One_version_below_the_minimum_the_generated_code_would_not_compile(LanguageVersion minimum, LanguageVersion below)
    {
        string source = minimum == GeneratedLanguage.QosFlowMinimum ? AdaptiveInBlockNamespace : NativeMethodsWithoutRuntimeMarshallingInBlockNamespace;
        var (_, _, result) = TestCompilation.Run(TestCompilation.AtLanguageVersion(TestCompilation.Create(source), minimum));
        string generated = Assert.Single(TestCompilation.GeneratedSources(result)).Value;

        CSharpCompilation older = TestCompilation.AtLanguageVersion(TestCompilation.Create(source, generated), below);

        Assert.Contains(older.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("is not available in C# " + below.ToDisplayString(), System.StringComparison.Ordinal));
    }

    private const string NativeMethodsWithoutRuntimeMarshallingInBlockNamespace = """
        using QosAnalyzers;

        [assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]

        namespace Contoso.Interop
        {
            [QwaveNativeMethods("QOSCreateHandle", "QOSSetFlow")]
            internal static partial class QwaveNoMarshalling
            {
            }
        }
        """;

    private const string AdaptiveInBlockNamespace = """
        using QosAnalyzers;

        namespace Contoso.Video
        {
            [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
            internal partial class VideoFlow
            {
            }
        }
        """;

    private static void AssertGeneratedCodeCompilesWithoutWarnings(string source, LanguageVersion version)
    {
        CSharpCompilation input = TestCompilation.AtLanguageVersion(TestCompilation.Create(source), version);

        var (output, generatorDiagnostics, result) = TestCompilation.Run(input);

        Assert.Empty(generatorDiagnostics);
        Dictionary<string, string> generated = TestCompilation.GeneratedSources(result);
        string text = Assert.Single(generated).Value;
        if (version < LanguageVersion.CSharp8)
        {
            Assert.DoesNotContain("#nullable", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("??=", text, System.StringComparison.Ordinal);
            Assert.DoesNotMatch(@"[\w>\]]\? [\w@]", text);   // a nullable annotation: 'Type? name'
            Assert.DoesNotMatch(@"\w!;", text);               // the null-forgiving operator
        }

        if (version < LanguageVersion.CSharp9)
        {
            Assert.DoesNotContain(" nint", text, System.StringComparison.Ordinal);
        }

        Assert.True(output.GetDiagnostics().IsEmpty, TestCompilation.Describe(output.GetDiagnostics()));
        Assert.All(output.SyntaxTrees, t => Assert.Equal(version, ((CSharpParseOptions)t.Options).LanguageVersion));
    }
}
