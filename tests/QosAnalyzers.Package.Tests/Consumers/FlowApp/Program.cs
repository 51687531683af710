using System;
using System.Net;
using System.Net.Sockets;
using QosAnalyzers;

using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
var destination = (IPEndPoint)receiver.LocalEndPoint!;
using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

var simulator = new QwaveSimulator { AvailableBandwidth = 10_000_000 };
using (QosSession session = QosSession.Open(simulator))
{
    using VoiceFlow voice = VoiceFlow.Add(session, socket, destination);
    Console.WriteLine($"voice DSCP {voice.QueryPacketPriority().ConformantDscp}");
    Console.WriteLine($"flows {simulator.Flows.Count}");
}

Console.WriteLine($"after dispose: flows {simulator.Flows.Count}, handles {simulator.OpenHandles.Count}");

[QosFlow(QosTrafficType.Voice)]
internal sealed partial class VoiceFlow;
