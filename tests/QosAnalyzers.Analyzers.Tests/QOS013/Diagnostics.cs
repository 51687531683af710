using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.UndefinedOrMisplacedFlagAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS013;

public class Diagnostics
{
    [Fact]
    public Task Swapped_and_undefined_flags_DllImport_bool() => Run.Analyzer<UndefinedOrMisplacedFlagAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr buffer)
            {
                uint id = 0, size = 8;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, {|#0:QosConstants.QOS_QUERYFLOW_FRESH|}, ref id);
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, {|#1:4|}, ref id);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref size, buffer, {|#2:QosConstants.QOS_NON_ADAPTIVE_FLOW|}, IntPtr.Zero);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, ref size, buffer, {|#3:QosConstants.QOS_QUERYFLOW_FRESH|}, IntPtr.Zero);
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", "0x1", "QOS_QUERYFLOW_FRESH (0x1) is a flag of QOSQueryFlow; QOSAddSocketToFlow takes 0 or QOS_NON_ADAPTIVE_FLOW (0x2)"),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", "0x4", "0x4 is no documented flag; QOSAddSocketToFlow takes 0 or QOS_NON_ADAPTIVE_FLOW (0x2)"),
        Diagnostic().WithLocation(2).WithArguments("QOSQueryFlow", "0x2", "QOS_NON_ADAPTIVE_FLOW (0x2) is a flag of QOSAddSocketToFlow; QOSQueryFlow takes 0 or QOS_QUERYFLOW_FRESH (0x1) with QOSQueryFlowFundamentals"),
        Diagnostic().WithLocation(3).WithArguments("QOSQueryFlow", "0x1", "QOS_QUERYFLOW_FRESH applies only to QOSQueryFlowFundamentals, not to QOSQueryOutgoingRate"));

    [Fact]
    public Task Alias_LibraryImport_and_CsWin32_bindings() => Run.Analyzer<UndefinedOrMisplacedFlagAnalyzer>(new[]
    {
        """
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        unsafe class C
        {
            void M(nint h, nint s, HANDLE raw, nint buffer)
            {
                uint id = 0, size = 16;
                _ = Native.AddSocket(h, s, 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, [|(uint)(QosFlags.NonAdaptive | QosFlags.Fresh)|], ref id);
                _ = Native.QueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryPacketPriority, ref size, buffer, [|options: 1|], 0);
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, [|8|], &id);
                BOOL added = PInvoke.QOSAddSocketToFlow(raw, 0, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, [|0x10|], &id);
            }
        }
        """,
        Bindings.DllImportIntAlias,
        Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.CsWin32.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
    });
}
