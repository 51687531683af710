using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS002;

/// <summary>Flow ids kept in a collection and removed in a loop are released before the close.</summary>
public class Collections
{
    [Fact]
    public Task Ids_in_a_local_list_removed_in_a_finally_loop() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr[] sockets)
            {
                var flows = new List<uint>();
                try
                {
                    foreach (IntPtr s in sockets)
                    {
                        uint id = 0;
                        if (Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id))
                        {
                            flows.Add(id);
                        }
                    }

                    Console.WriteLine("streaming");
                }
                finally
                {
                    foreach (uint id in flows)
                    {
                        _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
                    }

                    _ = Qwave.QOSCloseHandle(h);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Ids_in_an_array_and_a_dictionary_removed_in_loops() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr a, IntPtr b)
            {
                var ids = new uint[2];
                var bySocket = new Dictionary<IntPtr, uint>();
                uint first = 0;
                _ = Qwave.QOSAddSocketToFlow(h, a, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref first);
                ids[0] = first;
                uint second = 0;
                _ = Qwave.QOSAddSocketToFlow(h, b, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref second);
                bySocket[b] = second;

                for (int i = 0; i < 1; i++)
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, ids[i], 0);
                }

                foreach (KeyValuePair<IntPtr, uint> pair in bySocket)
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(h, pair.Key, pair.Value, 0);
                }

                _ = Qwave.QOSCloseHandle(h);
            }
        }
        """, Bindings.DllImportBool);

    /// <summary>
    /// The documented trade-off: an id handed to a collection counts as released by whoever empties it, as
    /// for any value handed to code the analysis does not follow. The rule stays silent rather than guess.
    /// </summary>
    [Fact]
    public Task Ids_handed_to_a_collection_are_left_to_whoever_empties_it() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, List<uint> flows)
            {
                uint id = 0;
                if (Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    flows.Add(id);
                }

                _ = Qwave.QOSCloseHandle(h);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task An_id_kept_in_a_local_is_still_reported() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint[] log)
            {
                uint id = 0;
                _ = {|#1:Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|};
                log[0] = 7;
                _ = {|#0:Qwave.QOSCloseHandle(h)|};
            }
        }
        """, Bindings.DllImportBool,
        AnalyzerVerifier<HandleClosedWithActiveFlowAnalyzer>.Diagnostic().WithLocation(0));
}
