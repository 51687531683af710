using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS011;

public class CodeFix
{
    private static Task Verify(string source, string bindings, string fixedSource) =>
        Run.CodeFix<SizeDoesNotMatchOperationAnalyzer, SizeDoesNotMatchOperationCodeFix>(source, bindings + "\n" + NativeStructs.Source, fixedSource);

    [Fact]
    public Task Sizes_become_sizeof_the_buffer_in_unsafe_code() => Verify("""
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id)
            {
                var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = 2_000_000 };
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, [|8|], &rate, 0, null);
                uint dscp = 46;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, [|sizeof(ulong)|], &dscp, 0, null);
                QOS_FLOW_FUNDAMENTALS fundamentals;
                uint size = sizeof(ulong);
                _ = Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, [|&size|], &fundamentals, 0, null);
            }
        }
        """, Bindings.LibraryImportPointers, """
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id)
            {
                var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = 2_000_000 };
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, (uint)sizeof(QOS_FLOWRATE_OUTGOING), &rate, 0, null);
                uint dscp = 46;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &dscp, 0, null);
                QOS_FLOW_FUNDAMENTALS fundamentals;
                uint size = (uint)sizeof(QOS_FLOW_FUNDAMENTALS);
                _ = Qos.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &fundamentals, 0, null);
            }
        }
        """);

    [Fact]
    public Task Safe_code_gets_the_constant_notifications_NULL_and_counts_bytes() => Verify("""
        using System;
        using Interop;

        class C
        {
            bool M(IntPtr h, uint id, IntPtr buffer, uint[] ids)
            {
                uint size = 8;
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, [|ref size|], buffer, 0, IntPtr.Zero);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, [|buffer|], 0, IntPtr.Zero);
                uint count = (uint)ids.Length;
                return Enumeration.QOSEnumerateFlows(h, [|ref count|], ids);
            }
        }
        """, Bindings.DllImportBool, """
        using System;
        using Interop;

        class C
        {
            bool M(IntPtr h, uint id, IntPtr buffer, uint[] ids)
            {
                uint size = 40;
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref size, buffer, 0, IntPtr.Zero);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, default, 0, IntPtr.Zero);
                uint count = (uint)(ids.Length * sizeof(uint));
                return Enumeration.QOSEnumerateFlows(h, ref count, ids);
            }
        }
        """);
}
