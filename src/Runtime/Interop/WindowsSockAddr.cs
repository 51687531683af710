using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace QosAnalyzers.Interop;

/// <summary>
/// Windows-layout sockaddr_in (16 bytes) and sockaddr_in6 (28 bytes). qWAVE takes PSOCKADDR in the
/// Windows layout (AF_INET = 2, AF_INET6 = 23, big-endian ports) on every platform, so the
/// encoding cannot borrow the host's SocketAddress, whose family values differ off Windows.
/// </summary>
internal static class WindowsSockAddr
{
    public const int SockAddrInSize = 16;
    public const int SockAddrIn6Size = 28;

    /// <summary>Room for either layout.</summary>
    public const int MaxSize = SockAddrIn6Size;

    public static int Write(IPEndPoint endPoint, Span<byte> destination)
    {
        destination.Slice(0, MaxSize).Clear();
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, QwaveConstants.AF_INET);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)endPoint.Port);
            WriteAddress(endPoint.Address, destination.Slice(4, 4));
            return SockAddrInSize;
        }

        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, QwaveConstants.AF_INET6);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)endPoint.Port);
            WriteAddress(endPoint.Address, destination.Slice(8, 16));
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(24), (uint)endPoint.Address.ScopeId);
            return SockAddrIn6Size;
        }

        throw new ArgumentException("qWAVE takes IPv4 or IPv6 addresses only.", nameof(endPoint));
    }

    /// <summary>Reads a sockaddr by its family field; false for a family qWAVE does not take.</summary>
    public static unsafe bool TryRead(byte* sockaddr, out IPEndPoint endPoint)
    {
        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(sockaddr, 2));
        if (family == QwaveConstants.AF_INET)
        {
            var bytes = new ReadOnlySpan<byte>(sockaddr, SockAddrInSize);
            endPoint = new IPEndPoint(ReadAddress(bytes.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(2)));
            return true;
        }

        if (family == QwaveConstants.AF_INET6)
        {
            var bytes = new ReadOnlySpan<byte>(sockaddr, SockAddrIn6Size);
            long scope = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(24));
            endPoint = new IPEndPoint(ReadAddress(bytes.Slice(8, 16), scope), BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(2)));
            return true;
        }

        endPoint = null!;
        return false;
    }

#if NET
    private static void WriteAddress(IPAddress address, Span<byte> destination) => address.TryWriteBytes(destination, out _);

    private static IPAddress ReadAddress(ReadOnlySpan<byte> bytes) => new(bytes);

    private static IPAddress ReadAddress(ReadOnlySpan<byte> bytes, long scope) => new(bytes, scope);
#else
    private static void WriteAddress(IPAddress address, Span<byte> destination) => address.GetAddressBytes().CopyTo(destination);

    private static IPAddress ReadAddress(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    private static IPAddress ReadAddress(ReadOnlySpan<byte> bytes, long scope) => new(bytes.ToArray(), scope);
#endif
}
