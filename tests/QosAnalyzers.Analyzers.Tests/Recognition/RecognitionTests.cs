using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.Recognition;

/// <summary>What counts as a qWAVE binding, how parameters map, and when analysis is skipped entirely.</summary>
public class RecognitionTests
{
    [Theory]
    [InlineData("qwave", true)]
    [InlineData("qwave.dll", true)]
    [InlineData("QWAVE.DLL", true)]
    [InlineData("QWave", true)]
    [InlineData(@"C:\Windows\System32\qwave.dll", true)]
    [InlineData(" qwave.dll ", true)]
    [InlineData("qos2.dll", false)]
    [InlineData("qwave2", false)]
    [InlineData("qwave.dll.mui", false)]
    [InlineData(null, false)]
    public void Module_names(string? module, bool expected) => Assert.Equal(expected, QwaveRecognizer.IsQwaveModule(module));

    [Fact]
    public void Only_set_query_and_notify_start_overlapped_operations() =>
        Assert.Equal(
            new[] { QwaveCatalog.QOSNotifyFlow, QwaveCatalog.QOSQueryFlow, QwaveCatalog.QOSSetFlow },
            QwaveCatalog.Functions.Where(f => f.StartsOverlappedOperation).Select(f => f.Name).OrderBy(n => n, System.StringComparer.Ordinal));

    [Fact]
    public void Every_binding_style_maps_to_its_entry_point_and_parameters()
    {
        Compilation compilation = Complete(Bindings.DllImportBool, Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal)
            .Replace("namespace Interop", "namespace Interop.Alias", System.StringComparison.Ordinal));
        var recognizer = QwaveRecognizer.Create(compilation);

        QwaveMethod dllImport = recognizer.Recognize(Method(compilation, "Interop.Qwave", "QOSSetFlow"))!;
        Assert.Equal(("QOSSetFlow", QwaveBindingKind.DllImport, (bool?)true), (dllImport.Function.Name, dllImport.Kind, dllImport.SetLastError));
        Assert.Equal(5, dllImport.OrdinalOf(ParameterRole.Flags));

        // Positional: own parameter names, full parameter list.
        QwaveMethod alias = recognizer.Recognize(Method(compilation, "Interop.Alias.Native", "RemoveSocket"))!;
        Assert.Equal(QwaveCatalog.QOSRemoveSocketFromFlow, alias.Function.Name);
        Assert.Equal(3, alias.OrdinalOf(ParameterRole.Flags));
        Assert.Equal(2, alias.OrdinalOf(ParameterRole.FlowId));
        Assert.True(alias.ReturnsBool);
    }

    [Fact]
    public void Shorter_wrappers_map_by_parameter_name()
    {
        Compilation compilation = Complete(Bindings.EntryPointMarked);
        var recognizer = QwaveRecognizer.Create(compilation);
        QwaveMethod remove = recognizer.Recognize(Method(compilation, "Interop.QosFlowApi", "Remove"))!;
        Assert.Equal(QwaveBindingKind.EntryPointAttribute, remove.Kind);
        Assert.Equal(-1, remove.OrdinalOf(ParameterRole.QosHandle));
        Assert.Equal(0, remove.OrdinalOf(ParameterRole.Socket));
        Assert.Equal(2, remove.OrdinalOf(ParameterRole.Flags));
    }

    [Fact]
    public void Reordered_wrapper_with_native_names_maps_by_name_but_imports_stay_positional()
    {
        Compilation compilation = Complete("""
            using System;
            using System.Runtime.InteropServices;
            using QosAnalyzers;
            static class W
            {
                [QwaveEntryPoint("QOSRemoveSocketFromFlow")]
                public static bool Remove(uint flags, IntPtr qosHandle, uint flowId, IntPtr socket) => true;

                // The ABI passes arguments by position: here Flags really is the 4th native argument.
                [DllImport("qwave", EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
                public static extern bool Swapped(IntPtr QOSHandle, IntPtr Socket, uint Flags, uint FlowId);
            }
            """);
        var recognizer = QwaveRecognizer.Create(compilation);
        Assert.Equal(0, recognizer.Recognize(Method(compilation, "W", "Remove"))!.OrdinalOf(ParameterRole.Flags));
        Assert.Equal(3, recognizer.Recognize(Method(compilation, "W", "Swapped"))!.OrdinalOf(ParameterRole.Flags));
    }

    [Fact]
    public void Lookalikes_are_not_qwave()
    {
        Compilation compilation = Complete(Bindings.DllImportBool, Bindings.OtherModules);
        var recognizer = QwaveRecognizer.Create(compilation);
        foreach (IMethodSymbol method in compilation.GetTypeByMetadataName("Elsewhere.Lookalike")!.GetMembers().OfType<IMethodSymbol>())
        {
            Assert.Null(recognizer.Recognize(method));
        }
    }

    [Fact]
    public void Unknown_entry_points_and_wrong_case_are_not_bindings()
    {
        Compilation compilation = Complete("""
            using System.Runtime.InteropServices;
            static class N
            {
                [DllImport("qwave.dll")] public static extern int QosCloseHandle(nint h);
                [DllImport("qwave.dll", EntryPoint = "QDLHPathDiagnostics")] public static extern int QOSCloseHandle(nint h);
            }
            """);
        var recognizer = QwaveRecognizer.Create(compilation);
        Assert.All(compilation.GetTypeByMetadataName("N")!.GetMembers().OfType<IMethodSymbol>(), m => Assert.Null(recognizer.Recognize(m)));
    }

    [Theory]
    [InlineData("class C { void M() { System.Console.WriteLine(1); } }", false)]
    [InlineData("static class N { [System.Runtime.InteropServices.DllImport(\"kernel32\")] static extern int QOSLike(); }", false)]
    [InlineData("static class N { [System.Runtime.InteropServices.DllImport(\"qwave\")] static extern int QOSCloseHandle(nint h); }", true)]
    [InlineData("static class N { const string L = \"QWAVE\"; [System.Runtime.InteropServices.DllImport(L, EntryPoint = \"QOSCloseHandle\")] static extern int Close(nint h); }", true)]
    [InlineData("namespace QosAnalyzers { class QwaveEntryPointAttribute : System.Attribute { } }", true)]
    public void Compilations_that_cannot_reach_qwave_are_skipped(string source, bool reachable) =>
        Assert.Equal(reachable, QwaveReachability.CanReachQwave(TestProject.Complete(TestProject.CreateCompilation(new[] { ("Test0.cs", source) })), CancellationToken.None));

    [Fact]
    public void Reachability_through_references()
    {
        MetadataReference marker = ShippedPackage.References(TargetFrameworks.Default)[0];
        MetadataReference vanaraLike = MetadataReferences.Compile("Vendor.PInvoke.Qwave", "public static class Qos { public static bool Close(nint h) => true; }");
        MetadataReference csWin32 = MetadataReferences.Compile("Interop.Windows", "namespace Windows.Win32 { public static class PInvoke { public static int QOSCloseHandle(nint h) => 1; } }");
        MetadataReference unrelated = MetadataReferences.Compile("Unrelated", "public static class U { }");
        const string Plain = "class C { }";
        Assert.True(QwaveReachability.CanReachQwave(TestProject.CreateCompilation(new[] { ("a.cs", Plain) }, new[] { marker }), CancellationToken.None));
        Assert.True(QwaveReachability.CanReachQwave(TestProject.CreateCompilation(new[] { ("a.cs", Plain) }, new[] { vanaraLike }), CancellationToken.None));
        Assert.True(QwaveReachability.CanReachQwave(TestProject.CreateCompilation(new[] { ("a.cs", Plain) }, new[] { csWin32 }), CancellationToken.None));
        Assert.False(QwaveReachability.CanReachQwave(TestProject.CreateCompilation(new[] { ("a.cs", Plain) }, new[] { unrelated }), CancellationToken.None));
    }

    [Fact]
    public async System.Threading.Tasks.Task Documented_trade_off_an_aliased_binding_only_in_an_unrelated_reference_is_not_analyzed()
    {
        MetadataReference vendor = MetadataReferences.Compile("Vendor.Interop", """
            public static class N
            {
                [System.Runtime.InteropServices.DllImport("qwave", EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
                public static extern bool Remove(nint h, nint s, uint id, uint reserved);
            }
            """);
        const string Caller = "class C { bool M(nint h) => N.Remove(h, 0, 1, 2); }";
        var quiet = await AnalyzerRunner.RunAsync(TestProject.CreateCompilation(new[] { ("a.cs", Caller) }, new[] { vendor }), Run.AllRules);
        Assert.Empty(quiet.AnalyzerDiagnostics);

        // The same call is analyzed as soon as anything in the project can reach qWAVE.
        const string Marker = "static class Uses { const string Module = \"qwave\"; }";
        var reported = await AnalyzerRunner.RunAsync(TestProject.CreateCompilation(new[] { ("a.cs", Caller), ("b.cs", Marker) }, new[] { vendor }), Run.AllRules);
        Assert.Contains(reported.AnalyzerDiagnostics, d => d.Id == RuleIdentifiers.ReservedFlagsMustBeZero);
    }

    [Fact]
    public void Text_scan_finds_the_module_across_chunk_boundaries()
    {
        string padding = new('x', 8190);
        Assert.True(QwaveReachability.ContainsIgnoringCase(Microsoft.CodeAnalysis.Text.SourceText.From(padding + "QWave"), "qwave"));
        Assert.False(QwaveReachability.ContainsIgnoringCase(Microsoft.CodeAnalysis.Text.SourceText.From(padding + "qwav"), "qwave"));
    }

    private static Compilation Complete(params string[] sources) =>
        TestProject.Complete(TestProject.CreateCompilation(sources.Select((s, i) => ($"Test{i}.cs", s)), ShippedPackage.References(TargetFrameworks.Default)), generators: ShippedPackage.Generators);

    private static IMethodSymbol Method(Compilation compilation, string type, string name) =>
        compilation.GetTypeByMetadataName(type)!.GetMembers(name).OfType<IMethodSymbol>().First();
}
