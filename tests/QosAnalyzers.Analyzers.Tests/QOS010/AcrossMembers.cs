using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS010;

/// <summary>A flow one member creates into a private field that nothing resets, used by another member.</summary>
public class AcrossMembers
{
    [Fact]
    public Task Session_flow_created_adaptive_in_one_member_joined_in_another() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>(new[]
    {
        """
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;
        using QosAnalyzers;

        sealed class Call
        {
            private readonly QosSession _session;
            private QosFlowId _audio;
            private QosFlowId _control;

            public Call(QosSession session) => _session = session;

            public void Start(Socket audio, Socket control, IPEndPoint peer)
            {
                _audio = _session.AddSocketToFlow(audio, peer, QosTrafficType.Voice, adaptive: true);
                _control = _session.AddSocketToFlow(control, peer, QosTrafficType.Control, adaptive: false);
            }

            public void AddVideo(Socket video, IPEndPoint peer) =>
                [|_session.AddSocketToExistingFlow(_audio, video, peer, QosTrafficType.Voice)|];

            public Task WaitForCongestion() => [|_session.WhenCongestedAsync(_control)|];

            // Right whatever the order: the audio flow is adaptive, the control flow takes more sockets.
            public Task WaitOnAudio() => _session.WhenCongestedAsync(_audio);

            public void AddSignalling(Socket socket, IPEndPoint peer) =>
                _session.AddSocketToExistingFlow(_control, socket, peer, QosTrafficType.Control);
        }
        """,
    });

    [Fact]
    public Task DllImport_flow_created_non_adaptive_in_one_member_notified_in_another() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>("""
        using System;
        using Interop;

        sealed class Channel
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Start(IntPtr socket) =>
                _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref _flowId);

            public bool Watch(IntPtr overlapped) =>
                [|Qwave.QOSNotifyFlow(_handle, _flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|];
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Fields_that_are_reset_or_written_otherwise_are_silent() => Run.Analyzer<AdaptiveFlowRequiredAnalyzer>(new[]
    {
        """
        using System.Net;
        using System.Net.Sockets;
        using QosAnalyzers;

        sealed class Call
        {
            private readonly QosSession _session;
            private QosFlowId _audio;
            internal QosFlowId Shared;

            public Call(QosSession session) => _session = session;

            public void Start(Socket audio, IPEndPoint peer)
            {
                _audio = _session.AddSocketToFlow(audio, peer, QosTrafficType.Voice, adaptive: true);
                Shared = _audio;
            }

            public void Restart(QosFlowId existing) => _audio = existing;

            public void AddVideo(Socket video, IPEndPoint peer) =>
                _session.AddSocketToExistingFlow(_audio, video, peer, QosTrafficType.Voice);

            public void AddOther(Socket video, IPEndPoint peer) =>
                _session.AddSocketToExistingFlow(Shared, video, peer, QosTrafficType.Voice);
        }
        """,
    });
}
