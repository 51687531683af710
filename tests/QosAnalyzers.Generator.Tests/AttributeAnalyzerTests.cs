// QOS1nn: what the attribute analyzer reports, what it must not report, and that every class the
// generator skips has an error that says why.
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Analyzers.Attributes;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class AttributeAnalyzerTests
{
    private const string Usings = "using QosAnalyzers;\n";

    private static AttributeAnalysis Run(string source, bool allowUnsafe = true, LanguageVersion? languageVersion = null)
    {
        AttributeAnalysis analysis = AttributeAnalysis.Run(Usings + source, allowUnsafe, languageVersion);
        Assert.Empty(analysis.Exceptions);
        Assert.DoesNotContain(analysis.Compiler, d => d.Id is "CS8785" or "AD0001");
        Assert.DoesNotContain(analysis.Analyzer, d => d.Id == "AD0001" || !d.Location.IsInSource);
        return analysis;
    }

    private static void AssertReports(string source, params string[] expected) =>
        Assert.Equal(expected, Run(source).Reported);

    private static void AssertClean(string source)
    {
        AttributeAnalysis analysis = Run(source);
        Assert.Empty(analysis.Reported);
        Assert.NotEmpty(analysis.Generated);
        Assert.DoesNotContain(analysis.Compiler, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Descriptors_have_help_links_to_their_docs_and_unique_ids()
    {
        var descriptors = new QosAttributeUsageAnalyzer().SupportedDiagnostics;
        Assert.Equal(15, descriptors.Length);
        Assert.Equal(descriptors.Length, descriptors.Select(d => d.Id).Distinct().Count());
        foreach (DiagnosticDescriptor d in descriptors)
        {
            Assert.Matches("^QOS1[0-9][0-9]$", d.Id);
            Assert.Equal("https://github.com/qosanalyzers/qosanalyzers/blob/main/docs/rules/" + d.Id + ".md", d.HelpLinkUri);
        }
    }

    [Fact]
    public void Valid_usage_reports_nothing()
    {
        AssertClean("[QosFlow(QosTrafficType.Voice, Dscp = 46, OutgoingRate = 1_000_000, Shaping = QosShaping.ShapeAndMark)] public sealed partial class A { }");
        AssertClean("[QosFlow(QosTrafficType.AudioVideo, Adaptive = true)] internal partial class B { public void AddSocket() { } }");
        AssertClean("[QwaveNativeMethods] internal static partial class C { }");
        AssertClean("[QwaveNativeMethods(\"QOSCreateHandle\")] internal static partial class D { public static void QOSCancel() { } }");
    }

    // QOS101
    [Fact]
    public void QOS101_flow_class_not_partial() =>
        AssertReports("[QosFlow(QosTrafficType.Voice)] public sealed class VoiceFlow { }", "QOS101: VoiceFlow");

    [Fact]
    public void QOS101_native_methods_class_not_partial() =>
        AssertReports("[QwaveNativeMethods] static class Qwave { }", "QOS101: Qwave");

    // QOS102
    [Fact]
    public void QOS102_containing_type_not_partial() =>
        AssertReports("public class Outer { [QosFlow(QosTrafficType.Voice)] public partial class Inner { } }", "QOS102: Inner");

    [Fact]
    public void QOS102_not_reported_when_every_containing_type_is_partial() =>
        AssertClean("public partial class Outer { public partial struct Mid { [QosFlow(QosTrafficType.Voice)] public partial class Inner { } } }");

    // QOS103
    [Fact]
    public void QOS103_generic_flow_class() =>
        AssertReports("[QosFlow(QosTrafficType.Voice)] public partial class Flow<T> { }", "QOS103: Flow");

    [Fact]
    public void QOS103_native_methods_nested_in_a_generic_type() =>
        AssertReports("public static partial class Outer<T> { [QwaveNativeMethods] static partial class Qwave { } }", "QOS103: Qwave");

    [Fact]
    public void QOS103_not_reported_for_a_flow_nested_in_a_generic_type() =>
        AssertClean("public partial class Outer<T> { [QosFlow(QosTrafficType.Voice)] public partial class Inner { } }");

    // QOS104
    [Theory]
    [InlineData(64)]
    [InlineData(184)]
    [InlineData(-2)]
    public void QOS104_dscp_out_of_range(int dscp) =>
        AssertReports("[QosFlow(QosTrafficType.Voice, Dscp = " + dscp + ")] public partial class F { }", "QOS104: Dscp = " + dscp);

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(-1)]
    public void QOS104_not_reported_at_the_bounds_or_for_not_set(int dscp) =>
        AssertClean("[QosFlow(QosTrafficType.Voice, Dscp = " + dscp + ")] public partial class F { }");

    // QOS105
    [Fact]
    public void QOS105_negative_rate() =>
        AssertReports("[QosFlow(QosTrafficType.Voice, OutgoingRate = -1, Shaping = QosShaping.ShapeAndMark)] public partial class F { }", "QOS105: OutgoingRate = -1");

    [Fact]
    public void QOS105_not_reported_for_zero_or_the_largest_rate()
    {
        AssertClean("[QosFlow(QosTrafficType.Voice, OutgoingRate = 0)] public partial class F { }");
        AssertClean("[QosFlow(QosTrafficType.Voice, OutgoingRate = long.MaxValue, Shaping = QosShaping.ShapeOnly)] public partial class G { }");
    }

    // QOS106
    [Fact]
    public void QOS106_shaping_without_rate_is_a_warning_and_the_class_is_still_generated()
    {
        AttributeAnalysis analysis = Run("[QosFlow(QosTrafficType.Voice, Shaping = QosShaping.ShapeAndMark)] public partial class F { }");
        Assert.Equal(new[] { "QOS106: Shaping = QosShaping.ShapeAndMark" }, analysis.Reported);
        Assert.Equal(DiagnosticSeverity.Warning, analysis.Analyzer.Single().Severity);
        Assert.Single(analysis.Generated);
        Assert.DoesNotContain("SetOutgoingRate(flowId", analysis.Generated.Values.Single(), System.StringComparison.Ordinal);
    }

    // QOS107
    [Fact]
    public void QOS107_rate_without_shaping_is_a_warning_and_uses_ShapeOnly()
    {
        AttributeAnalysis analysis = Run("[QosFlow(QosTrafficType.Voice, OutgoingRate = 500_000)] public partial class F { }");
        Assert.Equal(new[] { "QOS107: OutgoingRate = 500_000" }, analysis.Reported);
        Assert.Contains("session.SetOutgoingRate(flowId, 500000UL, global::QosAnalyzers.QosShaping.ShapeOnly", analysis.Generated.Values.Single(), System.StringComparison.Ordinal);
    }

    // QOS108
    [Theory]
    [InlineData("public static partial class F { }", "it is static")]
    [InlineData("public abstract partial class F { }", "it is abstract")]
    [InlineData("public partial record F(int Port);", "primary constructor")]
    [InlineData("public partial class F { public required int Port { get; init; } }", "required members")]
    [InlineData("public partial class F : Base { } public class Base { public Base(int x) { } }", "parameterless constructor")]
    public void QOS108_class_the_generated_Add_cannot_construct(string declaration, string reason)
    {
        AttributeAnalysis analysis = Run("[QosFlow(QosTrafficType.Voice)] " + declaration);
        Diagnostic d = Assert.Single(analysis.Analyzer, x => x.Id == "QOS108");
        Assert.Contains(reason, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Empty(analysis.Generated);
    }

    [Fact]
    public void QOS108_not_reported_for_a_record_class_or_a_base_with_a_protected_parameterless_constructor()
    {
        AssertClean("[QosFlow(QosTrafficType.Voice)] public sealed partial record F { }");
        AssertClean("[QosFlow(QosTrafficType.Voice)] public partial class F : Base { } public abstract class Base { protected Base() { } }");
    }

    // QOS109
    [Fact]
    public void QOS109_both_attributes_reported_once() =>
        AssertReports("[QosFlow(QosTrafficType.Voice), QwaveNativeMethods] public static partial class F { }", "QOS108: F", "QOS109: F");

    // QOS110
    [Fact]
    public void QOS110_native_methods_class_not_static() =>
        AssertReports("[QwaveNativeMethods] internal partial class Qwave { }", "QOS110: Qwave");

    // QOS111
    [Fact]
    public void QOS111_unknown_and_wrong_case_names_are_reported_and_skipped()
    {
        AttributeAnalysis analysis = Run("[QwaveNativeMethods(\"QOSCreateHandle\", \"QosCloseHandle\", \"QOSFlush\")] internal static partial class Qwave { }");
        Assert.Equal(new[] { "QOS111: \"QosCloseHandle\"", "QOS111: \"QOSFlush\"" }, analysis.Reported);
        Assert.Contains("did you mean \"QOSCloseHandle\"", analysis.Analyzer[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        string generated = analysis.Generated.Values.Single();
        Assert.Contains("static extern int QOSCreateHandle(", generated, System.StringComparison.Ordinal);
        Assert.DoesNotContain("QOSCloseHandle(", generated, System.StringComparison.Ordinal);
        Assert.DoesNotContain(analysis.Compiler, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void QOS111_only_unknown_names_generate_nothing_and_still_compile()
    {
        AttributeAnalysis analysis = Run("[QwaveNativeMethods(\"QOSFlush\")] internal static partial class Qwave { }");
        Assert.Equal(new[] { "QOS111: \"QOSFlush\"" }, analysis.Reported);
        Assert.Empty(analysis.Generated);
    }

    // QOS112
    [Theory]
    [InlineData("public void Dispose() { }", "Dispose")]
    [InlineData("public static int Add(int a, int b) => a + b;", "Add")]
    [InlineData("public string Id => \"x\";", "Id")]
    [InlineData("private int __qosRemoved;", "__qosRemoved")]
    public void QOS112_user_member_collides_with_a_generated_one(string member, string name)
    {
        AttributeAnalysis analysis = Run("[QosFlow(QosTrafficType.Voice)] public partial class F { " + member + " }");
        Diagnostic d = Assert.Single(analysis.Analyzer);
        Assert.Equal("QOS112", d.Id);
        Assert.Contains("'" + name + "'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal(new[] { "QOS112: " + name }, analysis.Reported);
        Assert.Empty(analysis.Generated);
    }

    [Fact]
    public void QOS112_inherited_member_collides() =>
        AssertReports("[QosFlow(QosTrafficType.Voice)] public partial class F : Base { } public class Base { public int QueryOutgoingRate() => 0; }", "QOS112: F");

    [Fact]
    public void QOS112_kind_specific_names_collide_only_for_their_kind()
    {
        AssertReports("[QosFlow(QosTrafficType.Voice)] public partial class F { public void AddSocket() { } }", "QOS112: AddSocket");
        AssertClean("[QosFlow(QosTrafficType.Voice)] public partial class G { public void QueryFundamentals() { } }");
    }

    [Fact]
    public void QOS112_native_method_name_already_declared() =>
        AssertReports("[QwaveNativeMethods(\"QOSCancel\")] internal static partial class Qwave { static int QOSCancel() => 0; }", "QOS112: QOSCancel");

    // QOS113
    [Fact]
    public void QOS113_undefined_traffic_type_and_shaping()
    {
        AssertReports("[QosFlow((QosTrafficType)9)] public partial class F { }", "QOS113: (QosTrafficType)9");
        AssertReports(
            "[QosFlow(QosTrafficType.Voice, OutgoingRate = 1000, Shaping = (QosShaping)7)] public partial class G { }",
            "QOS113: Shaping = (QosShaping)7");
    }

    // QOS114
    [Fact]
    public void QOS114_native_methods_without_unsafe_code()
    {
        AttributeAnalysis analysis = Run("[QwaveNativeMethods] internal static partial class Qwave { }", allowUnsafe: false);
        Assert.Equal(new[] { "QOS114: Qwave" }, analysis.Reported);
        Assert.Empty(analysis.Generated);
        Assert.Empty(analysis.Compiler.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    // QOS115
    [Theory]
    [InlineData(LanguageVersion.CSharp7, "7.0")]
    [InlineData(LanguageVersion.CSharp6, "6")]
    public void QOS115_flow_class_in_a_project_older_than_its_wrapper_needs(LanguageVersion version, string shown)
    {
        AttributeAnalysis analysis = Run("[QosFlow(QosTrafficType.Voice, Dscp = 46)] public sealed partial class VoiceFlow { }", languageVersion: version);
        Assert.Equal(new[] { "QOS115: VoiceFlow" }, analysis.Reported);
        Assert.Equal(
            "'VoiceFlow' gets no [QosFlow] code: it needs C# 7.1 or later, but this project compiles as C# " + shown + "; raise <LangVersion> or remove it to use the target framework's default",
            analysis.Analyzer[0].GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(analysis.Generated);
        Assert.Empty(analysis.Compiler.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void QOS115_is_per_class_and_form_plain_native_declarations_still_generate()
    {
        AttributeAnalysis analysis = Run(
            "[QosFlow(QosTrafficType.Voice)] public sealed partial class VoiceFlow { } [QwaveNativeMethods] internal static partial class Qwave { }",
            languageVersion: LanguageVersion.CSharp7);
        Assert.Equal(new[] { "QOS115: VoiceFlow" }, analysis.Reported);
        Assert.Equal("Qwave.QwaveNativeMethods.g.cs", Assert.Single(analysis.Generated).Key);
        Assert.Empty(analysis.Compiler.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void QOS115_native_methods_without_runtime_marshalling_before_CSharp_9()
    {
        const string Source = "[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling] [QwaveNativeMethods(\"QOSCreateHandle\")] internal static partial class Qwave { }";
        AttributeAnalysis analysis = Run(Source, languageVersion: LanguageVersion.CSharp8);
        Assert.Equal(new[] { "QOS115: Qwave" }, analysis.Reported);
        Assert.Contains(
            "it needs C# 9.0 or later in an assembly with [DisableRuntimeMarshalling], but this project compiles as C# 8.0;",
            analysis.Analyzer[0].GetMessage(CultureInfo.InvariantCulture),
            System.StringComparison.Ordinal);
        Assert.Empty(analysis.Generated);
        Assert.Empty(analysis.Compiler.Where(d => d.Severity == DiagnosticSeverity.Error));

        AttributeAnalysis atNine = Run(Source, languageVersion: LanguageVersion.CSharp9);
        Assert.Empty(atNine.Reported);
        Assert.Single(atNine.Generated);
        Assert.Empty(atNine.Compiler.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp7_1)]
    [InlineData(LanguageVersion.CSharp7_3)]
    public void QOS115_not_reported_from_the_oldest_version_the_wrapper_compiles_as(LanguageVersion version)
    {
        AttributeAnalysis analysis = Run("[QosFlow(QosTrafficType.AudioVideo, Adaptive = true)] public sealed partial class VideoFlow { }", languageVersion: version);
        Assert.Empty(analysis.Reported);
        Assert.Single(analysis.Generated);
        Assert.Empty(analysis.Compiler.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("[QosFlow(")]
    [InlineData("[QosFlow(QosTrafficType.)] public partial class F { }")]
    [InlineData("[QosFlow] public partial class F { }")]
    [InlineData("[QosFlow(QosTrafficType.Voice, Dscp = )] public partial class F { }")]
    [InlineData("[QosFlow(QosTrafficType.Voice, Dscp = \"x\")] public partial class F { }")]
    [InlineData("[QosFlow(QosTrafficType.Voice, Adaptive = )] public partial class F")]
    [InlineData("[QosFlow(QosTrafficType.Voice, Nope = 1)] public partial class F { }")]
    [InlineData("[QosFlow(QosTrafficType.Voice)] [QosFlow(QosTrafficType.Control)] public partial class F { }")]
    [InlineData("[QosFlow(QosTrafficType.Voice)] public partial class F { } public partial class F { public void Add( }")]
    [InlineData("[QwaveNativeMethods(\"QOS")]
    [InlineData("[QwaveNativeMethods(null)] static partial class Q { }")]
    [InlineData("[QwaveNativeMethods(new string[] { \"QOSCancel\", null! })] static partial class Q { }")]
    [InlineData("[QwaveNativeMethods(1)] static partial class Q { }")]
    [InlineData("[QosFlow(QosTrafficType.Voice)] partial struct S { }")]
    [InlineData("[QosFlow(QosTrafficType.Voice)] partial interface I { }")]
    [InlineData("[QosFlow(QosTrafficType.Voice)] enum E { }")]
    public void Half_typed_or_misplaced_attributes_never_crash(string source)
    {
        AttributeAnalysis analysis = Run(source);
        Assert.DoesNotContain(analysis.Compiler, d => d.Id.StartsWith("CS8", System.StringComparison.Ordinal) && d.Id is "CS8784" or "CS8785");
    }

    public static TheoryData<string> Misuse => new()
    {
        "[QosFlow(QosTrafficType.Voice)] public class A { }",
        "public class O { [QosFlow(QosTrafficType.Voice)] public partial class A { } }",
        "[QosFlow(QosTrafficType.Voice)] public partial class A<T> { }",
        "[QosFlow(QosTrafficType.Voice, Dscp = 99)] public partial class A { }",
        "[QosFlow(QosTrafficType.Voice, OutgoingRate = -5)] public partial class A { }",
        "[QosFlow(QosTrafficType.Voice, Shaping = QosShaping.ShapeOnly)] public partial class A { }",
        "[QosFlow(QosTrafficType.Voice, OutgoingRate = 9)] public partial class A { }",
        "[QosFlow(QosTrafficType.Voice)] public abstract partial class A { }",
        "[QosFlow(QosTrafficType.Voice), QwaveNativeMethods] public partial class A { }",
        "[QwaveNativeMethods] public partial class A { }",
        "[QwaveNativeMethods(\"Nope\", \"QOSCancel\")] public static partial class A { }",
        "[QosFlow(QosTrafficType.Voice)] public partial class A { public void Dispose() { } }",
        "[QosFlow((QosTrafficType)42)] public partial class A { }",
    };

    [Theory]
    [MemberData(nameof(Misuse))]
    public void The_generator_skips_exactly_the_classes_the_analyzer_reports_as_errors(string source)
    {
        AttributeAnalysis analysis = Run(source);
        bool blocked = analysis.Analyzer.Any(d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(analysis.Analyzer);
        Assert.Equal(blocked, analysis.Generated.Count == 0);

        // When it does generate, the output compiles with the user's code.
        if (!blocked)
        {
            Assert.DoesNotContain(analysis.Compiler, d => d.Severity == DiagnosticSeverity.Error);
        }
    }
}
