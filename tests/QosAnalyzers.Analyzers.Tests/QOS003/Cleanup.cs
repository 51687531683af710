using System;
using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.IgnoredResultAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS003;

/// <summary>
/// Releases whose result is dropped on a cleanup path are not reported by default (public qWAVE code does
/// this in most of its cleanup, where a failure leaves nothing to do); the option reports them too.
/// </summary>
public class Cleanup
{
    private const string Source = """
        using System;
        using Interop;

        sealed class Sender : IDisposable
        {
            private readonly IntPtr _handle;
            private uint _flowId;

            public void Send(IntPtr socket)
            {
                try
                {
                    {|#0:Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId)|};
                }
                catch (InvalidOperationException)
                {
                    {|#1:Qwave.QOSRemoveSocketFromFlow(_handle, socket, _flowId, 0)|};
                    throw;
                }
                finally
                {
                    {|#2:Qwave.QOSCancel(_handle, IntPtr.Zero)|};
                }
            }

            public void Stop() => {|#3:Qwave.QOSCloseHandle(_handle)|};

            public void Dispose()
            {
                {|#4:Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0)|};
                {|#5:Qwave.QOSCloseHandle(_handle)|};
            }

            ~Sender() => {|#6:Qwave.QOSCloseHandle(_handle)|};
        }

        sealed class Handle : System.Runtime.InteropServices.SafeHandle
        {
            public Handle() : base(IntPtr.Zero, true) { }
            public override bool IsInvalid => handle == IntPtr.Zero;
            protected override bool ReleaseHandle()
            {
                {|#7:Qwave.QOSCloseHandle(handle)|};
                return true;
            }
        }
        """;

    [Fact]
    public Task By_default_releases_on_cleanup_paths_are_not_reported() => Verify(
        checkCleanup: null,
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow"),
        Diagnostic().WithLocation(3).WithArguments("QOSCloseHandle"));

    [Fact]
    public Task Setting_false_is_the_default() => Verify(
        checkCleanup: "false",
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow"),
        Diagnostic().WithLocation(3).WithArguments("QOSCloseHandle"));

    [Fact]
    public Task The_option_reports_them_everywhere() => Verify(
        checkCleanup: "true",
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow"),
        Diagnostic().WithLocation(1).WithArguments("QOSRemoveSocketFromFlow"),
        Diagnostic().WithLocation(2).WithArguments("QOSCancel"),
        Diagnostic().WithLocation(3).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(4).WithArguments("QOSRemoveSocketFromFlow"),
        Diagnostic().WithLocation(5).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(6).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(7).WithArguments("QOSCloseHandle"));

    private static Task Verify(string? checkCleanup, params DiagnosticResult[] expected)
    {
        var test = new QosAnalyzerTest(new IgnoredResultAnalyzer());
        test.TestState.Sources.Add(Source);
        test.TestState.Sources.Add(Bindings.DllImportBool);
        if (checkCleanup is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\n{IgnoredResultAnalyzer.CheckCleanupResultsOption} = {checkCleanup}\n"));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
