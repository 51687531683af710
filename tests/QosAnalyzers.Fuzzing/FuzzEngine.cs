using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Fuzzing;

/// <summary>What one mutant did to the components.</summary>
public sealed class MutantOutcome
{
    public List<Crash> Crashes { get; } = new();

    public int AnalyzerDiagnostics { get; set; }

    public int FixableDiagnostics { get; set; }

    public int CodeActionsApplied { get; set; }

    public int FixAllApplied { get; set; }

    /// <summary>Time spent per stage (generators, analyzers, code fixes), for tuning the run.</summary>
    public TimeSpan[] StageTimes { get; } = new TimeSpan[3];
}

/// <summary>
/// Runs one compilation through everything the IDE would run on it: the generators (one driver),
/// every analyzer (one <see cref="CompilationWithAnalyzers"/>), and, only where a fixable diagnostic
/// was reported, every code fix and Fix All in an <see cref="AdhocWorkspace"/>. Failures are recorded,
/// never thrown.
/// </summary>
public sealed class FuzzEngine
{
    // CodeAction.NestedCodeActions is internal in Roslyn 4.5; nested fixes must be reached all the same.
    private static readonly PropertyInfo? s_nestedActions =
        typeof(CodeAction).GetProperty("NestedCodeActions", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        TargetFrameworks.References(TargetFrameworks.Default).AddRange(ShippedPackage.References(TargetFrameworks.Default)));

    private readonly Components _components;

    private readonly ImmutableArray<DiagnosticAnalyzer> _fixableAnalyzers;

    public FuzzEngine(Components components, int maxFixedDiagnosticsPerMutant = 3)
    {
        _components = components;
        MaxFixedDiagnosticsPerMutant = maxFixedDiagnosticsPerMutant;
        _fixableAnalyzers = components.Analyzers.Where(a => a.SupportedDiagnostics.Any(d => components.FixableIds.Contains(d.Id))).ToImmutableArray();
    }

    /// <summary>The targeting pack and the QosAnalyzers runtime, shared by every compilation.</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public int MaxFixedDiagnosticsPerMutant { get; }

    public static CSharpCompilation CreateCompilation(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(TestProject.ProjectName, trees, References, TestProject.CompilationOptions);

    public static SyntaxTree Parse(string text, string path) =>
        CSharpSyntaxTree.ParseText(SourceText.From(text, System.Text.Encoding.UTF8), TestProject.ParseOptions, path);

    public async Task<MutantOutcome> RunAsync(Compilation compilation, CancellationToken cancellationToken)
    {
        var outcome = new MutantOutcome();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Compilation output = RunGenerators(compilation, outcome, cancellationToken);
        outcome.StageTimes[0] = clock.Elapsed;
        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(output, outcome, cancellationToken).ConfigureAwait(false);
        outcome.StageTimes[1] = clock.Elapsed - outcome.StageTimes[0];
        outcome.AnalyzerDiagnostics = diagnostics.Length;
        if (diagnostics.Any(IsFixable))
        {
            await FixAsync(output, outcome, cancellationToken).ConfigureAwait(false);
            outcome.StageTimes[2] = clock.Elapsed - outcome.StageTimes[0] - outcome.StageTimes[1];
        }

        return outcome;
    }

    private Compilation RunGenerators(Compilation compilation, MutantOutcome outcome, CancellationToken cancellationToken)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(_components.Generators.AddRange(_components.BuildGenerators), parseOptions: TestProject.ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics, cancellationToken);
        // Only the generators under test are judged (see Components.BuildGenerators).
        bool any = false;
        var ours = new List<string>();
        foreach (GeneratorRunResult result in driver.GetRunResult().Results)
        {
            string name = Components.NameOf(result.Generator);
            if (!_components.Generators.Contains(result.Generator))
            {
                continue;
            }

            ours.Add(name);
            if (result.Exception is not null)
            {
                outcome.Crashes.Add(Crash.From(name, "generator", result.Exception));
                any = true;
            }
        }

        // CS8784/CS8785 stand for a generator exception; report ours only when the run result did not.
        foreach (Diagnostic d in diagnostics.Where(d => d.Id is "CS8784" or "CS8785"))
        {
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            if (!any && ours.Exists(name => message.Contains(name, StringComparison.Ordinal)))
            {
                outcome.Crashes.Add(new Crash("generator", "generator", d.Id, message, string.Empty));
            }
        }

        return output;
    }

    private Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, MutantOutcome outcome, CancellationToken cancellationToken) =>
        AnalyzeAsync(compilation, _components.Analyzers, outcome, cancellationToken);

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, MutantOutcome outcome, CancellationToken cancellationToken)
    {
        if (analyzers.IsEmpty)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        var thrown = new ConcurrentQueue<Crash>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (e, analyzer, _) => thrown.Enqueue(Crash.From(analyzer.GetType().Name, "analyzer", e)),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> all = await compilation.WithAnalyzers(analyzers, options)
            .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var crashes = thrown.ToList();
        if (crashes.Count == 0)
        {
            // AD0001 without the callback would mean the callback was bypassed; it still counts.
            crashes.AddRange(all.Where(d => d.Id is "AD0001" or "AD0002").Select(d =>
                new Crash("analyzer", "analyzer", d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), string.Empty)));
        }

        outcome.Crashes.AddRange(crashes.DistinctBy(c => c.Signature));
        return all.Where(d => d.Id is not ("AD0001" or "AD0002")).ToImmutableArray();
    }

    private bool IsFixable(Diagnostic diagnostic) => diagnostic.Location.IsInSource && _components.FixableIds.Contains(diagnostic.Id);

    private async Task FixAsync(Compilation analyzed, MutantOutcome outcome, CancellationToken cancellationToken)
    {
        // The fixes see what the IDE gives them: documents of a workspace project, diagnostics computed
        // on that project's own compilation. Generated files join as documents so the semantics match.
        using var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId(TestProject.ProjectName);
        var documents = analyzed.SyntaxTrees.Select(tree => DocumentInfo.Create(
            DocumentId.CreateNewId(projectId, tree.FilePath),
            System.IO.Path.GetFileName(tree.FilePath),
            loader: TextLoader.From(TextAndVersion.Create(tree.GetText(cancellationToken), VersionStamp.Default, tree.FilePath)),
            filePath: tree.FilePath)).ToList();
        Solution original = workspace.AddSolution(SolutionInfo.Create(SolutionId.CreateNewId(), VersionStamp.Default, projects: new[]
        {
            ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                TestProject.ProjectName,
                TestProject.ProjectName,
                LanguageNames.CSharp,
                compilationOptions: TestProject.CompilationOptions,
                parseOptions: TestProject.ParseOptions,
                documents: documents,
                metadataReferences: References),
        }));
        Project project = original.GetProject(projectId)!;
        Compilation compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        // Only the analyzers that can report a fixable diagnostic; their failures were counted in the first pass.
        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(compilation, _fixableAnalyzers, new MutantOutcome(), cancellationToken).ConfigureAwait(false);
        var fixable = AnalyzerRunner.Sorted(diagnostics.Where(IsFixable)).ToList();
        outcome.FixableDiagnostics = fixable.Count;
        var provider = new WorkspaceDiagnostics(fixable);

        // Fix All covers every diagnostic of its scope already: once per provider and action is enough.
        var fixAllDone = new HashSet<(string, string)>();

        foreach (Diagnostic diagnostic in fixable.Take(MaxFixedDiagnosticsPerMutant))
        {
            Document? document = project.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (CodeFixProvider fix in _components.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                string name = fix.GetType().Name;
                var actions = new List<CodeAction>();
                try
                {
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
                    await fix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    outcome.Crashes.Add(Crash.From(name, "RegisterCodeFixesAsync", e));
                    continue;
                }

                foreach (CodeAction action in Flatten(actions))
                {
                    if (await ApplyAsync(workspace, original, action, name, "code action", outcome, cancellationToken).ConfigureAwait(false))
                    {
                        outcome.CodeActionsApplied++;
                    }
                }

                await FixAllAsync(workspace, original, fix, document, diagnostic, actions, provider, fixAllDone, outcome, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task FixAllAsync(
        AdhocWorkspace workspace,
        Solution original,
        CodeFixProvider fix,
        Document document,
        Diagnostic diagnostic,
        List<CodeAction> actions,
        FixAllContext.DiagnosticProvider provider,
        HashSet<(string, string)> done,
        MutantOutcome outcome,
        CancellationToken cancellationToken)
    {
        string name = fix.GetType().Name;
        FixAllProvider? fixAll;
        try
        {
            fixAll = fix.GetFixAllProvider();
        }
        catch (Exception e)
        {
            outcome.Crashes.Add(Crash.From(name, "GetFixAllProvider", e));
            return;
        }

        if (fixAll is null)
        {
            return;
        }

        foreach (string key in Flatten(actions).Select(a => a.EquivalenceKey).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!done.Add((name, key)))
            {
                continue;
            }

            foreach (FixAllScope scope in fixAll.GetSupportedFixAllScopes().Where(s => s is FixAllScope.Document or FixAllScope.Project or FixAllScope.Solution))
            {
                CodeAction? action;
                try
                {
                    var context = new FixAllContext(document, fix, scope, key, new[] { diagnostic.Id }, provider, cancellationToken);
                    action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    outcome.Crashes.Add(Crash.From(name, $"FixAll ({scope})", e));
                    continue;
                }

                if (action is not null && await ApplyAsync(workspace, original, action, name, $"FixAll ({scope})", outcome, cancellationToken).ConfigureAwait(false))
                {
                    outcome.FixAllApplied++;
                }
            }
        }
    }

    /// <summary>
    /// Computes the action's operations and applies them to the workspace, as the light bulb does;
    /// then puts the workspace back to the mutant, so every action starts from the same code.
    /// </summary>
    private static async Task<bool> ApplyAsync(AdhocWorkspace workspace, Solution original, CodeAction action, string name, string stage, MutantOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            bool applied = false;
            foreach (CodeActionOperation operation in operations)
            {
                if (operation is ApplyChangesOperation change)
                {
                    // Materialize every changed document the way applying does (text, tree, compilation).
                    foreach (ProjectChanges projectChanges in change.ChangedSolution.GetChanges(original).GetProjectChanges())
                    {
                        foreach (DocumentId id in projectChanges.GetChangedDocuments().Concat(projectChanges.GetAddedDocuments()))
                        {
                            Document changed = change.ChangedSolution.GetDocument(id)!;
                            _ = await changed.GetTextAsync(cancellationToken).ConfigureAwait(false);
                            _ = await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                Solution before = workspace.CurrentSolution;
                operation.Apply(workspace, cancellationToken);
                if (operation is ApplyChangesOperation replay && workspace.CurrentSolution == before && replay.ChangedSolution != original)
                {
                    // The workspace moved on since the action was computed (an earlier action was applied
                    // and undone), so its solution is stale: replay its edits on the current one instead.
                    await ReplayAsync(workspace, original, replay.ChangedSolution).ConfigureAwait(false);
                }

                applied |= operation is ApplyChangesOperation;
            }

            await RestoreAsync(workspace, original).ConfigureAwait(false);
            return applied;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome.Crashes.Add(Crash.From(name, stage + " '" + action.Title + "'", e));
            await RestoreAsync(workspace, original).ConfigureAwait(false);
            return false;
        }
    }

    private static async Task ReplayAsync(AdhocWorkspace workspace, Solution original, Solution changed)
    {
        Solution target = workspace.CurrentSolution;
        foreach (ProjectChanges projectChanges in changed.GetChanges(original).GetProjectChanges())
        {
            foreach (DocumentId id in projectChanges.GetChangedDocuments())
            {
                target = target.WithDocumentText(id, await changed.GetDocument(id)!.GetTextAsync().ConfigureAwait(false));
            }

            foreach (DocumentId id in projectChanges.GetAddedDocuments())
            {
                Document added = changed.GetDocument(id)!;
                target = target.AddDocument(id, added.Name, await added.GetTextAsync().ConfigureAwait(false), added.Folders, added.FilePath);
            }

            target = target.RemoveDocuments(projectChanges.GetRemovedDocuments().ToImmutableArray());
        }

        if (!workspace.TryApplyChanges(target))
        {
            throw new InvalidOperationException("The workspace rejected the code action's changes.");
        }
    }

    private static async Task RestoreAsync(AdhocWorkspace workspace, Solution original)
    {
        Solution current = workspace.CurrentSolution;
        if (current == original)
        {
            return;
        }

        Solution reverted = current;
        foreach (ProjectChanges projectChanges in current.GetChanges(original).GetProjectChanges())
        {
            foreach (DocumentId id in projectChanges.GetChangedDocuments())
            {
                reverted = reverted.WithDocumentText(id, await original.GetDocument(id)!.GetTextAsync().ConfigureAwait(false));
            }

            reverted = reverted.RemoveDocuments(projectChanges.GetAddedDocuments().ToImmutableArray());
        }

        if (!workspace.TryApplyChanges(reverted))
        {
            throw new InvalidOperationException("The workspace could not be restored after a code action.");
        }
    }

    private static IEnumerable<CodeAction> Flatten(IEnumerable<CodeAction> actions)
    {
        foreach (CodeAction action in actions)
        {
            var nested = s_nestedActions?.GetValue(action) as ImmutableArray<CodeAction>?;
            if (nested is { IsDefaultOrEmpty: false } children)
            {
                foreach (CodeAction child in Flatten(children))
                {
                    yield return child;
                }
            }
            else
            {
                yield return action;
            }
        }
    }

    private sealed class WorkspaceDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly List<Diagnostic> _diagnostics;

        public WorkspaceDiagnostics(List<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            SyntaxTree? tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return _diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}
