// Crashes the mutation fuzzer (tests/QosAnalyzers.Fuzzing) found in the generators, each with its
// minimal reproducer: the generators must skip what they cannot generate and never throw.
using System.Linq;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class FuzzRegressionTests
{
    [Theory]
    // Long run, seed 424242: DeclarationShapeTests' @delegate shape duplicated, then a token deleted.
    [InlineData("[QosFlow(.partial class @delegate @class { [QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Voice] partial class @delegate ")]
    // Long run, seed 424242: DeclarationShapeTests' nested Native shape duplicated, then a token deleted.
    [InlineData("partial class [QwaveNativeMethods(partial class Native Host { [QosAnalyzers.QwaveNativeMethods[static partial class Native ")]
    public void A_partial_type_whose_other_declaration_has_a_lookalike_attribute_is_generated_once(string source)
    {
        var (_, _, result) = TestCompilation.Run(TestCompilation.Create(source));

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.Single(TestCompilation.GeneratedSources(result));
    }

    [Fact]
    public void Compiling_code_with_a_lookalike_attribute_on_another_partial_declaration_is_generated_once()
    {
        // The same shape in valid code: another library's [QosFlow] on a second declaration in the same file.
        const string source = """
            namespace Other { public sealed class QosFlowAttribute : System.Attribute { } public sealed class QwaveNativeMethodsAttribute : System.Attribute { } }
            [QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Voice)] public sealed partial class Voice { }
            [Other.QosFlow] public sealed partial class Voice { }
            [QosAnalyzers.QwaveNativeMethods("QOSCloseHandle")] internal static partial class Native { }
            [Other.QwaveNativeMethods] internal static partial class Native { }
            """;
        var (output, _, result) = TestCompilation.Run(TestCompilation.Create(source));

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.Equal(new[] { "Native.QwaveNativeMethods.g.cs", "Voice.QosFlow.g.cs" }, TestCompilation.GeneratedSources(result).Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        Assert.True(output.GetDiagnostics().IsEmpty, TestCompilation.Describe(output.GetDiagnostics()));
    }
}
