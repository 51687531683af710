using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS006;

public class Valid
{
    [Fact]
    public Task Zero_on_every_path() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void Once(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }

            void ResetInTheLoop(IntPtr h, IntPtr s, IntPtr[] destinations)
            {
                uint id = 0;
                foreach (IntPtr destination in destinations)
                {
                    id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, destination, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }
            }

            void DeclaredInTheLoop(IntPtr h, IntPtr s, IntPtr[] destinations)
            {
                foreach (IntPtr destination in destinations)
                {
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, destination, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }
            }

            void RetryUntilAdded(IntPtr h, IntPtr s)
            {
                uint id = 0;
                while (!Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    System.Threading.Thread.Sleep(100);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Joining_a_non_adaptive_flow_is_deliberate() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void Two(IntPtr h, IntPtr audio, IntPtr video)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, audio, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id))
                {
                    return;
                }

                _ = Qwave.QOSAddSocketToFlow(h, video, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
            }

            void All(IntPtr h, IntPtr[] sockets)
            {
                uint id = 0;
                foreach (IntPtr s in sockets)
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, (uint)QosFlags.NonAdaptive, ref id);
                }
            }

            void RemoveOneOfSeveral(IntPtr h, IntPtr audio, IntPtr video, IntPtr extra)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, audio, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                _ = Qwave.QOSRemoveSocketFromFlow(h, video, id, 0);
                _ = Qwave.QOSAddSocketToFlow(h, extra, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Incomplete_evidence_stays_silent() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private IntPtr _handle;
            private uint _flowId;

            void Parameter(IntPtr h, IntPtr s, ref uint id) =>
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);

            void FieldSetElsewhere(IntPtr s) =>
                _ = Qwave.QOSAddSocketToFlow(_handle, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);

            void Detach()
            {
                _ = Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0);
                _flowId = 0;
            }

            void FlagsNotConstant(IntPtr h, IntPtr[] sockets, uint flags)
            {
                uint id = 0;
                foreach (IntPtr s in sockets)
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, flags, ref id);
                }
            }

            void FromACall(IntPtr h, IntPtr s)
            {
                uint id = Lookup();
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }

            void HandedToAnotherMethodInTheLoop(IntPtr h, IntPtr[] sockets)
            {
                uint id = 0;
                foreach (IntPtr s in sockets)
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    Reset(ref id);
                }
            }

            static uint Lookup() => 0;

            static void Reset(ref uint id) => id = 0;
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Locals_are_zeroed_without_SkipLocalsInit_and_written_stackalloc() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System.Runtime.CompilerServices;
        using Interop;

        unsafe class C
        {
            void Address(nint h, nint s)
            {
                uint id;
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
            }

            void Stackalloc(nint h, nint s)
            {
                uint* id = stackalloc uint[1];
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, id);
            }

            [SkipLocalsInit]
            void Written(nint h, nint s)
            {
                uint* id = stackalloc uint[1];
                *id = 0;
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, id);
                uint other = 0;
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &other);
                uint* initialized = stackalloc uint[] { 0 };
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, initialized);
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task A_second_socket_on_an_adaptive_flow_is_QOS010s() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr first, IntPtr second)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, first, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                _ = Qwave.QOSAddSocketToFlow(h, second, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
            }
        }
        """, Bindings.DllImportBool);
}
