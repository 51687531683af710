using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.FlowOrTrackingNeverReleasedAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS009;

public class Diagnostics
{
    [Fact]
    public Task Early_return_leaves_the_flow() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void Stream(IntPtr h, IntPtr s, bool quick)
            {
                uint id = 0;
                if (!{|#0:Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|})
                {
                    return;
                }

                if (quick)
                {
                    return;
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("The flow QOSAddSocketToFlow adds with FlowId 'id' is neither removed nor closed with its handle on some path out of 'Stream', and its id is lost there"));

    [Fact]
    public Task Flow_added_per_send() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        unsafe class C
        {
            void Send(nint h, Socket socket, byte[][] packets)
            {
                foreach (byte[] packet in packets)
                {
                    uint id = 0;
                    _ = {|#0:Qos.QOSAddSocketToFlow(h, socket.Handle, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id)|};
                    socket.Send(packet);
                    _ = Qos.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
                }
            }

            void Udp(nint h, UdpClient client, byte[] packet, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    uint id = 0;
                    _ = [|Native.AddSocket(h, client.Client.Handle, 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|];
                    client.Send(packet, packet.Length);
                    _ = Native.RemoveSocket(h, 0, id, 0);
                }
            }
        }
        """,
        Bindings.LibraryImportPointers + "\n" + Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow runs inside a loop that sends on 'socket', adding a flow per send; add the socket to its flow once, before the loop"));

    [Fact]
    public Task Tracking_not_stopped_on_one_path() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void Probe(IntPtr h, IntPtr client, bool keep)
            {
                if (!{|#0:Qwave.QOSStartTrackingClient(h, client, 0)|})
                {
                    return;
                }

                if (keep)
                {
                    return;
                }

                _ = Qwave.QOSStopTrackingClient(h, client, 0);
            }

            void Aliased(nint h, nint client)
            {
                _ = [|Native.StartTracking(h, client, 0)|];
                try
                {
                    Console.WriteLine("probing");
                }
                catch (InvalidOperationException)
                {
                    return;
                }

                _ = Native.StopTracking(h, client, 0);
            }
        }
        """,
        Bindings.DllImportBool + "\n" + Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Diagnostic().WithLocation(0).WithArguments("The client tracking QOSStartTrackingClient starts for 'client' is neither stopped with QOSStopTrackingClient nor closed with its handle on some path out of 'Probe'"));

    [Fact]
    public Task In_a_lambda() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            Action<IntPtr, IntPtr> Start = (h, s) =>
            {
                uint id = 0;
                _ = [|Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|];
            };
        }
        """, Bindings.DllImportBool);
}
