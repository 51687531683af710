using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace QosAnalyzers.Testing;

/// <summary>
/// Verifies a code fix in an <see cref="AdhocWorkspace"/>: applied one diagnostic at a time (with an
/// iteration cap) and through Fix All in document, project and solution scope; the result must equal
/// the expected source, still carry the diagnostics its markup shows, compile, and add no warnings.
/// </summary>
public class CodeFixTest : AnalyzerTest
{
    public CodeFixTest(CodeFixProvider codeFix, params DiagnosticAnalyzer[] analyzers)
        : base(analyzers) => CodeFix = codeFix;

    public CodeFixProvider CodeFix { get; }

    /// <summary>The expected sources after fixing one diagnostic at a time, with markup for what remains.</summary>
    public List<string> FixedSources { get; } = new();

    /// <summary>The expected sources after Fix All; defaults to <see cref="FixedSources"/>.</summary>
    public List<string> BatchFixedSources { get; } = new();

    /// <summary>Picks the code action by equivalence key; otherwise <see cref="CodeActionIndex"/> (default the first).</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    public int? CodeActionIndex { get; set; }

    /// <summary>Exact number of single fixes expected; null: at most one per initial diagnostic.</summary>
    public int? NumberOfIncrementalIterations { get; set; }

    /// <summary>Maximum number of Fix All rounds.</summary>
    public int MaxFixAllIterations { get; set; } = 3;

    public bool SkipFixAll { get; set; }

    public override async Task RunAsync()
    {
        await base.RunAsync().ConfigureAwait(false);

        var initial = TestState.From(Sources, ExpectedDiagnostics, this);
        var fixedState = TestState.From(FixedSources, Array.Empty<DiagnosticResult>(), this);
        var batchState = BatchFixedSources.Count > 0 ? TestState.From(BatchFixedSources, Array.Empty<DiagnosticResult>(), this) : fixedState;

        // The expected results must themselves be what they claim: diagnostics as marked, compiling.
        await VerifyStateAsync(fixedState, "expected fixed source").ConfigureAwait(false);
        if (!ReferenceEquals(batchState, fixedState))
        {
            await VerifyStateAsync(batchState, "expected Fix All source").ConfigureAwait(false);
        }

        ImmutableArray<Diagnostic> originalWarnings = CompilerWarnings(initial.Sources);

        int cap = NumberOfIncrementalIterations ?? initial.Expected.Count(e => CodeFix.FixableDiagnosticIds.Contains(e.Id));
        Project project = CreateProject(initial.Sources);
        int iterations = 0;
        while (true)
        {
            Project? next = await ApplySingleFixAsync(project).ConfigureAwait(false);
            if (next is null)
            {
                break;
            }

            project = next;
            iterations++;
            if (iterations > Math.Max(cap, 1))
            {
                throw new XunitException($"The code fix did not converge within {Math.Max(cap, 1)} iterations.\n" + await RenderAsync(project).ConfigureAwait(false));
            }
        }

        if (NumberOfIncrementalIterations is int expectedIterations && expectedIterations != iterations)
        {
            throw new XunitException($"Expected {expectedIterations} single-fix iterations, took {iterations}.");
        }

        await CompareAsync(project, fixedState, "one fix at a time", originalWarnings).ConfigureAwait(false);

        if (!SkipFixAll && CodeFix.GetFixAllProvider() is FixAllProvider fixAll)
        {
            foreach (FixAllScope scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
            {
                if (!fixAll.GetSupportedFixAllScopes().Contains(scope))
                {
                    continue;
                }

                Project batch = CreateProject(initial.Sources);
                for (int round = 0; ; round++)
                {
                    Project? next = await ApplyFixAllAsync(batch, fixAll, scope).ConfigureAwait(false);
                    if (next is null)
                    {
                        break;
                    }

                    batch = next;
                    if (round + 1 > MaxFixAllIterations)
                    {
                        throw new XunitException($"Fix All ({scope}) did not converge within {MaxFixAllIterations} rounds.\n" + await RenderAsync(batch).ConfigureAwait(false));
                    }
                }

                await CompareAsync(batch, batchState, $"Fix All in {scope} scope", originalWarnings).ConfigureAwait(false);
            }
        }
    }

    private Project CreateProject(IReadOnlyList<string> sources)
    {
        var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId(TestProject.ProjectName);
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            TestProject.ProjectName,
            TestProject.ProjectName,
            LanguageNames.CSharp,
            compilationOptions: TestProject.CompilationOptions,
            parseOptions: TestProject.ParseOptions,
            metadataReferences: ReferenceAssemblies.Net.AddRange(AdditionalReferences)));
        for (int i = 0; i < sources.Count; i++)
        {
            string path = TestProject.DocumentPath(i, sources.Count);
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, path), path, SourceText.From(sources[i], Encoding.UTF8), filePath: path);
        }

        return solution.GetProject(projectId)!;
    }

    private async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project, CancellationToken cancellationToken = default)
    {
        Compilation compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, Analyzers, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (run.AnalyzerFailures.Length > 0)
        {
            throw new XunitException("Analyzer exception (AD0001) while fixing: " + string.Join(Environment.NewLine, run.AnalyzerFailures));
        }

        return AnalyzerRunner.Sorted(run.AnalyzerDiagnostics.Where(d => CodeFix.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource)).ToImmutableArray();
    }

    private async Task<Project?> ApplySingleFixAsync(Project project)
    {
        foreach (Diagnostic diagnostic in await DiagnosticsAsync(project).ConfigureAwait(false))
        {
            Document? document = project.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            CodeAction? action = await PickActionAsync(document, diagnostic).ConfigureAwait(false);
            if (action is not null)
            {
                return await ApplyAsync(project, action).ConfigureAwait(false);
            }
        }

        return null;
    }

    private async Task<CodeAction?> PickActionAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
        await CodeFix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        if (CodeActionEquivalenceKey is not null)
        {
            return actions.FirstOrDefault(a => a.EquivalenceKey == CodeActionEquivalenceKey);
        }

        int index = CodeActionIndex ?? 0;
        return index < actions.Count ? actions[index] : null;
    }

    private static async Task<Project> ApplyAsync(Project project, CodeAction action)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        ApplyChangesOperation apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
            ?? throw new XunitException($"Code action '{action.Title}' produced no ApplyChangesOperation.");
        return apply.ChangedSolution.GetProject(project.Id)!;
    }

    private async Task<Project?> ApplyFixAllAsync(Project project, FixAllProvider provider, FixAllScope scope)
    {
        foreach (Diagnostic diagnostic in await DiagnosticsAsync(project).ConfigureAwait(false))
        {
            Document? document = project.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            CodeAction? single = await PickActionAsync(document, diagnostic).ConfigureAwait(false);
            if (single?.EquivalenceKey is not string key)
            {
                continue;
            }

            var context = new FixAllContext(
                document,
                CodeFix,
                scope,
                key,
                CodeFix.FixableDiagnosticIds,
                new DiagnosticProvider(this),
                CancellationToken.None);
            CodeAction? action = await provider.GetFixAsync(context).ConfigureAwait(false);
            return action is null ? null : await ApplyAsync(project, action).ConfigureAwait(false);
        }

        return null;
    }

    private async Task CompareAsync(Project project, TestState expected, string how, ImmutableArray<Diagnostic> originalWarnings)
    {
        var problems = new List<string>();
        var documents = project.Documents.OrderBy(d => d.FilePath, StringComparer.Ordinal).ToList();
        for (int i = 0; i < expected.Sources.Count; i++)
        {
            string actual = (await documents[i].GetTextAsync().ConfigureAwait(false)).ToString();
            if (!string.Equals(actual, expected.Sources[i], StringComparison.Ordinal))
            {
                problems.Add($"{documents[i].FilePath} after {how} differs from the expected source.\n---- expected\n{expected.Sources[i]}\n---- actual\n{actual}\n---- first difference at offset {FirstDifference(actual, expected.Sources[i])}");
            }
        }

        // Fixed code must compile and must not add compiler warnings the original did not have.
        Compilation compilation = TestProject.Complete((await project.GetCompilationAsync().ConfigureAwait(false))!);
        var diagnostics = compilation.GetDiagnostics();
        problems.AddRange(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => "Fixed code does not compile: " + DiagnosticReport.Describe(d)));
        var before = originalWarnings.Select(Key).ToList();
        foreach (Diagnostic w in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
        {
            if (!before.Remove(Key(w)))
            {
                problems.Add("Fix introduced a warning: " + DiagnosticReport.Describe(w));
            }
        }

        if (problems.Count > 0)
        {
            Fail($"code fix ({how})", problems, compilation, diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }
    }

    private ImmutableArray<Diagnostic> CompilerWarnings(IReadOnlyList<string> sources) =>
        TestProject.Complete(CreateCompilation(sources)).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).ToImmutableArray();

    private static string Key(Diagnostic d) => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture);

    private static int FirstDifference(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }

    private async Task<string> RenderAsync(Project project)
    {
        var sb = new StringBuilder();
        foreach (Document d in project.Documents)
        {
            sb.AppendLine("// " + d.FilePath).AppendLine((await d.GetTextAsync().ConfigureAwait(false)).ToString());
        }

        return sb.ToString();
    }

    private sealed class DiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly CodeFixTest _test;

        public DiagnosticProvider(CodeFixTest test) => _test = test;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            SyntaxTree? tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return (await _test.DiagnosticsAsync(document.Project, cancellationToken).ConfigureAwait(false)).Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await _test.DiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
    }
}
