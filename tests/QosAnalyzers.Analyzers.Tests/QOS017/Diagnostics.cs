using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.DscpOutOfRangeAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS017;

public class Diagnostics
{
    [Fact]
    public Task TOS_bytes_and_large_values_in_the_buffer_LibraryImport_and_DllImport() => Run.Analyzer<DscpOutOfRangeAnalyzer>(new[]
    {
        """
        using System;
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id)
            {
                uint tos = 0xB8;
                _ = Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), {|#0:&tos|}, 0, null);
                uint big = 99;
                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, {|#1:(IntPtr)(&big)|}, 0, IntPtr.Zero);
                int negative = -1;
                _ = Native.SetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, {|#2:(nint)(&negative)|}, 0, 0);
            }
        }
        """,
        Bindings.LibraryImportPointers,
        Bindings.DllImportBool.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
    },
        Diagnostic().WithLocation(0).WithArguments("184 (0xB8)", "QOSSetFlow(QOSSetOutgoingDSCPValue)", "; 0xB8 looks like a TOS byte, whose DSCP is 0xB8 >> 2 = 46"),
        Diagnostic().WithLocation(1).WithArguments("99 (0x63)", "QOSSetFlow(QOSSetOutgoingDSCPValue)", ""),
        Diagnostic().WithLocation(2).WithArguments("-1", "QOSSetFlow(QOSSetOutgoingDSCPValue)", ""));

    [Fact]
    public Task CsWin32_raw_extern() => Run.Analyzer<DscpOutOfRangeAnalyzer>("""
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        unsafe class C
        {
            BOOL M(HANDLE h, uint id)
            {
                uint dscp = 0xA0;
                return PInvoke.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), [|&dscp|], 0, null);
            }
        }
        """, Bindings.CsWin32);

    [Fact]
    public Task This_packages_session_and_generated_flows() => Run.Analyzer<DscpOutOfRangeAnalyzer>(new[]
    {
        """
        using App;
        using QosAnalyzers;

        class C
        {
            const int Tos = 0xB8;

            void M(QosSession session, QosFlowId id, VoiceFlow voice)
            {
                session.SetOutgoingDscp(id, {|#0:184|});
                _ = session.TrySetOutgoingDscp(id, {|#1:dscp: -4|}, out _);
                voice.SetOutgoingDscp({|#2:Tos|});
                _ = voice.TrySetOutgoingDscp({|#3:64|}, out _);
            }
        }
        """,
        FlowClasses.Voice,
    },
        Diagnostic().WithLocation(0).WithArguments("184 (0xB8)", "QosSession.SetOutgoingDscp", "; 0xB8 looks like a TOS byte, whose DSCP is 0xB8 >> 2 = 46"),
        Diagnostic().WithLocation(1).WithArguments("-4", "QosSession.TrySetOutgoingDscp", ""),
        Diagnostic().WithLocation(2).WithArguments("184 (0xB8)", "VoiceFlow.SetOutgoingDscp", "; 0xB8 looks like a TOS byte, whose DSCP is 0xB8 >> 2 = 46"),
        Diagnostic().WithLocation(3).WithArguments("64 (0x40)", "VoiceFlow.TrySetOutgoingDscp", "; 0x40 looks like a TOS byte, whose DSCP is 0x40 >> 2 = 16"));
}
