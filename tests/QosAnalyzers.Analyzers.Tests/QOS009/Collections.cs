using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS009;

/// <summary>Ids kept in collections and removed in loops, and joins of an existing flow, create no unreleased flow.</summary>
public class Collections
{
    [Fact]
    public Task Ids_in_a_list_an_array_and_a_dictionary_removed_in_loops() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr[] sockets)
            {
                var flows = new List<uint>();
                var ids = new uint[sockets.Length];
                var bySocket = new Dictionary<IntPtr, uint>();
                for (int i = 0; i < sockets.Length; i++)
                {
                    uint id = 0;
                    if (Qwave.QOSAddSocketToFlow(h, sockets[i], IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id))
                    {
                        flows.Add(id);
                        ids[i] = id;
                        bySocket[sockets[i]] = id;
                    }
                }

                foreach (uint id in flows)
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task A_second_socket_joining_an_existing_flow_adds_no_flow_of_its_own() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr audio, IntPtr control)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, audio, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id))
                {
                    return;
                }

                uint joined = id;
                _ = Qwave.QOSAddSocketToFlow(h, control, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref joined);
                _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
            }
        }
        """, Bindings.DllImportBool);
}
