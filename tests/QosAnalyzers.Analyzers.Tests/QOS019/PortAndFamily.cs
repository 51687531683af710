using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.DestAddrMisuseAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS019;

/// <summary>QOS019 for a destination without a port, or of the other address family.</summary>
public class PortAndFamily
{

    private const string SockAddr = """
        namespace Interop
        {
            public struct SOCKADDR_IN
            {
                public ushort sin_family;
                public ushort sin_port;
                public uint sin_addr;
                public ulong sin_zero;
            }

            public unsafe struct SockAddrIn6
            {
                public short Family;
                public ushort Port;
                public uint FlowInfo;
                public fixed byte Address[16];
                public uint ScopeId;
            }
        }
        """;

    private const string Ipv4OnIpv6 = "is an IPv4 address, but socket 'socket' is an IPv6 socket; qWAVE does not mix IPv4 and IPv6: pass an IPv6 address, or connect the socket and pass null";

    [Fact]
    public Task Port_zero_through_the_session_and_a_generated_wrapper() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System.Net;
            using System.Net.Sockets;
            using App;
            using QosAnalyzers;

            class C
            {
                QosFlowId Direct(QosSession session, Socket socket, IPAddress peer) =>
                    session.AddSocketToFlow(socket, {|#0:new IPEndPoint(peer, 0)|}, QosTrafficType.Voice, adaptive: false);

                VoiceFlow Local(QosSession session, Socket socket, IPAddress peer)
                {
                    var destination = new IPEndPoint(peer, 0);
                    return VoiceFlow.Add(session, socket, {|#1:destination|});
                }
            }
            """,
            FlowClasses.Voice,
        },
        Diagnostic().WithLocation(0).WithArguments("QosSession.AddSocketToFlow", "is an IPEndPoint with port 0; qWAVE needs the destination's port"),
        Diagnostic().WithLocation(1).WithArguments("VoiceFlow.Add", "is an IPEndPoint with port 0; qWAVE needs the destination's port"));

    [Fact]
    public Task Sockaddr_struct_without_a_port() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;

            unsafe class C
            {
                void NeverSet(nint h, nint s)
                {
                    SOCKADDR_IN address = default;
                    address.sin_family = 2;
                    address.sin_addr = 0x0100007F;
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#0:&address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void Initializer(nint h, nint s, bool again)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0, sin_addr = 0x0100007F };
                    uint id = 0;
                    if (again)
                    {
                        return;
                    }

                    _ = Qos.QOSAddSocketToFlow(h, s, {|#1:&address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }
            }
            """,
            Bindings.LibraryImportPointers,
            SockAddr,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose port is never set (it is 0); qWAVE needs the destination's port, in network byte order"),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose port is set only to 0; qWAVE needs the destination's port, in network byte order"));

    [Fact]
    public Task Sockaddr_struct_with_only_the_family_or_without_an_address() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;

            unsafe class C
            {
                void FamilyOnly(nint h, nint s)
                {
                    var address = new SOCKADDR_IN { sin_family = 2 };
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#0:&address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void PortButNoAddress(nint h, nint s)
                {
                    SOCKADDR_IN address = default;
                    address.sin_family = 2;
                    address.sin_port = 0x8C13;
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#1:&address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }
            }
            """,
            Bindings.LibraryImportPointers,
            SockAddr,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose port is never set (it is 0); qWAVE needs the destination's port, in network byte order"),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose address is never set (it is 0.0.0.0, which names no peer); qWAVE needs the destination's address"));

    private const string WinSockStructs = """
        namespace Interop
        {
            using System;
            using System.Runtime.InteropServices;

            public enum ADDRESS_FAMILY : ushort { AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 23 }

            [StructLayout(LayoutKind.Explicit)]
            public struct IN_ADDR
            {
                [FieldOffset(0)] public uint S_addr;
                [FieldOffset(0)] public byte s_b1;
            }

            public struct SOCKADDR_IN4
            {
                public ADDRESS_FAMILY sin_family;
                public ushort sin_port;
                public IN_ADDR sin_addr;
                public ulong sin_zero;
            }

            public static class QwaveRef
            {
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, IntPtr Socket, ref SOCKADDR_IN4 DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, ref uint FlowId);
            }
        }
        """;

    [Fact]
    public Task Sockaddr_struct_with_the_any_address_or_a_family_enum() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Buffers.Binary;
            using System.Net;
            using Interop;

            unsafe class C
            {
                void AnyBytes(nint h, nint s)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13 };
                    address.sin_addr = BitConverter.ToUInt32(IPAddress.Any.GetAddressBytes(), 0);
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#0:&address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void AnyLong(nint h, nint s)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13 };
            #pragma warning disable CS0618
                    address.sin_addr = (uint)IPAddress.Any.Address;
            #pragma warning restore CS0618
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#4:&address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void AnyRead(nint h, nint s)
                {
                    IPAddress any = IPAddress.Any;
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13, sin_addr = BinaryPrimitives.ReadUInt32LittleEndian(any.GetAddressBytes()) };
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#1:&address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void EnumFamilyWithoutPort(IntPtr h, IntPtr s)
                {
                    var address = new SOCKADDR_IN4 { sin_family = ADDRESS_FAMILY.AF_INET };
                    address.sin_addr.S_addr = 0x0100007F;
                    uint id = 0;
                    _ = QwaveRef.QOSAddSocketToFlow(h, s, {|#2:ref address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void EnumFamilyDefaultAddress(IntPtr h, IntPtr s)
                {
                    var address = new SOCKADDR_IN4 { sin_family = ADDRESS_FAMILY.AF_INET, sin_port = 0x8C13, sin_addr = default };
                    uint id = 0;
                    _ = QwaveRef.QOSAddSocketToFlow(h, s, {|#3:ref address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }
            }
            """,
            Bindings.LibraryImportPointers,
            SockAddr,
            WinSockStructs,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose address is set only to 0.0.0.0, which names no peer; qWAVE needs the destination's address"),
        Diagnostic().WithLocation(4).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose address is set only to 0.0.0.0, which names no peer; qWAVE needs the destination's address"),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose address is set only to 0.0.0.0, which names no peer; qWAVE needs the destination's address"),
        Diagnostic().WithLocation(2).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose port is never set (it is 0); qWAVE needs the destination's port, in network byte order"),
        Diagnostic().WithLocation(3).WithArguments("QOSAddSocketToFlow", "is sockaddr 'address', whose address is set only to 0.0.0.0, which names no peer; qWAVE needs the destination's address"));

    [Fact]
    public Task Sockaddr_struct_addresses_from_elsewhere_stay_silent() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net;
            using Interop;

            unsafe class C
            {
                void PeerBytes(nint h, nint s, IPAddress peer)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13 };
                    address.sin_addr = BitConverter.ToUInt32(peer.GetAddressBytes(), 0);
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void AnyBytesFromAnOffset(nint h, nint s)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13 };
                    address.sin_addr = BitConverter.ToUInt32(IPAddress.IPv6Loopback.GetAddressBytes(), 12);
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void NestedAddressWritten(IntPtr h, IntPtr s, uint peer)
                {
                    var address = new SOCKADDR_IN4 { sin_family = ADDRESS_FAMILY.AF_INET, sin_port = 0x8C13 };
                    address.sin_addr.S_addr = peer;
                    uint id = 0;
                    _ = QwaveRef.QOSAddSocketToFlow(h, s, ref address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }
            }
            """,
            Bindings.LibraryImportPointers,
            SockAddr,
            WinSockStructs,
        });

    [Fact]
    public Task Sockaddr_addresses_filled_any_way_stay_silent() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;

            unsafe class C
            {
                void Assigned(nint h, nint s, uint peer)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13 };
                    address.sin_addr = peer;
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void Initialized(nint h, nint s, uint peer)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13, sin_addr = peer };
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void ThroughAPointer(nint h, nint s, uint peer)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13 };
                    uint* target = &address.sin_addr;
                    *target = peer;
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void FilledByACall(nint h, nint s)
                {
                    var address = new SOCKADDR_IN { sin_family = 2, sin_port = 0x8C13 };
                    Fill(ref address);
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void IPv6WithPort(nint h, nint s)
                {
                    var address = new SockAddrIn6 { Family = 23, Port = 0x8C13 };
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                static void Fill(ref SOCKADDR_IN address) => address.sin_addr = 0x0100007F;
            }
            """,
            Bindings.LibraryImportPointers,
            SockAddr,
        });

    [Fact]
    public Task Families_mixed() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using QosAnalyzers;

            class C
            {
                QosFlowId DualMode(QosSession session)
                {
                    var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
                    return session.AddSocketToFlow(socket, {|#0:new IPEndPoint(IPAddress.Parse("10.0.0.5"), 5004)|}, QosTrafficType.Voice, adaptive: false);
                }

                QosFlowId Mapped(QosSession session)
                {
                    var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
                    IPAddress peer = IPAddress.Loopback.MapToIPv6();
                    return session.AddSocketToFlow(socket, {|#1:new IPEndPoint(peer, 5004)|}, QosTrafficType.Voice, adaptive: false);
                }

                bool Ipv6OnIpv4(QosSession session, Action<QosFlowId> use)
                {
                    using var client = new UdpClient(5004);
                    if (!session.TryAddSocketToFlow(client.Client, {|#2:new IPEndPoint(IPAddress.IPv6Loopback, 5004)|}, QosTrafficType.Voice, false, out QosFlowId id, out _))
                    {
                        return false;
                    }

                    use(id);
                    return true;
                }

                QosFlowId MappedLiteral(QosSession session)
                {
                    var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
                    var destination = new IPEndPoint(IPAddress.Parse("::ffff:10.0.0.5"), 5004);
                    return session.AddSocketToFlow(socket, {|#3:destination|}, QosTrafficType.Voice, adaptive: false);
                }
            }
            """,
        },
        Diagnostic().WithLocation(0).WithArguments("QosSession.AddSocketToFlow", Ipv4OnIpv6),
        Diagnostic().WithLocation(1).WithArguments("QosSession.AddSocketToFlow", "is an IPv4-mapped IPv6 address, which qWAVE rejects on IPv6 socket 'socket'; connect the socket and pass null, or use an IPv4 socket"),
        Diagnostic().WithLocation(2).WithArguments("QosSession.TryAddSocketToFlow", "is an IPv6 address, but socket 'client' is an IPv4 socket; qWAVE does not mix IPv4 and IPv6"),
        Diagnostic().WithLocation(3).WithArguments("QosSession.AddSocketToFlow", "is an IPv4-mapped IPv6 address, which qWAVE rejects on IPv6 socket 'socket'; connect the socket and pass null, or use an IPv4 socket"));

    [Fact]
    public Task Right_or_not_evident_stays_silent() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using Interop;
            using QosAnalyzers;

            unsafe class C
            {
                QosFlowId Matching(QosSession session)
                {
                    var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
                    return session.AddSocketToFlow(socket, new IPEndPoint(IPAddress.Parse("2001:db8::5"), 5004), QosTrafficType.Voice, false);
                }

                QosFlowId Ipv4(QosSession session)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    return session.AddSocketToFlow(socket, new IPEndPoint(IPAddress.Loopback, 5004), QosTrafficType.Voice, false);
                }

                QosFlowId PortFromAVariable(QosSession session, Socket socket, IPAddress peer, int port) =>
                    session.AddSocketToFlow(socket, new IPEndPoint(peer, port), QosTrafficType.Voice, false);

                QosFlowId PortSetLater(QosSession session, Socket socket, IPAddress peer)
                {
                    var destination = new IPEndPoint(peer, 0);
                    destination.Port = 5004;
                    return session.AddSocketToFlow(socket, destination, QosTrafficType.Voice, false);
                }

                QosFlowId SocketFromTheCaller(QosSession session, Socket socket) =>
                    session.AddSocketToFlow(socket, new IPEndPoint(IPAddress.Loopback, 5004), QosTrafficType.Voice, false);

                QosFlowId AddressUnknown(QosSession session, string host)
                {
                    var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
                    return session.AddSocketToFlow(socket, new IPEndPoint(IPAddress.Parse(host).MapToIPv6(), 5004), QosTrafficType.Voice, false);
                }

                QosFlowId SocketReplaced(QosSession session, Func<Socket> open)
                {
                    var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
                    socket = open();
                    return session.AddSocketToFlow(socket, new IPEndPoint(IPAddress.Loopback, 5004), QosTrafficType.Voice, false);
                }

                void PortSet(nint h, nint s)
                {
                    SOCKADDR_IN address = default;
                    address.sin_family = 2;
                    address.sin_port = 0x8C13;
                    address.sin_addr = 0x0100007F;
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void FilledElsewhere(nint h, nint s, IPEndPoint peer)
                {
                    SOCKADDR_IN address = default;
                    Fill(&address, peer);
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void NotASockaddr(nint h, nint s)
                {
                    ulong address = 0;
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, &address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                static void Fill(SOCKADDR_IN* address, IPEndPoint peer) => address->sin_port = (ushort)peer.Port;
            }
            """,
            Bindings.LibraryImportPointers,
            SockAddr,
        });
}
