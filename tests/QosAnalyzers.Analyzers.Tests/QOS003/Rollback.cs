using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.IgnoredResultAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS003;

/// <summary>
/// A release in the branch that handles a failed qWAVE call and then leaves the method is a rollback, a cleanup path
/// like a <c>catch</c> clause: not reported by default, reported with the cleanup option. A release in any other branch is.
/// </summary>
public class Rollback
{
    private const string Source = """
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            bool Attach(IntPtr socket, out IntPtr handle, out uint id)
            {
                var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                id = 0;
                if (!Qwave.QOSCreateHandle(ref version, out handle))
                {
                    return false;
                }

                if (!Qwave.QOSAddSocketToFlow(handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    {|#0:Qwave.QOSCloseHandle(handle)|};
                    handle = IntPtr.Zero;
                    return false;
                }

                return true;
            }

            void SetOrUndo(IntPtr handle, IntPtr socket, uint id, IntPtr buffer)
            {
                bool ok = Qwave.QOSSetFlow(handle, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, buffer, 0, IntPtr.Zero);
                if (ok == false)
                {
                    {|#1:Qwave.QOSRemoveSocketFromFlow(handle, socket, id, 0)|};
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }
            }

            void ElseOfSuccess(IntPtr handle, IntPtr socket, uint id)
            {
                if (Qwave.QOSAddSocketToFlow(handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    Console.WriteLine("added");
                }
                else
                {
                    {|#2:Qwave.QOSCloseHandle(handle)|};
                    return;
                }
            }

            // Not rollbacks: the branch goes on, the branch is the success branch, or the test is not of a qWAVE result.
            void GoesOn(IntPtr handle, IntPtr socket, uint id)
            {
                if (!Qwave.QOSAddSocketToFlow(handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    {|#3:Qwave.QOSCloseHandle(handle)|};
                }

                Console.WriteLine("done");
            }

            void OnSuccess(IntPtr handle, IntPtr socket, uint id)
            {
                if (Qwave.QOSAddSocketToFlow(handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    {|#4:Qwave.QOSRemoveSocketFromFlow(handle, socket, id, 0)|};
                    return;
                }
            }

            void OtherTest(IntPtr handle, bool stop)
            {
                if (stop)
                {
                    {|#5:Qwave.QOSCloseHandle(handle)|};
                    return;
                }
            }
        }
        """;

    [Fact]
    public Task By_default_a_rollback_is_not_reported() => Verify(
        checkCleanup: null,
        Diagnostic().WithLocation(3).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(4).WithArguments("QOSRemoveSocketFromFlow"),
        Diagnostic().WithLocation(5).WithArguments("QOSCloseHandle"));

    [Fact]
    public Task The_option_reports_rollbacks_too() => Verify(
        checkCleanup: "true",
        Diagnostic().WithLocation(0).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(1).WithArguments("QOSRemoveSocketFromFlow"),
        Diagnostic().WithLocation(2).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(3).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(4).WithArguments("QOSRemoveSocketFromFlow"),
        Diagnostic().WithLocation(5).WithArguments("QOSCloseHandle"));

    private static Task Verify(string? checkCleanup, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
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
