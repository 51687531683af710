using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace QosAnalyzers.Fuzzing;

/// <summary>
/// The house rules every Roslyn component keeps, checked over whatever the assemblies contain, so a
/// new rule or fix is held to them without an edit here.
/// </summary>
public class HouseRulesTests
{
    /// <summary>Code fix providers that deliberately offer no Fix All, each with the reason. Empty: all of them do.</summary>
    private static readonly Dictionary<string, string> s_withoutFixAll = new(StringComparer.Ordinal);

    public static TheoryData<string> AnalyzerTypes() => Names(Components.AnalyzerTypes());

    public static TheoryData<string> CodeFixTypes() => Names(Components.CodeFixTypes());

    // ---- analyzers: concurrent, and silent in generated code

    [Theory]
    [MemberData(nameof(AnalyzerTypes))]
    public void Analyzer_enables_concurrent_execution_and_skips_generated_code(string type)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(Components.AnalyzersAssembly.GetType(type, throwOnError: true)!)!;
        Assert.Empty(InitializationProblems(analyzer));
    }

    [Fact]
    public void The_initialization_check_catches_an_analyzer_that_breaks_the_rules()
    {
        Assert.Equal(2, InitializationProblems(new SerialAnalyzerOfGeneratedCode()).Count);
        Assert.Empty(InitializationProblems(new WellBehavedAnalyzer()));
    }

    [Fact]
    public void Every_shipped_analyzer_is_found() =>
        Assert.Contains(Components.AnalyzerTypes(), t => t.Name == "ReservedFlagsAnalyzer");

    private static bool JudgesImportDeclarations(DiagnosticAnalyzer analyzer) =>
        analyzer.GetType().GetProperty("JudgesImportDeclarations", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?.GetValue(analyzer) is true;

    /// <summary>Calls Initialize on a recording context: what did the analyzer ask for?</summary>
    public static List<string> InitializationProblems(DiagnosticAnalyzer analyzer)
    {
        var context = new RecordingAnalysisContext();
        analyzer.Initialize(context);
        var problems = new List<string>();
        if (!context.ConcurrentExecution)
        {
            problems.Add(analyzer.GetType().Name + " does not call EnableConcurrentExecution.");
        }

        // The rules over import declarations must see [LibraryImport] partials, which the compiler counts as
        // generated once the SDK's generator implemented them; they skip generated files themselves.
        GeneratedCodeAnalysisFlags expected = JudgesImportDeclarations(analyzer)
            ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics
            : GeneratedCodeAnalysisFlags.None;
        if (context.GeneratedCode != expected)
        {
            problems.Add($"{analyzer.GetType().Name} configures generated code analysis as {context.GeneratedCode?.ToString() ?? "the default (not called)"}, not {expected}.");
        }

        return problems;
    }

    // ---- banned APIs (RS1035): enforced by the build of every Roslyn component

    [Fact]
    public void Roslyn_components_build_with_the_extended_analyzer_rules_enforced_as_errors()
    {
        string root = Corpus.RepositoryRoot;
        XElement props = XElement.Load(Path.Combine(root, "src/Roslyn.props"));
        Assert.Equal("true", Property(props, "EnforceExtendedAnalyzerRules"), ignoreCase: true);

        // RS1035 comes with the Microsoft.CodeAnalysis.Analyzers package; warnings are errors everywhere.
        Assert.Contains(props.Descendants("PackageReference"), p => (string?)p.Attribute("Include") == "Microsoft.CodeAnalysis.Analyzers");
        Assert.Equal("true", Property(XElement.Load(Path.Combine(root, "Directory.Build.props")), "TreatWarningsAsErrors"), ignoreCase: true);

        foreach (string project in new[] { "src/Analyzers/QosAnalyzers.Analyzers.csproj", "src/CodeFixes/QosAnalyzers.CodeFixes.csproj", "src/Generator/QosAnalyzers.Generator.csproj" })
        {
            XElement xml = XElement.Load(Path.Combine(root, project));
            Assert.Contains(xml.Elements("Import"), i => ((string?)i.Attribute("Project"))?.EndsWith("Roslyn.props", StringComparison.Ordinal) == true);
            Assert.DoesNotContain("RS1035", xml.ToString(), StringComparison.Ordinal);
            Assert.NotEqual("false", Property(xml, "EnforceExtendedAnalyzerRules"), StringComparer.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("RS1035", props.ToString(), StringComparison.Ordinal);
    }

    private static string? Property(XElement project, string name) =>
        project.Elements("PropertyGroup").Elements(name).Select(e => e.Value.Trim()).LastOrDefault();

    // ---- generators: deterministic output

    public static TheoryData<string> GeneratorInputs()
    {
        var data = new TheoryData<string>();
        foreach (Seed seed in GeneratingSeeds())
        {
            data.Add(seed.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GeneratorInputs))]
    public void Generator_output_is_byte_identical_across_runs_drivers_and_tree_orders(string seedName)
    {
        Seed seed = Corpus.All.First(s => s.Name == seedName);
        var trees = Trees(seed);
        Compilation compilation = FuzzEngine.CreateCompilation(trees);

        GeneratorDriver driver = CreateDriver().RunGenerators(compilation);
        var first = Output(driver);
        Assert.NotEmpty(first);

        // The same driver again (cached steps), a second fresh driver, and the documents in reverse order.
        AssertSame(first, Output(driver.RunGenerators(compilation)), "a second run of the same driver");
        AssertSame(first, Output(CreateDriver().RunGenerators(compilation)), "a fresh driver");
        AssertSame(first, Output(CreateDriver().RunGenerators(FuzzEngine.CreateCompilation(Enumerable.Reverse(trees)))), "the documents in reverse order");
    }

    [Fact]
    public void Generator_output_does_not_depend_on_the_order_of_unrelated_inputs()
    {
        // Every generator input with a distinct output file, in one compilation, in two orders.
        var chosen = new List<SyntaxTree>();
        var hints = new HashSet<string>(StringComparer.Ordinal);
        foreach (Seed seed in GeneratingSeeds().Where(s => s.Companions.IsEmpty))
        {
            var output = Output(CreateDriver().RunGenerators(FuzzEngine.CreateCompilation(Trees(seed))));
            if (output.Keys.All(hints.Add))
            {
                chosen.Add(FuzzEngine.Parse(seed.Text, "Input" + chosen.Count + ".cs"));
            }
        }

        Assert.True(chosen.Count >= 3, "Too few generator inputs to compare orders: " + chosen.Count);
        var forward = Output(CreateDriver().RunGenerators(FuzzEngine.CreateCompilation(chosen)));
        var backward = Output(CreateDriver().RunGenerators(FuzzEngine.CreateCompilation(Enumerable.Reverse(chosen))));
        Assert.Equal(hints.OrderBy(h => h, StringComparer.Ordinal), forward.Keys.OrderBy(h => h, StringComparer.Ordinal));
        AssertSame(forward, backward, "the inputs in reverse order");
    }

    [Fact]
    public void The_determinism_check_catches_output_that_differs()
    {
        var a = new SortedDictionary<string, byte[]>(StringComparer.Ordinal) { ["A.g.cs"] = new byte[] { 1, 2 } };
        var b = new SortedDictionary<string, byte[]>(StringComparer.Ordinal) { ["A.g.cs"] = new byte[] { 1, 3 } };
        Assert.ThrowsAny<Exception>(() => AssertSame(a, b, "a changed byte"));
    }

    private static IEnumerable<Seed> GeneratingSeeds() =>
        Corpus.All.Where(s => s.Text.Contains("[QosFlow", StringComparison.Ordinal) || s.Text.Contains("[QwaveNativeMethods", StringComparison.Ordinal))
            .Where(s => Output(CreateDriver().RunGenerators(FuzzEngine.CreateCompilation(Trees(s)))).Count > 0);

    private static List<SyntaxTree> Trees(Seed seed) =>
        new[] { (seed.Path, seed.Text) }.Concat(seed.Companions).Select(d => FuzzEngine.Parse(d.Text, d.Path)).ToList();

    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(Components.ShippedGenerators(), parseOptions: Testing.TestProject.ParseOptions);

    /// <summary>Generated files by hint name, as the bytes written to disk (text in its encoding, with its checksum algorithm).</summary>
    private static SortedDictionary<string, byte[]> Output(GeneratorDriver driver)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (GeneratorRunResult result in driver.GetRunResult().Results)
        {
            Assert.Null(result.Exception);
            foreach (GeneratedSourceResult source in result.GeneratedSources)
            {
                SourceText text = source.SourceText;
                byte[] bytes = (text.Encoding ?? System.Text.Encoding.UTF8).GetBytes(text.ToString());
                files.Add(Components.NameOf(result.Generator) + "/" + source.HintName, bytes.Concat(text.GetChecksum()).ToArray());
            }
        }

        return files;
    }

    private static void AssertSame(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual, string how)
    {
        Assert.True(expected.Keys.SequenceEqual(actual.Keys), $"With {how} the generated files differ: {string.Join(", ", expected.Keys)} vs {string.Join(", ", actual.Keys)}");
        foreach (var (hint, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[hint]), $"With {how}, {hint} is not byte-identical.");
        }
    }

    // ---- code fixes: Fix All, exported to the IDE

    [Theory]
    [MemberData(nameof(CodeFixTypes))]
    public void Code_fix_offers_Fix_All_or_documents_why_not(string type)
    {
        var fix = (CodeFixProvider)Activator.CreateInstance(Components.CodeFixesAssembly.GetType(type, throwOnError: true)!)!;
        Assert.Empty(CodeFixProblems(fix, s_withoutFixAll));
    }

    [Fact]
    public void The_code_fix_check_catches_a_fix_without_Fix_All_or_export()
    {
        Assert.Equal(2, CodeFixProblems(new FixWithoutFixAll(), s_withoutFixAll).Count);
        Assert.DoesNotContain(CodeFixProblems(new FixWithoutFixAll(), new Dictionary<string, string> { [nameof(FixWithoutFixAll)] = "each diagnostic needs a decision" }), p => p.Contains("Fix All", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_shipped_code_fix_is_found() =>
        Assert.Contains(Components.CodeFixTypes(), t => t.Name == "ReservedFlagsCodeFix");

    public static List<string> CodeFixProblems(CodeFixProvider fix, IReadOnlyDictionary<string, string> withoutFixAll)
    {
        var problems = new List<string>();
        string name = fix.GetType().Name;
        FixAllProvider? fixAll = fix.GetFixAllProvider();
        if (fixAll is null && !(withoutFixAll.TryGetValue(name, out string? reason) && !string.IsNullOrWhiteSpace(reason)))
        {
            problems.Add(name + " offers no Fix All and no reason is recorded in HouseRulesTests.s_withoutFixAll.");
        }
        else if (fixAll is not null && !fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
        {
            problems.Add(name + "'s Fix All does not support the document scope.");
        }

        // Without the export the IDE and dotnet format never see the fix.
        bool exported = fix.GetType().GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), false)
            .Cast<ExportCodeFixProviderAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp));
        bool shared = fix.GetType().GetCustomAttributes(typeof(SharedAttribute), false).Length > 0;
        if (!exported || !shared)
        {
            problems.Add(name + " is not exported as [ExportCodeFixProvider(LanguageNames.CSharp), Shared].");
        }

        return problems;
    }

    private static TheoryData<string> Names(IEnumerable<Type> types)
    {
        var data = new TheoryData<string>();
        foreach (Type t in types)
        {
            data.Add(t.FullName!);
        }

        return data;
    }

    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public bool ConcurrentExecution { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecution = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;

        // Registrations are irrelevant here: Initialize only has to run.
        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
        {
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action)
        {
        }

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
        {
        }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
        {
        }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
        {
        }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
        {
        }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
        {
        }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
        {
        }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
        {
        }

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
        {
        }

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
        {
        }

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
        {
        }

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action)
        {
        }
    }

    // Breaks the rules on purpose: the check under test must catch it.
#pragma warning disable RS1026
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class SerialAnalyzerOfGeneratedCode : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

        public override void Initialize(AnalysisContext context) =>
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
    }
#pragma warning restore RS1026

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class WellBehavedAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        }
    }

    private sealed class FixWithoutFixAll : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("X");

        public override FixAllProvider? GetFixAllProvider() => null;

        public override System.Threading.Tasks.Task RegisterCodeFixesAsync(CodeFixContext context) => System.Threading.Tasks.Task.CompletedTask;
    }
}
