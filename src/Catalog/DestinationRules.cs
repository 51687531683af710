// The addressing rules for QOSAddSocketToFlow's socket and DestAddr, stated once over plain facts.
// The session's argument checks, the simulator and rule QOS019 each read the facts their own way
// (a Socket, a SOCKET and a sockaddr, or what the code evidently does) and ask this class which rule
// is broken; each turns the answer into its own message or error code. Linked as source into the
// Runtime, the Generator and the Analyzers, so it targets netstandard2.0 and knows nothing of
// System.Net or Roslyn. docs/design/runtime.md states the rules in prose.
namespace QosAnalyzers.Catalog;

/// <summary>An address family as the destination rules see it.</summary>
internal enum AddressKind
{
    /// <summary>Not known (an analyzer that cannot see it): no rule that needs it is judged.</summary>
    Unknown,

    /// <summary>IPv4: AF_INET.</summary>
    IPv4,

    /// <summary>IPv6: AF_INET6; a dual-mode socket is an IPv6 socket.</summary>
    IPv6,

    /// <summary>An IPv4-mapped IPv6 address (::ffff:a.b.c.d): a destination only, never a socket's family.</summary>
    IPv4MappedIPv6,

    /// <summary>Any other family: a Unix domain socket, a sockaddr of neither AF_INET nor AF_INET6.</summary>
    Other,
}

/// <summary>A socket's type as the destination rules see it.</summary>
internal enum SocketKind
{
    /// <summary>Not known: the socket-type rule is not judged.</summary>
    Unknown,

    /// <summary>SOCK_DGRAM (UDP).</summary>
    Datagram,

    /// <summary>SOCK_STREAM (TCP).</summary>
    Stream,

    /// <summary>Any other type (raw, seqpacket, ...).</summary>
    Other,
}

/// <summary>Which addressing rule a socket and destination break, in the order they are judged; qWAVE answers each with ERROR_INVALID_PARAMETER.</summary>
internal enum DestinationOutcome
{
    /// <summary>No rule is broken (or none could be judged from the facts known).</summary>
    None,

    /// <summary>The socket is neither IPv4 nor IPv6.</summary>
    SocketFamilyUnsupported,

    /// <summary>The socket is neither a datagram (UDP) nor a stream (TCP) socket.</summary>
    SocketTypeUnsupported,

    /// <summary>No DestAddr, and the socket is not connected: qWAVE needs the destination.</summary>
    Required,

    /// <summary>The DestAddr's port is 0.</summary>
    PortMissing,

    /// <summary>The DestAddr is the unspecified address (0.0.0.0 or ::), which names no peer.</summary>
    AddressUnspecified,

    /// <summary>
    /// The DestAddr is not of the socket's own family: IPv6 on an IPv4 socket, IPv4 or IPv4-mapped on an
    /// IPv6 socket (dual-mode included), or a family that is neither.
    /// </summary>
    FamilyMismatch,

    /// <summary>The socket is connected, and the DestAddr given anyway is not its peer.</summary>
    NotThePeer,
}

/// <summary>The addressing rules of QOSAddSocketToFlow, over plain facts about the socket and the DestAddr.</summary>
internal static class DestinationRules
{
    /// <summary>The first rule the socket and destination break, or <see cref="DestinationOutcome.None"/>.</summary>
    /// <param name="socketFamily">The socket's address family.</param>
    /// <param name="socketType">The socket's type.</param>
    /// <param name="connected">Whether the socket is connected; null when not known.</param>
    /// <param name="destination">The DestAddr's family; null when no DestAddr is given, <see cref="AddressKind.Unknown"/> when one is given whose family is not known.</param>
    /// <param name="port">The DestAddr's port; null when not known.</param>
    /// <param name="isUnspecified">The DestAddr is known to be 0.0.0.0 or ::.</param>
    /// <param name="isThePeer">For a connected socket, whether the DestAddr (address and port) equals its peer; null when the socket is not connected or this is not known.</param>
    /// <returns>The broken rule, judged in the order of <see cref="DestinationOutcome"/>.</returns>
    public static DestinationOutcome Judge(
        AddressKind socketFamily,
        SocketKind socketType,
        bool? connected,
        AddressKind? destination,
        int? port = null,
        bool isUnspecified = false,
        bool? isThePeer = null)
    {
        if (socketFamily is AddressKind.Other or AddressKind.IPv4MappedIPv6)
        {
            return DestinationOutcome.SocketFamilyUnsupported;
        }

        if (socketType == SocketKind.Other)
        {
            return DestinationOutcome.SocketTypeUnsupported;
        }

        if (destination is not AddressKind given)
        {
            // Optional for a connected socket, whose peer qWAVE takes; a TCP socket still connecting is not connected yet.
            return connected == false ? DestinationOutcome.Required : DestinationOutcome.None;
        }

        if (port == 0)
        {
            return DestinationOutcome.PortMissing;
        }

        if (isUnspecified)
        {
            return DestinationOutcome.AddressUnspecified;
        }

        if (Mixes(socketFamily, given))
        {
            return DestinationOutcome.FamilyMismatch;
        }

        return isThePeer == false ? DestinationOutcome.NotThePeer : DestinationOutcome.None;
    }

    /// <summary>
    /// Whether a destination of family <paramref name="destination"/> mixes families on a socket of
    /// <paramref name="socket"/>: qWAVE takes pure IPv4 on an IPv4 socket and pure IPv6 on an IPv6 one.
    /// </summary>
    private static bool Mixes(AddressKind socket, AddressKind destination) =>
        socket is AddressKind.IPv4 or AddressKind.IPv6
        && destination != AddressKind.Unknown
        && destination != socket;
}
