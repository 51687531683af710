using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using QosAnalyzers.Testing;
using QosAnalyzers.Tests.Shared;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>
/// Every analyzer the package ships (found by reflection) over the shared corpus of correct code, in every
/// binding style and on every framework the style can be written for: nothing may be reported.
/// </summary>
public class AllAnalyzersValid
{
    public static IEnumerable<object[]> Cases() =>
        ValidCorpus.Cases.SelectMany(c => c.Frameworks.Select(f => new object[] { c.Name, f.TargetFramework }));

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Correct_code_reports_nothing(string name, string framework)
    {
        ValidCorpus.Case corpus = ValidCorpus.Cases.Single(c => c.Name == name);
        var test = new QosAnalyzerTest(ShippedComponents.Analyzers.ToArray())
        {
            ReferenceAssemblies = corpus.Frameworks.Single(f => f.TargetFramework == framework),
            UsePackageApi = corpus.UsesPackageApi,
        };
        test.TestState.Sources.AddRange(corpus.Sources);
        return test.RunAsync();
    }
}
