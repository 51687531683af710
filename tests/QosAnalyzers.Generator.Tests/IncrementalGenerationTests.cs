// Step-caching tests, modelled on LibraryImportGenerator's IncrementalGenerationTests: an
// unrelated edit reuses every step, an edit to one class regenerates only that class, models hold
// no compiler objects, and no old compilation is kept alive.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class IncrementalGenerationTests
{
    private static readonly string[] s_trackedSteps =
    {
        TrackingNames.Environment,
        TrackingNames.QosFlowModels,
        TrackingNames.QosFlowValidModels,
        TrackingNames.QosFlowWithEnvironment,
        TrackingNames.NativeMethodsModels,
        TrackingNames.NativeMethodsValidModels,
        TrackingNames.NativeMethodsWithEnvironment,
    };

    private const string Unrelated = """
        namespace Contoso.Util
        {
            public static class Numbers
            {
                public static int Twice(int x) => x * 2;
            }
        }
        """;

    private static CSharpCompilation Baseline() =>
        TestCompilation.Create(Inputs.VoiceFlow, Inputs.VideoFlow, Inputs.AllNativeMethods, Unrelated);

    private static CSharpCompilation ReplaceSource(CSharpCompilation compilation, int index, string newText)
    {
        SyntaxTree old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(newText)));
    }

    [Fact]
    public void Every_step_is_tracked_with_a_name()
    {
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(Baseline());
        foreach (GeneratorRunResult result in driver.GetRunResult().Results)
        {
            Assert.Null(result.Exception);
        }

        var names = driver.GetRunResult().Results.SelectMany(r => r.TrackedSteps.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (string step in s_trackedSteps)
        {
            Assert.Contains(step, names);
        }
    }

    [Fact]
    public void Unrelated_edit_reuses_every_step_and_every_output()
    {
        CSharpCompilation first = Baseline();
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(first);

        CSharpCompilation second = ReplaceSource(first, 3, Unrelated.Replace("x * 2", "x + x", StringComparison.Ordinal));
        driver = driver.RunGenerators(second);
        GeneratorDriverRunResult run = driver.GetRunResult();

        foreach (GeneratorRunResult result in run.Results)
        {
            foreach (string step in s_trackedSteps)
            {
                if (!result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> steps))
                {
                    continue;
                }

                foreach (IncrementalGeneratorRunStep runStep in steps)
                {
                    foreach (var (_, reason) in runStep.Outputs)
                    {
                        Assert.True(
                            reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                            step + " was " + reason + " after an unrelated edit");
                    }
                }
            }

            foreach (IncrementalGeneratorRunStep output in result.TrackedOutputSteps.SelectMany(s => s.Value))
            {
                foreach (var (_, reason) in output.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output was " + reason);
                }
            }
        }
    }

    [Fact]
    public void Editing_one_flow_class_regenerates_only_that_class()
    {
        CSharpCompilation first = Baseline();
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(first);

        CSharpCompilation second = ReplaceSource(first, 0, Inputs.VoiceFlow.Replace("Dscp = 46", "Dscp = 34", StringComparison.Ordinal));
        driver = driver.RunGenerators(second);
        GeneratorRunResult flow = driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(QosFlowGenerator));
        GeneratorRunResult native = driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(QwaveNativeMethodsGenerator));

        var modelReasons = flow.TrackedSteps[TrackingNames.QosFlowModels]
            .SelectMany(s => s.Outputs)
            .Select(o => (Model: (Model.QosFlowModel?)o.Value, o.Reason))
            .ToList();
        Assert.Equal(2, modelReasons.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, modelReasons.Single(m => m.Model!.Hierarchy.Type.Name == "VoiceFlow").Reason);
        Assert.True(modelReasons.Single(m => m.Model!.Hierarchy.Type.Name == "VideoFlow").Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);

        var outputs = flow.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.Single(outputs, o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        Assert.Single(outputs, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);

        Assert.All(
            native.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

        Assert.Contains("SetOutgoingDscp(flowId, 34)", flow.GeneratedSources.Single(s => s.HintName.StartsWith("Contoso.Media", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_file_with_a_new_flow_class_generates_only_that_class()
    {
        CSharpCompilation first = Baseline();
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(first);

        driver = driver.RunGenerators(first.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Inputs.NestedFlow, TestCompilation.ParseOptions, "Added.cs")));
        GeneratorRunResult flow = driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(QosFlowGenerator));

        var outputs = flow.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(3, outputs.Count);
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.New));
        Assert.Equal(2, outputs.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Editing_a_method_body_inside_a_flow_class_leaves_its_model_unchanged()
    {
        CSharpCompilation first = Baseline();
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(first);

        string edited = Inputs.VideoFlow.Replace("internal partial class VideoFlow\n{\n}", "internal partial class VideoFlow\n{\n    public static int Frames() => 30;\n}", StringComparison.Ordinal);
        Assert.NotEqual(Inputs.VideoFlow, edited);
        driver = driver.RunGenerators(ReplaceSource(first, 1, edited));
        GeneratorRunResult flow = driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(QosFlowGenerator));

        Assert.All(
            flow.TrackedSteps[TrackingNames.QosFlowModels].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "model was " + o.Reason));
        Assert.All(
            flow.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output was " + o.Reason));
    }

    [Fact]
    public void Step_outputs_hold_no_symbols_syntax_locations_or_compilations()
    {
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(
            TestCompilation.Create(Inputs.VoiceFlow, Inputs.VideoFlow, Inputs.NestedFlow, Inputs.AllNativeMethods, Inputs.SelectedNativeMethods));

        int inspected = 0;
        foreach (GeneratorRunResult result in driver.GetRunResult().Results)
        {
            foreach (string step in s_trackedSteps)
            {
                if (!result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> steps))
                {
                    continue;
                }

                foreach (IncrementalGeneratorRunStep runStep in steps)
                {
                    foreach (var (value, _) in runStep.Outputs)
                    {
                        AssertNoCompilerObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
                        inspected++;
                    }
                }
            }
        }

        Assert.True(inspected >= 10, "only " + inspected + " step outputs inspected");
    }

    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is ISymbol, path + " holds an ISymbol");
        Assert.False(value is SyntaxNode, path + " holds a SyntaxNode");
        Assert.False(value is SyntaxTree, path + " holds a SyntaxTree");
        Assert.False(value is Location, path + " holds a Location");
        Assert.False(value is Compilation, path + " holds a Compilation");
        Assert.False(value is SemanticModel, path + " holds a SemanticModel");
        Assert.False(value is AttributeData, path + " holds an AttributeData");

        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable enumerable)
        {
            int i = 0;
            foreach (object? item in enumerable)
            {
                AssertNoCompilerObjects(item, path + "[" + i++ + "]", seen);
            }
        }

        for (Type? t = value.GetType(); t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoCompilerObjects(field.GetValue(value), path + "." + field.Name, seen);
            }
        }
    }

    [Fact]
    public void An_old_compilation_is_not_kept_alive()
    {
        (WeakReference reference, GeneratorDriver driver) = RunOnTwoIterativeCompilationsAndReturnTheFirst(Baseline());

        for (int i = 0; i < 3 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(reference.IsAlive, "the generator driver keeps an old compilation alive");
        GC.KeepAlive(driver);
    }

    // Not inlined, so no local of the caller's frame can root the intermediate compilation.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Reference, GeneratorDriver Driver) RunOnTwoIterativeCompilationsAndReturnTheFirst(CSharpCompilation start)
    {
        CSharpCompilation second = (CSharpCompilation)start.AddSyntaxTrees(CSharpSyntaxTree.ParseText("struct NewType { }", TestCompilation.ParseOptions));
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGenerators(second);

        CSharpCompilation third = (CSharpCompilation)second.AddSyntaxTrees(CSharpSyntaxTree.ParseText("struct NewType2 { }", TestCompilation.ParseOptions));
        GeneratorDriver driver2 = driver.RunGenerators(third);

        // The later run reused the models built from the earlier compilation.
        Assert.All(
            driver2.GetRunResult().Results.SelectMany(r => r.TrackedSteps[r.Generator.GetGeneratorType() == typeof(QosFlowGenerator) ? TrackingNames.QosFlowModels : TrackingNames.NativeMethodsModels]),
            step => Assert.All(step.Outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached)));

        return (new WeakReference(second), driver2);
    }
}
