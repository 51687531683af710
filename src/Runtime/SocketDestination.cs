using System.Net;
using System.Net.Sockets;
using QosAnalyzers.Catalog;

namespace QosAnalyzers;

/// <summary>
/// The facts <see cref="DestinationRules"/> judges, read from .NET's socket and endpoint types: what the
/// session (from a <see cref="Socket"/>) and the simulator (from a SOCKET and a sockaddr) share.
/// </summary>
internal static class SocketDestination
{
    /// <summary>The first addressing rule broken, or <see cref="DestinationOutcome.None"/>.</summary>
    /// <param name="socketFamily">The socket's family.</param>
    /// <param name="socketType">The socket's type.</param>
    /// <param name="connected">Whether the socket is connected.</param>
    /// <param name="peer">The connected socket's peer, when the destination is to be compared with it; else null.</param>
    /// <param name="destination">The DestAddr, or null when none is given.</param>
    /// <returns>The broken rule.</returns>
    public static DestinationOutcome Judge(AddressFamily socketFamily, SocketType socketType, bool connected, IPEndPoint? peer, IPEndPoint? destination) =>
        DestinationRules.Judge(
            KindOf(socketFamily),
            KindOf(socketType),
            connected,
            destination is null ? null : KindOf(destination.Address),
            destination?.Port,
            destination is not null && IsUnspecified(destination.Address),
            peer is null || destination is null ? null : peer.Equals(destination));

    public static AddressKind KindOf(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AddressKind.IPv4,
        AddressFamily.InterNetworkV6 => AddressKind.IPv6,
        _ => AddressKind.Other,
    };

    public static AddressKind KindOf(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? AddressKind.IPv4MappedIPv6 : KindOf(address.AddressFamily);

    public static SocketKind KindOf(SocketType type) => type switch
    {
        SocketType.Dgram => SocketKind.Datagram,
        SocketType.Stream => SocketKind.Stream,
        _ => SocketKind.Other,
    };

    /// <summary>0.0.0.0 or ::, which names no destination or client.</summary>
    public static bool IsUnspecified(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}
