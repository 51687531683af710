// The addressing rules of QOSAddSocketToFlow's DestAddr, checked before qWAVE so the caller learns
// which one is broken. The rules themselves are DestinationRules (src/Catalog), which the simulator
// and rule QOS019 judge by too; this file gives each its message.
using System.Net;
using System.Net.Sockets;
using QosAnalyzers.Catalog;

namespace QosAnalyzers;

public sealed partial class QosSession
{
    /// <summary>
    /// The addressing rules qWAVE answers with ERROR_INVALID_PARAMETER, checked here so the caller learns
    /// which one: null when the socket and destination are fine, else why not and which parameter.
    /// </summary>
    private static string? DestinationProblem(Socket socket, IPEndPoint? destination, out string parameter)
    {
        bool connected = socket.Connected;

        // The peer is read only when there is a destination to compare it with.
        IPEndPoint? peer = connected && destination is not null ? socket.RemoteEndPoint as IPEndPoint : null;
        return DestinationProblem(socket.AddressFamily, socket.SocketType, connected, peer, destination, out parameter);
    }

    /// <summary>The message for the rule a socket with these facts and <paramref name="destination"/> break, and the parameter it names.</summary>
    internal static string? DestinationProblem(AddressFamily socketFamily, SocketType socketType, bool connected, IPEndPoint? peer, IPEndPoint? destination, out string parameter)
    {
        DestinationOutcome outcome = SocketDestination.Judge(socketFamily, socketType, connected, peer, destination);
        parameter = outcome is DestinationOutcome.None or DestinationOutcome.SocketFamilyUnsupported or DestinationOutcome.SocketTypeUnsupported
            ? "socket"
            : "destination";
        return outcome switch
        {
            DestinationOutcome.SocketFamilyUnsupported => $"qWAVE flows carry IPv4 or IPv6 sockets only; this socket is {socketFamily}.",
            DestinationOutcome.SocketTypeUnsupported => $"qWAVE flows carry UDP or TCP sockets only; this socket is {socketType}.",
            DestinationOutcome.Required => "The socket is not connected, so qWAVE needs the destination address and port.",
            DestinationOutcome.PortMissing => "The destination must carry a nonzero port.",
            DestinationOutcome.AddressUnspecified => $"The destination {destination!.Address} is the unspecified address, which names no peer.",
            DestinationOutcome.FamilyMismatch => FamilyMismatch(socketFamily, destination!),
            DestinationOutcome.NotThePeer => $"The socket is connected to {peer}; a destination given for a connected socket must be that peer, not {destination}.",
            _ => null,
        };
    }

    private static string FamilyMismatch(AddressFamily socketFamily, IPEndPoint destination)
    {
        bool mapped = destination.Address.IsIPv4MappedToIPv6;
        string hint = socketFamily == AddressFamily.InterNetworkV6
            ? " For an IPv4 peer on a dual-mode socket, connect the socket and pass no destination."
            : string.Empty;
        return $"qWAVE does not mix IPv4 and IPv6: the socket is {socketFamily} but the destination is {(mapped ? "an IPv4-mapped IPv6 address" : destination.AddressFamily.ToString())}.{hint}";
    }
}
