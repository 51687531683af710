using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.Recognition;

/// <summary>
/// The per-file filter that lets the rules skip files which cannot call qWAVE: it must admit every
/// file that can (an alias, a constant module name, a local function, a reference, the package API)
/// and skip the others.
/// </summary>
public class CallSiteFilterTests
{
    private const string Unrelated = """
        using System.Collections.Generic;
        class Unrelated
        {
            int Count(List<int> values) { values.Add(1); return values.Count; }
            void QOSSetFlowLike() { }
            string Text => "QOSSetFlowX and xQOSCancel are not names";
        }
        """;

    [Fact]
    public void Skips_files_that_call_no_binding_and_admits_the_others()
    {
        Compilation compilation = Compile(
            Bindings.DllImportBool,
            "class Caller { bool M(System.IntPtr h) => Interop.Qwave.QOSCloseHandle(h); }",
            Unrelated,
            "class Verbatim { bool M(System.IntPtr h) => Interop.Qwave.@QOSCloseHandle(h); }");
        CallSiteFilter filter = Filter(compilation);

        Assert.True(filter.MayContainCall(compilation.SyntaxTrees.ElementAt(0)));
        Assert.True(filter.MayContainCall(compilation.SyntaxTrees.ElementAt(1)));
        Assert.False(filter.MayContainCall(compilation.SyntaxTrees.ElementAt(2)));
        Assert.True(filter.MayContainCall(compilation.SyntaxTrees.ElementAt(3)));
    }

    [Fact]
    public async Task An_alias_behind_a_constant_module_is_followed_into_other_files()
    {
        const string Constants = "static class Modules { public const string Qos = \"QWAVE\"; }";
        const string Declaration = """
            static class Vendor
            {
                [System.Runtime.InteropServices.DllImport(Modules.Qos, EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
                public static extern bool Detach(nint h, nint s, uint id, uint reserved);
            }
            """;
        const string Caller = "class Caller { bool M(nint h, nint s) => Vendor.Detach(h, s, 1, 2); }";
        Compilation compilation = Compile(Constants, Declaration, Caller, Unrelated);

        Assert.Contains("Detach", Filter(compilation).Names!);
        Assert.False(Filter(compilation).MayContainCall(compilation.SyntaxTrees.Last()));
        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, Run.AllRules);
        Assert.Contains(run.AnalyzerDiagnostics, d => d.Id == RuleIdentifiers.ReservedFlagsMustBeZero && d.Location.SourceTree == compilation.SyntaxTrees.ElementAt(2));
    }

    [Fact]
    public async Task Local_extern_functions_and_LibraryImport_aliases_are_names_too()
    {
        const string Local = """
            class Local
            {
                bool M(nint h)
                {
                    return Close(h);

                    [System.Runtime.InteropServices.DllImport("qwave", EntryPoint = "QOSCloseHandle", SetLastError = true)]
                    static extern bool Close(nint handle);
                }
            }
            """;
        const string Library = """
            static partial class Lib
            {
                [System.Runtime.InteropServices.LibraryImport("qwave", EntryPoint = "QOSCancel", SetLastError = true)]
                [return: System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.Bool)]
                public static partial bool Abort(nint handle, nint overlapped);
            }
            """;
        const string Caller = "class Caller { void M(nint h) { Lib.Abort(h, 0); } }";
        Compilation compilation = Compile(Local, Library, Caller);

        IReadOnlyCollection<string> names = Filter(compilation).Names!;
        Assert.Contains("Close", names);
        Assert.Contains("Abort", names);
        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, Run.AllRules);
        Assert.Contains(run.AnalyzerDiagnostics, d => d.Id == RuleIdentifiers.BoolResultIgnored && d.Location.SourceTree == compilation.SyntaxTrees.ElementAt(2));
    }

    [Fact]
    public void References_contribute_their_aliased_and_marked_bindings()
    {
        MetadataReference bindings = MetadataReferences.Compile("Vendor.Interop", Bindings.EntryPointMarked, Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal));
        Compilation compilation = TestProject.CreateCompilation(new[] { ("a.cs", "class C { }"), ("b.cs", "static class M { const string Module = \"qwave\"; }") }, new[] { bindings });

        IReadOnlyCollection<string> names = Filter(compilation).Names!;
        Assert.Contains("SetFlow", names);
        Assert.Contains("AddSocket", names);
        Assert.Contains("Remove", names);
    }

    [Fact]
    public void The_package_API_is_admitted_where_the_session_exists()
    {
        Compilation compilation = Compile(FlowClasses.Voice, "class C { void M(App.VoiceFlow f) => f.SetOutgoingRate(8); }", Unrelated);
        CallSiteFilter filter = Filter(compilation);

        Assert.True(filter.MayContainCall(compilation.SyntaxTrees.ElementAt(1)));
        Assert.False(filter.MayContainCall(compilation.SyntaxTrees.ElementAt(2)));
        Assert.Contains("WhenAvailableAsync", filter.Names!);
    }

    [Fact]
    public void Flow_classes_are_names_in_source_and_in_references()
    {
        const string Flows = """
            namespace App
            {
                [QosAnalyzers.QosFlow(QosAnalyzers.QosTrafficType.Voice)]
                public sealed partial class VoiceFlow { }
            }
            """;
        Compilation compilation = Compile(Flows, "class C { object M() => App.VoiceFlow.Add; }");
        Assert.Contains("VoiceFlow", Filter(compilation).Names!);
        Assert.True(Filter(compilation).MayContainCall(compilation.SyntaxTrees.ElementAt(1)));

        MetadataReference library = MetadataReferences.Compile("Flows", Flows);
        Compilation consumer = TestProject.CreateCompilation(new[] { ("a.cs", "class C { void M(App.VoiceFlow f) { } }"), ("b.cs", "static class M { const string Module = \"qwave\"; }") }, new[] { library });
        Assert.Contains("VoiceFlow", Filter(consumer).Names!);
    }

    [Fact]
    public void Every_generated_wrapper_member_a_rule_inspects_is_a_filter_name()
    {
        // The generator's golden files, which its own tests keep equal to what it emits.
        string golden = System.IO.Path.Combine(DocumentationTests.RepoRoot(), "tests", "QosAnalyzers.Generator.Tests", "Golden");
        List<MethodDeclarationSyntax> members = System.IO.Directory.GetFiles(golden, "*Flow.g.cs")
            .SelectMany(f => CSharpSyntaxTree.ParseText(System.IO.File.ReadAllText(f)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword))
            .ToList();
        Assert.NotEmpty(members);

        int inspected = 0;
        foreach (MethodDeclarationSyntax member in members)
        {
            if (member.ParameterList.Parameters.Any(p => p.Identifier.ValueText == "bitsPerSecond")
                || member.Identifier.ValueText is "SetOutgoingDscp" or "TrySetOutgoingDscp")
            {
                inspected++;
                Assert.Contains(member.Identifier.ValueText, PackageApi.FlowWrapper.Inspected);
            }
        }

        Assert.True(inspected >= 4);
    }

    [Fact]
    public void Code_fixes_see_every_file()
    {
        Compilation compilation = Compile(Unrelated);
        Assert.True(QwaveRecognizer.Create(compilation).MayContainCall(compilation.SyntaxTrees.Single()));
        Assert.Null(QwaveRecognizer.Create(compilation).CallSites.Names);
    }

    private static Compilation Compile(params string[] sources) =>
        TestProject.CreateCompilation(sources.Select((s, i) => ($"File{i}.cs", s)), ShippedPackage.References(TargetFrameworks.Default));

    private static CallSiteFilter Filter(Compilation compilation) =>
        (QwaveRecognizer.TryCreate(compilation, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("The compilation cannot reach qWAVE.")).CallSites;
}
