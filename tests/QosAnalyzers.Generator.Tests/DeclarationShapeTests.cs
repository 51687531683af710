// Declaration shapes users write: each must generate code that compiles cleanly with the user's
// code (nullable, warnings as errors, XML-doc diagnostics on).
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class DeclarationShapeTests
{
    public static TheoryData<string> Shapes => new()
    {
        // Keywords as names need escaping in the generated shell.
        "namespace @event.@class { [QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Voice)] public partial class @delegate { } }",
        // Attribute on one partial declaration, user members in another file-like part.
        "[QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Voice)] public partial class Split { } public partial class Split { public int Port { get; set; } public Split() { } }",
        // A user constructor leaves the generated state unset without nullable warnings.
        "[QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Background)] public sealed partial class WithCtor { public WithCtor(int port) { Port = port; } public int Port { get; } }",
        // Record class, nested in an interface and a struct.
        "public partial interface IHost { partial struct Slot { [QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.ExcellentEffort)] internal sealed partial record Flow { } } }",
        // Fully qualified and aliased attribute names.
        "using Q = QosAnalyzers.QosFlowAttribute; [Q(QosAnalyzers.QosTrafficType.Voice)] partial class Aliased { }",
        "[global::QosAnalyzers.QosFlowAttribute(global::QosAnalyzers.QosTrafficType.Control, Adaptive = true, Dscp = 0)] file partial class FileLocal { }",
        // Derived from a user base class with a protected parameterless constructor.
        "public abstract class Endpoint { protected Endpoint() { } public abstract string Name { get; } } [QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Voice)] public sealed partial class Derived : Endpoint { public override string Name => \"d\"; }",
        // Native methods nested in a partial class, selection given as an explicit array.
        "public partial class Host { [QosAnalyzers.QwaveNativeMethods(new[] { \"QOSCancel\", \"QOSSetFlow\" })] private static partial class Native { } }",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Generates_and_compiles_cleanly(string source)
    {
        var (output, diagnostics, result) = TestCompilation.Run(TestCompilation.Create(source));

        Assert.Empty(diagnostics);
        Assert.Single(TestCompilation.GeneratedSources(result));
        Assert.True(output.GetDiagnostics().IsEmpty, TestCompilation.Describe(output.GetDiagnostics()));
    }

    [Fact]
    public void Without_the_runtime_reference_nothing_is_generated_and_nothing_fails()
    {
        // A look-alike attribute in another namespace must not trigger the generator either.
        const string source = """
            namespace Other { public sealed class QosFlowAttribute : System.Attribute { public QosFlowAttribute(int t) { } } }
            [Other.QosFlow(4)] public partial class NotOurs { }
            """;
        CSharpCompilation compilation = TestCompilation.Create(source);
        compilation = compilation.RemoveReferences(compilation.References.Where(r => r.Display?.EndsWith("QosAnalyzers.dll", System.StringComparison.Ordinal) == true));

        var (output, diagnostics, result) = TestCompilation.Run(compilation);

        Assert.Empty(diagnostics);
        Assert.Empty(TestCompilation.GeneratedSources(result));
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.True(output.GetDiagnostics().IsEmpty, TestCompilation.Describe(output.GetDiagnostics()));
    }

    [Fact]
    public void Nesting_and_namespaces_get_distinct_hint_names_so_a_clash_never_crashes_the_generator()
    {
        const string source = """
            namespace A { [QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Voice)] public partial class B { } }
            public partial class A { [QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Voice)] public partial class B { } }
            """;
        var (output, _, result) = TestCompilation.Run(TestCompilation.Create(source));

        Assert.Equal(new[] { "A-B.QosFlow.g.cs", "A.B.QosFlow.g.cs" }, TestCompilation.GeneratedSources(result).Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        Assert.All(result.Results, r => Assert.Null(r.Exception));

        // The clash itself (namespace A and class A) is the compiler's to report, not a generator crash.
        Assert.Equal(new[] { "CS0101" }, output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct());
    }
}
