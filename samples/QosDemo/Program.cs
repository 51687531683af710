// A voice + video sender over loopback. Voice uses a non-adaptive flow; video uses an adaptive
// flow whose rate follows congestion notifications, the pattern of the Windows SDK's qWAVE sample:
// on congestion lower the rate and ask to be told when the full rate is available again.
using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers;

namespace QosDemo;

internal static class Program
{
    private const ulong FullVideoRate = 4_000_000;     // bits/s at the IP level
    private const ulong ReducedVideoRate = 1_000_000;

    private static async Task<int> Main(string[] args)
    {
        if (OperatingSystem.IsLinux() && !args.Contains("--simulate"))
        {
            // Off Windows, QosSession.Open() marks real packets through socket options: show what arrives.
            ShowMarkingOnTheWire();
        }

        bool simulate = !OperatingSystem.IsWindows() || args.Contains("--simulate");
        QwaveSimulator? simulator = simulate
            ? new QwaveSimulator
            {
                BottleneckBandwidth = 100_000_000,
                AvailableBandwidth = 20_000_000,
                RoundTripTime = TimeSpan.FromMilliseconds(2),
            }
            : null;

        Console.WriteLine(simulator is null ? "qWAVE: qwave.dll" : "qWAVE: simulated (QwaveSimulator)");

        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var destination = (IPEndPoint)receiver.LocalEndPoint!;

        using var voiceSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        voiceSocket.Connect(destination);                 // connected: no destination needed for the flow
        using var videoSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        videoSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // unconnected: the flow needs the destination

        QosSession session = simulator is null ? QosSession.Open() : QosSession.Open(simulator);
        await using (session.ConfigureAwait(false))
        {
            using VoiceFlow voice = VoiceFlow.Add(session, voiceSocket);
            QosPacketPriority voicePriority = voice.QueryPacketPriority();
            Console.WriteLine($"voice flow {voice.Id.Value}: non-adaptive, DSCP {voicePriority.ConformantDscp}");

            if (!VideoFlow.TryAdd(session, videoSocket, destination, out VideoFlow? video, out QosException? error))
            {
                // Best-effort QoS: without a flow the video is still sent, only unmarked.
                Console.WriteLine($"video flow unavailable, sending unmarked: {error.Message}");
                return 0;
            }

            using (video)
            {
                video.SetOutgoingRate(FullVideoRate);
                Console.WriteLine($"video flow {video.Id.Value}: adaptive, rate {video.QueryOutgoingRate() / 1000} kbit/s");

                using var stop = new CancellationTokenSource();
                Task<int> sending = SendAsync(voiceSocket, videoSocket, destination, stop.Token);
                Task adapting = AdaptVideoRateAsync(video, stop.Token);

                if (simulator is not null)
                {
                    await ScriptNetworkAsync(simulator).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                }

                await stop.CancelAsync().ConfigureAwait(false);
                int packets = await sending.ConfigureAwait(false);
                await adapting.ConfigureAwait(false);
                Console.WriteLine($"sent {packets} packets; final video rate {video.QueryOutgoingRate() / 1000} kbit/s");
            }
        }

        if (simulator is not null)
        {
            Console.WriteLine($"session disposed: {simulator.Flows.Count} flows and {simulator.OpenHandles.Count} handles left in qWAVE");
        }

        return 0;
    }

    /// <summary>
    /// A voice flow opened with plain QosSession.Open() on Linux: the receiver reads the DSCP each datagram
    /// carried on arrival, before the flow, with it, and after it is removed.
    /// </summary>
    private static void ShowMarkingOnTheWire()
    {
        using var receiver = new TrafficClassReceiver(AddressFamily.InterNetwork);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(receiver.EndPoint);
        using QosSession session = QosSession.Open();
        Console.WriteLine($"qWAVE: {session.Backend.Name}");
        Console.WriteLine($"without a flow: the receiver saw DSCP {receiver.SendAndReadDscp(socket)}");
        using (VoiceFlow voice = VoiceFlow.Add(session, socket))
        {
            Console.WriteLine($"voice flow {voice.Id.Value}: the receiver saw DSCP {receiver.SendAndReadDscp(socket)}");
        }

        Console.WriteLine($"flow removed: the receiver saw DSCP {receiver.SendAndReadDscp(socket)}");
    }

    /// <summary>Lowers the video rate on congestion and restores it when qWAVE reports the bandwidth is back.</summary>
    private static async Task AdaptVideoRateAsync(VideoFlow video, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await video.WhenCongestedAsync(cancellationToken).ConfigureAwait(false);
                video.SetOutgoingRate(ReducedVideoRate, reason: QosFlowRateReason.Congestion);
                Console.WriteLine($"congestion: video lowered to {ReducedVideoRate / 1000} kbit/s");

                await video.WhenAvailableAsync(FullVideoRate, cancellationToken).ConfigureAwait(false);
                video.SetOutgoingRate(FullVideoRate, reason: QosFlowRateReason.ContentChange);
                Console.WriteLine($"bandwidth available: video restored to {FullVideoRate / 1000} kbit/s");
            }
        }
        catch (OperationCanceledException)
        {
            // The demo is over.
        }
    }

    private static async Task<int> SendAsync(Socket voice, Socket video, IPEndPoint destination, CancellationToken cancellationToken)
    {
        byte[] voicePacket = new byte[160];   // 20 ms of G.711
        byte[] videoPacket = new byte[1200];
        int packets = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await voice.SendAsync(voicePacket, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                await video.SendToAsync(videoPacket, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
                packets += 2;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return packets;
    }

    /// <summary>The simulated network: congestion after a while, then the bandwidth comes back.</summary>
    private static async Task ScriptNetworkAsync(QwaveSimulator simulator)
    {
        var clock = Stopwatch.StartNew();
        await Task.Delay(300).ConfigureAwait(false);
        Console.WriteLine($"[network {clock.ElapsedMilliseconds} ms] congestion, 1.5 Mbit/s available");
        simulator.AvailableBandwidth = 1_500_000;
        simulator.IsCongested = true;

        await Task.Delay(300).ConfigureAwait(false);
        Console.WriteLine($"[network {clock.ElapsedMilliseconds} ms] congestion clears, 20 Mbit/s available");
        simulator.IsCongested = false;
        simulator.AvailableBandwidth = 20_000_000;

        await Task.Delay(300).ConfigureAwait(false);
    }
}
