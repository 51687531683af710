using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Contoso.Media;
using QosAnalyzers;

namespace Contoso.Desktop
{
    [QosFlow(QosTrafficType.Voice, Dscp = 46, OutgoingRate = 64000, Shaping = QosShaping.ShapeAndMark)]
    internal sealed partial class VoiceFlow
    {
    }

    internal static class Program
    {
        // Built here against .NET Framework 4.7.2's reference assemblies; running it needs .NET
        // Framework, so Windows. "--simulate" uses the simulated qWAVE instead of qwave.dll.
        private static async Task<int> Main(string[] args)
        {
            bool simulate = args.Length > 0 && args[0] == "--simulate";
            var simulator = new QwaveSimulator { AvailableBandwidth = 10000000 };
            using (QosSession session = simulate ? QosSession.Open(simulator) : QosSession.Open())
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            using (var videoSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                videoSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var destination = new IPEndPoint(IPAddress.Loopback, 5004);

                using (VoiceFlow voice = VoiceFlow.Add(session, socket, destination))
                {
                    Console.WriteLine("voice DSCP " + voice.QueryPacketPriority().ConformantDscp);
                }

                VoiceFlow second;
                QosException error;
                if (!VoiceFlow.TryAdd(session, socket, destination, out second, out error))
                {
                    Console.WriteLine("no voice flow: " + error.Message);
                    return 1;
                }

                try
                {
                    if (error != null)
                    {
                        Console.WriteLine("voice flow without its settings: " + error.Message);
                    }

                    QosException dscpError;
                    if (!second.TrySetOutgoingDscp(40, out dscpError))
                    {
                        Console.WriteLine("DSCP kept: " + dscpError.Message);
                    }
                }
                finally
                {
                    await second.DisposeAsync();
                }

                using (var sender = new VideoSender(session, videoSocket, new IPEndPoint(IPAddress.Loopback, 5006)))
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
                {
                    Console.WriteLine("video flow " + sender.FlowId);
                    try
                    {
                        Console.WriteLine("rate " + await sender.WaitForCongestionAsync(timeout.Token));
                    }
                    catch (OperationCanceledException)
                    {
                        Console.WriteLine("no congestion");
                    }
                }
            }

            return 0;
        }
    }
}
