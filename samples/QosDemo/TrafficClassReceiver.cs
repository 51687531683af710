using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QosDemo;

/// <summary>
/// A UDP receiver on loopback that reports the TOS (IPv4) or traffic-class (IPv6) byte each datagram
/// arrived with, read from the IP_TOS / IPV6_TCLASS ancillary data that IP_RECVTOS / IPV6_RECVTCLASS
/// ask Linux to attach (no privileges needed). What it reports is what the wire carried.
/// </summary>
internal sealed unsafe class TrafficClassReceiver : IDisposable
{
    private const int IpProtocolIp = 0;
    private const int IpProtocolIpv6 = 41;
    private const int IpTos = 1;
    private const int IpRecvTos = 13;
    private const int Ipv6TrafficClass = 67;
    private const int Ipv6RecvTrafficClass = 66;

    private readonly Socket _socket;

    public TrafficClassReceiver(AddressFamily family)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The receiver reads Linux ancillary data.");
        }

        _socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        Span<byte> on = stackalloc byte[sizeof(int)];
        MemoryMarshal.Write(on, 1);
        if (family == AddressFamily.InterNetwork)
        {
            _socket.SetRawSocketOption(IpProtocolIp, IpRecvTos, on);
        }
        else
        {
            _socket.SetRawSocketOption(IpProtocolIpv6, Ipv6RecvTrafficClass, on);
        }
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Sends one datagram from <paramref name="sender"/> and returns the DSCP it arrived with.</summary>
    public int SendAndReadDscp(Socket sender, EndPoint? destination = null)
    {
        byte[] payload = Guid.NewGuid().ToByteArray();
        if (destination is null)
        {
            sender.Send(payload);
        }
        else
        {
            sender.SendTo(payload, destination);
        }

        return ReceiveTrafficClass() >> 2;
    }

    /// <summary>The TOS / traffic-class byte of the next datagram.</summary>
    public int ReceiveTrafficClass()
    {
        if (!_socket.Poll(TimeSpan.FromSeconds(5), SelectMode.SelectRead))
        {
            throw new TimeoutException("No datagram arrived within 5 s.");
        }

        byte* data = stackalloc byte[2048];
        byte* control = stackalloc byte[256];
        var vector = new IoVector { Base = data, Length = 2048 };
        var message = new MessageHeader { Vector = &vector, VectorLength = 1, Control = control, ControlLength = 256 };
        nint received = ReceiveMessage((int)_socket.Handle, &message, 0);
        if (received < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } followed by the data, aligned to size_t.
        byte* cursor = control;
        byte* end = control + (long)message.ControlLength;
        while (cursor + sizeof(nuint) + (2 * sizeof(int)) <= end)
        {
            nuint length = *(nuint*)cursor;
            int level = *(int*)(cursor + sizeof(nuint));
            int type = *(int*)(cursor + sizeof(nuint) + sizeof(int));
            byte* value = cursor + sizeof(nuint) + (2 * sizeof(int));
            if (level == IpProtocolIp && type == IpTos)
            {
                return *value;
            }

            if (level == IpProtocolIpv6 && type == Ipv6TrafficClass)
            {
                return *(int*)value;
            }

            if (length == 0)
            {
                break;
            }

            cursor += (long)((length + (nuint)sizeof(nuint) - 1) & ~((nuint)sizeof(nuint) - 1));
        }

        throw new InvalidOperationException("The datagram carried no TOS / traffic-class ancillary data.");
    }

    public void Dispose() => _socket.Dispose();

    [DllImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static extern nint ReceiveMessage(int socket, MessageHeader* message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vector;
        public nuint VectorLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
