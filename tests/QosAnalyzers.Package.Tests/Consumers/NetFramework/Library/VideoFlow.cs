using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers;

namespace Contoso.Media
{
    /// <summary>An adaptive audio/video flow; its members are generated.</summary>
    [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
    public sealed partial class VideoFlow
    {
    }

    /// <summary>Sends video over one socket in its own flow.</summary>
    public sealed class VideoSender : IDisposable
    {
        private readonly Socket _socket;
        private readonly VideoFlow _flow;

        /// <summary>Adds <paramref name="socket"/> to a new video flow of <paramref name="session"/>.</summary>
        /// <param name="session">The session that owns the flow.</param>
        /// <param name="socket">The socket to send on.</param>
        /// <param name="destination">Where the video goes.</param>
        public VideoSender(QosSession session, Socket socket, IPEndPoint destination)
        {
            _socket = socket;
            _flow = VideoFlow.Add(session, socket, destination);
        }

        /// <summary>The id of the flow.</summary>
        public QosFlowId FlowId => _flow.Id;

        /// <summary>Lowers the rate while the path is congested.</summary>
        /// <param name="cancellationToken">Stops waiting.</param>
        /// <returns>The rate qWAVE reports for the flow once the path is congested.</returns>
        public async Task<ulong> WaitForCongestionAsync(CancellationToken cancellationToken)
        {
            await _flow.WhenCongestedAsync(cancellationToken).ConfigureAwait(false);
            _flow.SetOutgoingRate(500000, QosShaping.ShapeAndMark, QosFlowRateReason.Congestion);
            return _flow.QueryOutgoingRate();
        }

        /// <summary>Removes the flow; the socket stays open.</summary>
        public void Dispose()
        {
            _flow.Dispose();
            GC.KeepAlive(_socket);
        }
    }
}
