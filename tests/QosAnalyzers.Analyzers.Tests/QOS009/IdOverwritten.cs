using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.FlowOrTrackingNeverReleasedAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS009;

/// <summary>A flow whose id local is overwritten (the next iteration, a reset) before the flow is removed.</summary>
public class IdOverwritten
{
    [Fact]
    public Task Next_iteration_overwrites_the_id_and_only_the_last_flow_is_removed() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void Peers(IntPtr h, IntPtr s, IntPtr[] peers)
            {
                uint id = 0;
                foreach (IntPtr peer in peers)
                {
                    id = 0;
                    if (!{|#0:Qwave.QOSAddSocketToFlow(h, s, peer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id)|})
                    {
                        continue;
                    }

                    Console.WriteLine(peer);
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("The flow QOSAddSocketToFlow adds with FlowId 'id' is neither removed nor closed with its handle before 'id' is overwritten in 'Peers', and its id is lost there"));

    [Fact]
    public Task Reset_on_a_failure_path_and_in_a_local_function() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        unsafe class C
        {
            uint Start(nint h, nint s, void* peer, nint rate)
            {
                uint id = 0;
                if (!Qos.QOSAddSocketToFlow(h, s, peer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id))
                {
                    return 0;
                }

                if (!Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, (void*)rate, 0, null))
                {
                    _ = Qos.QOSRemoveSocketFromFlow(h, s, id, 0);
                    return 0;
                }

                Restart();
                return id;

                void Restart()
                {
                    uint next = 0;
                    _ = [|Qos.QOSAddSocketToFlow(h, s, peer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &next)|];
                    try
                    {
                        Console.WriteLine("restarted");
                    }
                    finally
                    {
                        next = 0;
                    }
                }
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task Released_before_the_overwrite_or_by_the_close() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using Interop;

        class C
        {
            void RemovedFirst(IntPtr h, IntPtr s, IntPtr[] peers)
            {
                uint id = 0;
                foreach (IntPtr peer in peers)
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, peer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                    id = 0;
                }
            }

            void ClosedAfterTheLoop(IntPtr h, IntPtr s, IntPtr[] peers)
            {
                foreach (IntPtr peer in peers)
                {
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, peer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                }

                _ = Qwave.QOSCloseHandle(h);
            }

            void Collected(IntPtr h, IntPtr s, IntPtr[] peers, List<uint> flows)
            {
                foreach (IntPtr peer in peers)
                {
                    uint id = 0;
                    if (Qwave.QOSAddSocketToFlow(h, s, peer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id))
                    {
                        flows.Add(id);
                    }
                }
            }

            void FailedAddReset(IntPtr h, IntPtr s, IntPtr peer)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, s, peer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    id = 0;
                    return;
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Tracking_left_running_on_an_exception_path_and_in_a_loop() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void Loop(IntPtr h, IntPtr[] clients, Func<bool> stillThere)
            {
                foreach (IntPtr client in clients)
                {
                    _ = [|Qwave.QOSStartTrackingClient(h, client, 0)|];
                    if (!stillThere())
                    {
                        continue;
                    }

                    _ = Qwave.QOSStopTrackingClient(h, client, 0);
                }
            }

            void Caught(IntPtr h, IntPtr client)
            {
                _ = [|Qwave.QOSStartTrackingClient(h, client, 0)|];
                try
                {
                    Console.WriteLine("probing");
                    _ = Qwave.QOSStopTrackingClient(h, client, 0);
                }
                catch (InvalidOperationException)
                {
                    Console.WriteLine("gave up");
                }
            }
        }
        """, Bindings.DllImportBool);
}
