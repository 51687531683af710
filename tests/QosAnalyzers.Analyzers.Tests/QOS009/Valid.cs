using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS009;

public class Valid
{
    [Fact]
    public Task Released_on_every_path() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void Removed(IntPtr h, IntPtr s)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    return;
                }

                try
                {
                    Console.WriteLine("streaming");
                }
                finally
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                }
            }

            void HandleClosed(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                _ = Qwave.QOSStartTrackingClient(h, s, 0);
                _ = Qwave.QOSCloseHandle(h);
            }

            void Tracked(IntPtr h, IntPtr client)
            {
                if (!Qwave.QOSStartTrackingClient(h, client, 0))
                {
                    return;
                }

                try
                {
                    Console.WriteLine("probing");
                }
                finally
                {
                    _ = Qwave.QOSStopTrackingClient(h, client, 0);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task The_id_escapes_or_the_owner_is_elsewhere() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private uint _flowId;

            void Field(IntPtr h, IntPtr s) =>
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);

            void Stored(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                _flowId = id;
            }

            uint Returned(IntPtr h, IntPtr s)
            {
                uint id = 0;
                return Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id) ? id : 0;
            }

            void Handed(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                Register(id);
            }

            void Captured(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                Action stop = () => _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                Register(stop);
            }

            void StartedHereStoppedElsewhere(IntPtr h, IntPtr client) =>
                _ = Qwave.QOSStartTrackingClient(h, client, 0);

            void FailedAdd(IntPtr h, IntPtr s)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    Console.WriteLine("no QoS");
                    return;
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
            }

            static void Register(object value) => Console.WriteLine(value);
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Loops_that_are_not_per_send() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        class C
        {
            void OncePerSocket(IntPtr h, Socket[] sockets, byte[] hello)
            {
                foreach (Socket socket in sockets)
                {
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    socket.Send(hello);
                    _ = Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
                }
            }

            void BeforeTheLoop(IntPtr h, Socket socket, byte[][] packets)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                foreach (byte[] packet in packets)
                {
                    socket.Send(packet);
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
            }

            void Reconnecting(IntPtr h, Func<Socket> connect, byte[] packet, int attempts)
            {
                Socket socket;
                for (int i = 0; i < attempts; i++)
                {
                    socket = connect();
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    socket.Send(packet);
                    _ = Qwave.QOSRemoveSocketFromFlow(h, socket.Handle, id, 0);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task LibraryImport_id_written_through_a_fixed_pointer_into_a_field_or_an_array() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using Interop;

        sealed unsafe class Tracker
        {
            private readonly nint _handle;
            private uint _flowId;
            private readonly uint[] _ids = new uint[4];

            public Tracker(nint handle) => _handle = handle;

            public bool Track(nint socket)
            {
                fixed (uint* id = &_flowId)
                {
                    return Qos.QOSAddSocketToFlow(_handle, socket, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, id);
                }
            }

            public bool TrackAt(nint socket, int slot)
            {
                fixed (uint* id = &_ids[slot])
                {
                    return Qos.QOSAddSocketToFlow(_handle, socket, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, id);
                }
            }

            public void Untrack(nint socket)
            {
                _ = Qos.QOSRemoveSocketFromFlow(_handle, socket, _flowId, 0);
                _flowId = 0;
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task An_add_given_a_nonzero_constant_id_creates_no_flow_to_release() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            // The id 7 joins whatever flow has it, or the call fails (QOS006 reports the id); no new flow is left.
            void Join(IntPtr h, IntPtr socket)
            {
                uint again = 7;
                _ = Qwave.QOSAddSocketToFlow(h, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref again);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task An_add_on_a_zero_handle_creates_no_flow() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            // QOS022 reports the handle; the call fails, so no flow is left behind.
            void Add(IntPtr socket)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(IntPtr.Zero, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                _ = Qwave.QOSAddSocketToFlow(default, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }
        }
        """, Bindings.DllImportBool);
}
