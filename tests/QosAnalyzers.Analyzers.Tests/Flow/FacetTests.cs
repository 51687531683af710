using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Flow.Facets;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.Flow;

/// <summary>
/// The shared walk is made of facets that each own a slot of the state: a method that only touches one concern
/// leaves every other facet's slot as it found it, the facets are enumerated by the walk, and the engine's
/// sources name no rule.
/// </summary>
public class FacetTests
{
    private const string Source = """
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void FlowIdsOnly(IntPtr h, IntPtr s)
            {
                uint id = 0;
                uint copy = id;
                copy = 5;
            }

            void SocketsOnly()
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Close();
            }

            void Pending(IntPtr h, uint id, IntPtr overlapped)
            {
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);
            }

            void Adds(IntPtr h, IntPtr s)
            {
                uint id = 0;
                if (Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id))
                {
                    _ = Qwave.QOSCloseHandle(h);
                }
            }
        }
        """;

    [Fact]
    public void A_method_that_touches_one_concern_leaves_the_other_slots_untouched()
    {
        FlowState flowIds = ExitOf("FlowIdsOnly");
        Assert.NotEmpty(flowIds.FlowIds.Sources);
        Assert.Same(HandleState.Empty, flowIds.Handles);
        Assert.Same(PendingState.Empty, flowIds.Pending);
        Assert.Same(SocketState.Empty, flowIds.Sockets);
        Assert.Same(ResultState.Empty, flowIds.Results);

        FlowState sockets = ExitOf("SocketsOnly");
        Assert.Same(HandleState.Empty, sockets.Handles);
        Assert.Same(PendingState.Empty, sockets.Pending);
        Assert.Same(FlowIdState.Empty, sockets.FlowIds);

        FlowState pending = ExitOf("Pending");
        Assert.False(pending.Pending.Operations.IsEmpty);
        Assert.True(pending.Handles.Obligations.IsEmpty);
        Assert.Same(SocketState.Empty, pending.Sockets);
    }

    [Fact]
    public void Each_facet_records_its_own_results()
    {
        FlowWalk pending = Walk("Pending");
        Assert.Single(pending.Facet<PendingOperationsFacet>().PendingAtExit);
        Assert.Empty(pending.Facet<HandleObligationsFacet>().OutstandingAtExit);
        Assert.Single(pending.Facet<FlowIdProvenanceFacet>().FlowIdInputs);

        FlowWalk adds = Walk("Adds");
        HandleObligationsFacet handles = adds.Facet<HandleObligationsFacet>();
        CloseSite close = Assert.Single(handles.Closes);
        Obligation flow = Assert.Single(close.Outstanding);
        Assert.Equal(ObligationKind.Flow, flow.Kind);

        // The branch on the add's result reached the handle facet: on the path where it failed, no flow is left.
        Assert.Empty(handles.OutstandingAtExit);
        Assert.Empty(adds.Facet<SocketsFacet>().SocketCloses);
    }

    [Fact]
    public void The_walk_enumerates_distinct_facets()
    {
        FlowWalk walk = Walk("Adds");
        Assert.Equal(walk.Facets.Count, walk.Facets.Select(f => f.GetType()).Distinct().Count());
        Assert.Equal(walk.Facets.Count, walk.Facets.Select(f => f.Name).Distinct().Count());
        foreach (FlowFacet facet in walk.Facets)
        {
            Assert.False(string.IsNullOrWhiteSpace(facet.Name));
        }

        Assert.Same(walk.Facets.OfType<PinningFacet>().Single(), walk.Facet<PinningFacet>());
    }

    [Fact]
    public void The_engine_names_no_rule()
    {
        string flow = Path.Combine(DocumentationTests.RepoRoot(), "src", "Analyzers", "Flow");
        string[] ruleTypes = typeof(FlowRuleAnalyzer).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(FlowRuleAnalyzer).Namespace && t.Name.EndsWith("Analyzer", System.StringComparison.Ordinal))
            .Select(t => t.Name)
            .ToArray();
        Assert.NotEmpty(ruleTypes);
        foreach (string file in Directory.GetFiles(flow, "*.cs", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotMatch(new Regex(@"\bQOS\d{3}\b"), text);
            Assert.DoesNotContain("QosAnalyzers.Analyzers.Rules", text);
            foreach (string rule in ruleTypes)
            {
                Assert.DoesNotContain(rule, text);
            }
        }
    }

    private static FlowState ExitOf(string method) => Assert.IsType<FlowState>(Walk(method).ExitState);

    private static FlowWalk Walk(string method)
    {
        Compilation compilation = TestProject.CreateCompilation(new[] { ("Test0.cs", Source), ("Test1.cs", Bindings.DllImportBool) });
        QwaveRecognizer recognizer = QwaveRecognizer.TryCreate(compilation, default) ?? throw new Xunit.Sdk.XunitException("The bindings are not recognized.");
        SyntaxTree tree = compilation.SyntaxTrees.First(t => t.FilePath == "Test0.cs");
        SemanticModel model = compilation.GetSemanticModel(tree);
        MethodDeclarationSyntax declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
        var body = (IMethodBodyOperation)model.GetOperation(declaration)!;
        ControlFlowGraph graph = ControlFlowGraph.Create(body);
        FlowPass pass = FlowPass.CreateUnshared(compilation, FlowRules.All);
        var walk = new FlowWalk(graph, recognizer, new TrackedSymbols(graph, ImmutableArray.Create<IOperation>(body)), pass.Environment, model.GetDeclaredSymbol(declaration), pass);
        walk.Run(walk.EntryState());
        return walk;
    }
}
