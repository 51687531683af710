using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS009;

/// <summary>Flows a type adds on its own handle, which no member of the type ever removes or closes.</summary>
public class AcrossMembers
{
    [Fact]
    public Task DllImport_flows_added_in_fields_and_released_nowhere() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        sealed class Marker
        {
            private IntPtr _handle;
            private uint _flowId;

            public Marker()
            {
                var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                if (!Qwave.QOSCreateHandle(ref version, out _handle))
                {
                    throw new InvalidOperationException();
                }
            }

            public bool Mark(IntPtr socket) =>
                [|Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref _flowId)|];

            public bool Raise(uint dscp) => Qwave.QOSSetFlow(this._handle, _flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, IntPtr.Zero, 0, IntPtr.Zero);
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task LibraryImport_flows_added_in_fields_and_released_nowhere() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using Interop;

        sealed unsafe class Marker
        {
            private readonly nint _handle;

            public Marker(nint handle) => _handle = handle;

            public uint Mark(nint socket)
            {
                uint id = 0;
                _ = [|Qos.QOSAddSocketToFlow(_handle, socket, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id)|];
                return id;
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task An_add_whose_own_method_loses_the_id_is_reported_once() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        sealed class Marker
        {
            private IntPtr _handle;

            public Marker(IntPtr handle) => _handle = handle;

            public void Mark(IntPtr socket)
            {
                uint id = 0;
                if (!{|#0:Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|})
                {
                    throw new InvalidOperationException();
                }
            }
        }
        """, Bindings.DllImportBool,
        QosAnalyzers.Testing.AnalyzerVerifier<FlowOrTrackingNeverReleasedAnalyzer>.Diagnostic().WithLocation(0).WithMessage("The flow QOSAddSocketToFlow adds with FlowId 'id' is neither removed nor closed with its handle on some path out of 'Mark', and its id is lost there"));

    [Fact]
    public Task Types_that_release_somewhere_or_hand_the_handle_on_are_silent() => Run.Analyzer<FlowOrTrackingNeverReleasedAnalyzer>("""
        using System;
        using Interop;

        sealed class RemovesThroughAHelper
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Mark(IntPtr socket) => _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);

            public void Stop() => Detach();

            private void Detach() => _ = Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0);
        }

        sealed class ClosesTheHandle : IDisposable
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Mark(IntPtr socket) => _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);

            public void Dispose() => _ = Qwave.QOSCloseHandle(_handle);
        }

        sealed class HandsTheHandleOn
        {
            private IntPtr _handle;
            private uint _flowId;

            public IntPtr Handle => _handle;

            public void Mark(IntPtr socket) => _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);
        }

        sealed class SharedHandle
        {
            internal IntPtr Handle;
            private uint _flowId;

            public void Mark(IntPtr socket) => _ = Qwave.QOSAddSocketToFlow(Handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);
        }

        sealed class Passes
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Mark(IntPtr socket)
            {
                _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);
                Registry.Track(_handle, _flowId);
            }
        }

        static class Registry
        {
            public static Action<IntPtr, uint> Track = (_, _) => { };
        }
        """, Bindings.DllImportBool);
}
