// A .NET Framework project compiles as C# 7.3 by default: the generated code must too, with no
// nullable annotations, no '!', no '??=' and no nint, and stay warning-free there.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class LanguageVersionTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "non-adaptive with every option", Inputs.VoiceFlow },
        {
            "adaptive, block namespace",
            """
            using QosAnalyzers;

            namespace Contoso.Video
            {
                [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
                internal partial class VideoFlow
                {
                }
            }
            """
        },
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
        CSharpParseOptions csharp73 = TestCompilation.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp7_3);
        Compilation input = TestCompilation.Create(source)
            .WithOptions(TestCompilation.Create().Options.WithNullableContextOptions(NullableContextOptions.Disable));
        input = ((CSharpCompilation)input).RemoveAllSyntaxTrees().AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, csharp73, "Source0.cs"));

        var (output, generatorDiagnostics, result) = TestCompilation.Run(input);

        Assert.Empty(generatorDiagnostics);
        Dictionary<string, string> generated = TestCompilation.GeneratedSources(result);
        string text = Assert.Single(generated).Value;
        Assert.DoesNotContain("#nullable", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("??=", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain(" nint", text, System.StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[\w>\]]\? [\w@]", text);   // a nullable annotation: 'Type? name'
        Assert.DoesNotMatch(@"\w!;", text);               // the null-forgiving operator
        Assert.True(output.GetDiagnostics().IsEmpty, TestCompilation.Describe(output.GetDiagnostics()));
        Assert.All(output.SyntaxTrees, t => Assert.Equal(LanguageVersion.CSharp7_3, ((CSharpParseOptions)t.Options).LanguageVersion));
    }
}
