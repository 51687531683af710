using System;
using System.Linq;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.Flow;

/// <summary>The shared pass runs every flow rule's interpreter, found without a list to keep up to date.</summary>
public class FlowRulesTests
{
    [Fact]
    public void Every_flow_rule_analyzer_has_exactly_one_interpreter_the_pass_runs()
    {
        Type[] flowRules = typeof(FlowRuleAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(FlowRuleAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
        Type[] interpreted = FlowRules.All.Select(i => i.GetType().DeclaringType!).OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

        Assert.Equal(9, flowRules.Length);
        Assert.Equal(flowRules, interpreted);
    }

    [Fact]
    public void The_engine_names_no_rule()
    {
        string flow = System.IO.Path.Combine(DocumentationTests.RepoRoot(), "src", "Analyzers", "Flow");
        foreach (string file in System.IO.Directory.GetFiles(flow, "*.cs"))
        {
            string text = System.IO.File.ReadAllText(file);
            Assert.DoesNotContain("using QosAnalyzers.Analyzers.Rules", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Analyzer.", text.Replace("DiagnosticAnalyzer", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
