using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.OverlappedNotStableAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS015;

/// <summary>A by-value parameter is a copy on the callee's stack: it ends when the helper returns.</summary>
public class Parameters
{
    private const string ByValue = "is a by-value parameter, a copy on the stack that ends when the method returns, and a path returns before the operation is cancelled or waited for";

    [Fact]
    public Task OVERLAPPED_and_Size_taken_by_value_by_a_helper() => Run.Analyzer<OverlappedNotStableAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void StartNotify(nint h, uint id, NativeOverlapped overlapped) =>
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, {|#0:&overlapped|});

            bool StartQuery(nint h, uint id, uint size, ulong* rate, NativeOverlapped* overlapped) =>
                Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, {|#1:&size|}, rate, 0, overlapped);
        }
        """,
        Bindings.LibraryImportPointers,
        Diagnostic().WithLocation(0).WithArguments("Overlapped", "overlapped", "QOSNotifyFlow", ByValue),
        Diagnostic().WithLocation(1).WithArguments("Size", "size", "QOSQueryFlow", ByValue));

    [Fact]
    public Task By_value_parameters_used_synchronously_or_waited_for_are_silent() => Run.Analyzer<OverlappedNotStableAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            bool Synchronous(nint h, uint id, uint size, ulong* rate) =>
                Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &size, rate, 0, null);

            void Waited(nint h, uint id, NativeOverlapped overlapped, ManualResetEvent done)
            {
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, &overlapped);
                done.WaitOne();
            }

            void WaitedByAHelper(nint h, uint id, NativeOverlapped overlapped, ManualResetEvent done)
            {
                _ = Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, &overlapped);
                Settle(done);
            }

            static void Settle(ManualResetEvent done) => done.WaitOne();
        }
        """, Bindings.LibraryImportPointers);
}
