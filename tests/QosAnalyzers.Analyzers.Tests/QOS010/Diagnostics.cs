using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.AdaptiveFlowRequiredAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS010;

public class Diagnostics
{
    private const string SecondSocket = "the adaptive flow created by QOSAddSocketToFlow without QOS_NON_ADAPTIVE_FLOW; only a non-adaptive flow can take a second socket";

    private static string NonAdaptive(string operation) =>
        "a flow created with QOS_NON_ADAPTIVE_FLOW, which gathers no network data; " + operation + " needs an adaptive flow";

    [Fact]
    public Task Notify_on_a_non_adaptive_flow() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr overlapped)
            {
                uint id = 0;
                if (!{|#1:Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id)|})
                {
                    return;
                }

                _ = {|#0:Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|};
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("id", "QOSNotifyFlow", NonAdaptive("QOSNotifyCongested")));

    [Fact]
    public Task Fundamentals_query_on_a_non_adaptive_flow_after_branches() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr buffer, bool voice)
            {
                uint id = 0;
                if (voice)
                {
                    _ = {|#1:Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id)|};
                }
                else
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, (uint)QosFlags.NonAdaptive, ref id);
                }

                uint size = 40;
                try
                {
                    _ = {|#0:Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref size, buffer, 0, IntPtr.Zero)|};
                }
                finally
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                }
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("id", "QOSQueryFlow", NonAdaptive("QOSQueryFlowFundamentals")));

    [Fact]
    public Task Second_socket_on_an_adaptive_flow() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr audio, IntPtr video)
            {
                uint id = 0;
                _ = {|#1:Qwave.QOSAddSocketToFlow(h, audio, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, ref id)|};
                _ = {|#0:Qwave.QOSAddSocketToFlow(h, video, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id)|};
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("id", "QOSAddSocketToFlow", SecondSocket));

    [Fact]
    public Task Int_aliases_and_pointer_bindings() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void Aliased(nint h, nint s, nint overlapped)
            {
                uint flow = 0;
                if (Native.AddSocket(h, s, 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 2, ref flow) == 0)
                {
                    return;
                }

                _ = [|Native.NotifyFlow(h, flow, QOS_NOTIFY_FLOW.QOSNotifyAvailable, 0, 0, 0, overlapped)|];
            }

            void Pointers(nint h, nint first, nint second)
            {
                uint id = 0;
                _ = Qos.QOSAddSocketToFlow(h, first, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                _ = [|Qos.QOSAddSocketToFlow(FlowId: &id, Flags: 0, TrafficType: QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, DestAddr: null, Socket: second, QOSHandle: h)|];
            }
        }
        """, Bindings.DllImportIntAlias + "\n" + Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal));

    [Fact]
    public Task In_a_lambda() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            Func<IntPtr, IntPtr, bool> Start = (h, s) =>
            {
                uint id = 0;
                return Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id)
                    && [|Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyUncongested, IntPtr.Zero, IntPtr.Zero, 0, IntPtr.Zero)|];
            };
        }
        """, Bindings.DllImportBool);
}
