// The addressing rules of QOSAddSocketToFlow's DestAddr, checked before qWAVE so the caller learns
// which one is broken.
using System.Net;
using System.Net.Sockets;

namespace QosAnalyzers;

public sealed partial class QosSession
{
    /// <summary>
    /// The addressing rules qWAVE answers with ERROR_INVALID_PARAMETER, checked here so the caller learns
    /// which one: null when the socket and destination are fine, else why not and which parameter.
    /// </summary>
    private static string? DestinationProblem(Socket socket, IPEndPoint? destination, out string parameter)
    {
        parameter = nameof(socket);
        if (socket.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return $"qWAVE flows carry IPv4 or IPv6 sockets only; this socket is {socket.AddressFamily}.";
        }

        if (socket.SocketType is not (SocketType.Dgram or SocketType.Stream))
        {
            return $"qWAVE flows carry UDP or TCP sockets only; this socket is {socket.SocketType}.";
        }

        if (destination is null)
        {
            if (!socket.Connected)
            {
                parameter = nameof(destination);
                return "The socket is not connected, so qWAVE needs the destination address and port.";
            }

            return null;
        }

        if (destination.Port == 0)
        {
            parameter = nameof(destination);
            return "The destination must carry a nonzero port.";
        }

        if (destination.Address.Equals(IPAddress.Any) || destination.Address.Equals(IPAddress.IPv6Any))
        {
            parameter = nameof(destination);
            return $"The destination {destination.Address} is the unspecified address, which names no peer.";
        }

        bool mapped = destination.Address.IsIPv4MappedToIPv6;
        if (destination.AddressFamily != socket.AddressFamily || mapped)
        {
            string hint = socket.AddressFamily == AddressFamily.InterNetworkV6
                ? " For an IPv4 peer on a dual-mode socket, connect the socket and pass no destination."
                : string.Empty;
            parameter = nameof(destination);
            return $"qWAVE does not mix IPv4 and IPv6: the socket is {socket.AddressFamily} but the destination is {(mapped ? "an IPv4-mapped IPv6 address" : destination.AddressFamily.ToString())}.{hint}";
        }

        if (socket.Connected && socket.RemoteEndPoint is IPEndPoint peer && !peer.Equals(destination))
        {
            parameter = nameof(destination);
            return $"The socket is connected to {peer}; a destination given for a connected socket must be that peer, not {destination}.";
        }

        return null;
    }
}
