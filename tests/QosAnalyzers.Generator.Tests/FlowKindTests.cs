// Compile-time proof that members exist only for the flow kind they are valid for.
using System.Linq;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class FlowKindTests
{
    private const string Flows = """
        using QosAnalyzers;

        [QosFlow(QosTrafficType.Voice)]
        public sealed partial class FixedFlow { }

        [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
        public sealed partial class AdaptiveFlow { }
        """;

    private static ImmutableDiagnostics Compile(string usage)
    {
        var (output, _, _) = TestCompilation.Run(TestCompilation.Create(Flows, usage));
        return new ImmutableDiagnostics(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray());
    }

    [Fact]
    public void QueryFundamentals_on_a_non_adaptive_flow_is_CS1061()
    {
        var errors = Compile("static class U { static void M(FixedFlow f) { _ = f.QueryFundamentals(); } }");
        Assert.Equal(new[] { "CS1061" }, errors.Ids);
        Assert.Contains("QueryFundamentals", errors.Messages.Single(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_ = f.WhenCongestedAsync();")]
    [InlineData("_ = f.WhenUncongestedAsync();")]
    [InlineData("_ = f.WhenAvailableAsync(1_000_000);")]
    public void Notifications_on_a_non_adaptive_flow_are_CS1061(string call)
    {
        var errors = Compile("static class U { static void M(FixedFlow f) { " + call + " } }");
        Assert.Equal(new[] { "CS1061" }, errors.Ids);
    }

    [Theory]
    [InlineData("f.AddSocket(s);")]
    [InlineData("f.RemoveSocket(s);")]
    public void Socket_membership_on_an_adaptive_flow_is_CS1061(string call)
    {
        var errors = Compile("static class U { static void M(AdaptiveFlow f, System.Net.Sockets.Socket s) { " + call + " } }");
        Assert.Equal(new[] { "CS1061" }, errors.Ids);
    }

    [Fact]
    public void Each_kind_has_its_own_members_and_the_shared_ones()
    {
        const string usage = """
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using QosAnalyzers;

            public static class U
            {
                public static async Task M(QosSession session, Socket a, Socket b, IPEndPoint to)
                {
                    using FixedFlow f = FixedFlow.Add(session, a, to);
                    f.AddSocket(b, to);
                    f.RemoveSocket(b);
                    f.SetOutgoingRate(1_000_000);
                    f.SetOutgoingDscp(46);
                    _ = f.TrySetOutgoingDscp(46, out QosException? _);
                    ulong rate = f.QueryOutgoingRate();
                    QosPacketPriority priority = f.QueryPacketPriority();
                    QosFlowId id = f.Id;

                    if (AdaptiveFlow.TryAdd(session, a, to, out AdaptiveFlow? v, out QosException? error))
                    {
                        await using (v)
                        {
                            QosFlowFundamentals basics = v.QueryFundamentals(fresh: true);
                            await v.WhenCongestedAsync();
                            await v.WhenUncongestedAsync();
                            await v.WhenAvailableAsync(rate);
                            v.SetOutgoingRate(rate, QosShaping.ShapeAndMark, QosFlowRateReason.Congestion);
                            _ = (basics, priority, id);
                        }
                    }
                    else
                    {
                        _ = error.Meaning;
                    }
                }
            }
            """;
        var (output, _, _) = TestCompilation.Run(TestCompilation.Create(Flows, usage));
        Assert.True(output.GetDiagnostics().IsEmpty, TestCompilation.Describe(output.GetDiagnostics()));
    }

    private sealed record ImmutableDiagnostics(Diagnostic[] All)
    {
        public string[] Ids => All.Select(d => d.Id).ToArray();

        public string[] Messages => All.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
