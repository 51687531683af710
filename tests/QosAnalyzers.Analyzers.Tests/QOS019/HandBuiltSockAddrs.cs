using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.DestAddrMisuseAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS019;

/// <summary>QOS019 for sockaddrs built by hand in bytes: byte arrays, stackalloc memory, SocketAddress.</summary>
public class HandBuiltSockAddrs
{
    /// <summary>A DllImport that takes the sockaddr as a byte array, beside the IntPtr one of <see cref="Bindings.DllImportBool"/>.</summary>
    private const string ByteArrayImport = """
        namespace Interop
        {
            using System;
            using System.Runtime.InteropServices;

            public static class QwaveBytes
            {
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, IntPtr Socket, byte[] DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, ref uint FlowId);
            }
        }
        """;

    internal static string PortNeverSet(string what) =>
        "is " + what + ", whose port (bytes 2-3) is never set (it is 0); qWAVE needs the destination's port, in network byte order";

    internal static string PortZero(string what) =>
        "is " + what + ", whose port (bytes 2-3) is set only to 0; qWAVE needs the destination's port, in network byte order";

    internal static string AddressNeverSet(string what) =>
        "is " + what + ", whose IPv4 address (bytes 4-7) is never set (it is 0.0.0.0, which names no peer); qWAVE needs the destination's address";

    internal static string AddressZero(string what) =>
        "is " + what + ", whose IPv4 address (bytes 4-7) is set only to 0.0.0.0, which names no peer; qWAVE needs the destination's address";

    [Fact]
    public Task Byte_array_through_DllImport_without_port_or_address() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Buffers.Binary;
            using System.Net;
            using System.Runtime.InteropServices;
            using Interop;

            unsafe class C
            {
                void PortNeverSet(IntPtr h, IntPtr s)
                {
                    byte[] address = new byte[16];
                    address[0] = 2;
                    address[4] = 127;
                    address[7] = 1;
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#0:address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void PortWrittenAsZero(IntPtr h, IntPtr s, IPAddress peer)
                {
                    var address = new byte[16];
                    BinaryPrimitives.WriteUInt16LittleEndian(address, 2);
                    BinaryPrimitives.WriteUInt16BigEndian(address.AsSpan(2), 0);
                    peer.GetAddressBytes().CopyTo(address, 4);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#1:address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void AddressNeverSetPinned(IntPtr h, IntPtr s)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    BinaryPrimitives.WriteUInt16BigEndian(address.AsSpan(2, 2), 5004);
                    GCHandle pin = GCHandle.Alloc(address, GCHandleType.Pinned);
                    try
                    {
                        uint id = 0;
                        _ = Qwave.QOSAddSocketToFlow(h, s, {|#2:pin.AddrOfPinnedObject()|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    }
                    finally
                    {
                        pin.Free();
                    }
                }

                void AnyAddressFixed(IntPtr h, IntPtr s)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[2] = 0x13;
                    address[3] = 0x8C;
                    IPAddress.Any.GetAddressBytes().CopyTo(address, 4);
                    fixed (byte* p = address)
                    {
                        uint id = 0;
                        _ = Qwave.QOSAddSocketToFlow(h, s, {|#3:(IntPtr)p|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    }
                }

                void PortZeroInTheInitializer(IntPtr h, IntPtr s)
                {
                    byte[] address = { 2, 0, 0, 0, 10, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0 };
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#5:address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void CopiedFromATemplate(IntPtr h, IntPtr s)
                {
                    var template = new byte[16];
                    template[0] = 2;
                    template[4] = 10;
                    template[7] = 5;
                    var address = new byte[16];
                    Buffer.BlockCopy(template, 0, address, 0, 16);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#4:address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }
            }
            """,
            Bindings.DllImportBool,
            ByteArrayImport,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", PortNeverSet("the sockaddr built in byte array 'address'")),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", PortZero("the sockaddr built in byte array 'address'")),
        Diagnostic().WithLocation(2).WithArguments("QOSAddSocketToFlow", AddressNeverSet("the sockaddr built in byte array 'address'")),
        Diagnostic().WithLocation(3).WithArguments("QOSAddSocketToFlow", AddressZero("the sockaddr built in byte array 'address'")),
        Diagnostic().WithLocation(5).WithArguments("QOSAddSocketToFlow", PortZero("the sockaddr built in byte array 'address'")),
        Diagnostic().WithLocation(4).WithArguments("QOSAddSocketToFlow", PortNeverSet("the sockaddr built in byte array 'address'")));

    [Fact]
    public Task Stackalloc_through_LibraryImport_without_port_or_address() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Buffers.Binary;
            using Interop;

            unsafe class C
            {
                void Pointer(nint h, nint s)
                {
                    byte* address = stackalloc byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    address[7] = 5;
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#0:address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void SpanIPv6(nint h, nint s)
                {
                    Span<byte> address = stackalloc byte[28];
                    address[0] = 23;
                    address[23] = 1;
                    fixed (byte* p = address)
                    {
                        uint id = 0;
                        _ = Qos.QOSAddSocketToFlow(h, s, {|#1:p|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                    }
                }

                void SpanAddressCleared(nint h, nint s)
                {
                    Span<byte> address = stackalloc byte[16];
                    BitConverter.TryWriteBytes(address, (ushort)2);
                    BinaryPrimitives.WriteUInt16BigEndian(address.Slice(2), 5004);
                    address.Slice(4, 4).Clear();
                    fixed (byte* p = &address[0])
                    {
                        uint id = 0;
                        _ = Qos.QOSAddSocketToFlow(h, s, {|#2:p|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                    }
                }
            }
            """,
            Bindings.LibraryImportPointers,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", PortNeverSet("the sockaddr built in stackalloc memory 'address'")),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", PortNeverSet("the sockaddr built in stackalloc memory 'address'")),
        Diagnostic().WithLocation(2).WithArguments("QOSAddSocketToFlow", AddressZero("the sockaddr built in stackalloc memory 'address'")));

    [Fact]
    public Task SocketAddress_built_by_hand_or_serialized() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Buffers;
            using System.Net;
            using System.Net.Sockets;
            using Interop;

            unsafe class C
            {
                void CopiedToAnArray(IntPtr h, IntPtr s)
                {
                    var address = new SocketAddress(AddressFamily.InterNetwork, 16);
                    address[4] = 10;
                    address[7] = 5;
                    byte[] bytes = address.Buffer.ToArray();
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#0:bytes|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void CopiedIntoAnArray(IntPtr h, IntPtr s)
                {
                    var address = new SocketAddress(AddressFamily.InterNetwork, 16);
                    address[2] = 0x13;
                    address[3] = 0x8C;
                    var bytes = new byte[16];
                    address.Buffer.Span.CopyTo(bytes);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#1:bytes|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void Pinned(nint h, nint s)
                {
                    var address = new SocketAddress(AddressFamily.InterNetwork, 16);
                    address[4] = 192;
                    address[5] = 168;
                    address[7] = 9;
                    using MemoryHandle pin = address.Buffer.Pin();
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#2:pin.Pointer|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void SerializedWithoutPort(nint h, nint s)
                {
                    SocketAddress address = new IPEndPoint(IPAddress.Any, 0).Serialize();
                    fixed (byte* p = address.Buffer.Span)
                    {
                        uint id = 0;
                        _ = Qos.QOSAddSocketToFlow(h, s, {|#3:p|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                    }
                }

                void SerializedAny(IntPtr h, IntPtr s)
                {
                    var endPoint = new IPEndPoint(IPAddress.Any, 5004);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#4:endPoint.Serialize().Buffer.ToArray()|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void SerializedPeerWithoutPort(nint h, nint s, IPAddress peer)
                {
                    SocketAddress address = new IPEndPoint(peer, 0).Serialize();
                    using MemoryHandle pin = address.Buffer.Pin();
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, {|#5:pin.Pointer|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }
            }
            """,
            Bindings.LibraryImportPointers,
            ByteArrayImport,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", PortNeverSet("SocketAddress 'address'")),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", AddressNeverSet("the sockaddr built in byte array 'bytes'")),
        Diagnostic().WithLocation(2).WithArguments("QOSAddSocketToFlow", PortNeverSet("SocketAddress 'address'")),
        Diagnostic().WithLocation(3).WithArguments("QOSAddSocketToFlow", "is SocketAddress 'address', serialized from an IPEndPoint with port 0; qWAVE needs the destination's port"),
        Diagnostic().WithLocation(4).WithArguments("QOSAddSocketToFlow", "is a SocketAddress, serialized from an IPEndPoint with address 0.0.0.0, which names no peer; qWAVE needs the destination's address"),
        Diagnostic().WithLocation(5).WithArguments("QOSAddSocketToFlow", "is SocketAddress 'address', serialized from an IPEndPoint with port 0; qWAVE needs the destination's port"));

    [Fact]
    public Task CsWin32_style_pointer_to_a_pinned_array() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using Windows.Win32;
            using Windows.Win32.Foundation;
            using Interop;

            unsafe class C
            {
                void M(HANDLE h, nuint s)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    address[7] = 5;
                    fixed (byte* p = address)
                    {
                        uint id = 0;
                        _ = PInvoke.QOSAddSocketToFlow(h, s, {|#0:p|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                    }
                }
            }
            """,
            Bindings.CsWin32,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", PortNeverSet("the sockaddr built in byte array 'address'")));

    [Fact]
    public Task Marshal_Array_and_IPAddress_writes_are_followed() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net;
            using System.Runtime.InteropServices;
            using Interop;

            class C
            {
                void MarshalWrites(IntPtr h, IntPtr s)
                {
                    var address = new byte[16];
                    GCHandle pin = GCHandle.Alloc(address, GCHandleType.Pinned);
                    Marshal.WriteInt16(pin.AddrOfPinnedObject(), 0, 2);
                    Marshal.WriteInt16(pin.AddrOfPinnedObject(), 2, 0);
                    Marshal.Copy(IPAddress.Loopback.GetAddressBytes(), 0, Marshal.UnsafeAddrOfPinnedArrayElement(address, 4), 4);
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, {|#0:pin.AddrOfPinnedObject()|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    pin.Free();
                }

                void ArrayCopyOfATemplate(IntPtr h, IntPtr s)
                {
                    byte[] template = { 2, 0, 0x13, 0x8C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
                    var address = new byte[16];
                    Array.Copy(template, address, 16);
                    Array.Clear(address, 4, 4);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#1:address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void AnyWritten(IntPtr h, IntPtr s)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[2] = 0x13;
                    address[3] = 0x8C;
                    IPAddress.Any.TryWriteBytes(address.AsSpan(4), out _);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#2:address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void PeerWritten(IntPtr h, IntPtr s, IPAddress peer)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[2] = 0x13;
                    address[3] = 0x8C;
                    peer.TryWriteBytes(address.AsSpan(4), out _);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void ClearedThenFilled(IntPtr h, IntPtr s, IntPtr peer)
                {
                    var address = new byte[16];
                    Array.Clear(address);
                    address[0] = 2;
                    address[4] = 10;
                    GCHandle pin = GCHandle.Alloc(address, GCHandleType.Pinned);
                    Marshal.Copy(peer, address, 0, 16);
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, pin.AddrOfPinnedObject(), QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    pin.Free();
                }
            }
            """,
            Bindings.DllImportBool,
            ByteArrayImport,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", PortZero("the sockaddr built in byte array 'address'")),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", AddressZero("the sockaddr built in byte array 'address'")),
        Diagnostic().WithLocation(2).WithArguments("QOSAddSocketToFlow", AddressZero("the sockaddr built in byte array 'address'")));

    [Fact]
    public Task Filled_unknown_or_handed_over_stays_silent() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Buffers.Binary;
            using System.Net;
            using System.Net.Sockets;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using Interop;

            unsafe class C
            {
                void Complete(IntPtr h, IntPtr s)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[2] = 0x13;
                    address[3] = 0x8C;
                    address[4] = 10;
                    address[7] = 5;
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void PortFromAVariable(IntPtr h, IntPtr s, ushort port, IPAddress peer)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    BinaryPrimitives.WriteUInt16BigEndian(address.AsSpan(2), port);
                    peer.GetAddressBytes().CopyTo(address, 4);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void PortSetOnOnePath(IntPtr h, IntPtr s, bool known)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    if (known)
                    {
                        address[3] = 80;
                    }

                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void IndexNotConstant(IntPtr h, IntPtr s, byte[] port)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    for (int i = 0; i < 2; i++)
                    {
                        address[2 + i] = port[i];
                    }

                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void HandedOver(IntPtr h, IntPtr s, Action<byte[]> fill)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    fill(address);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void CopiedFromElsewhere(IntPtr h, IntPtr s, byte[] source)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    Buffer.BlockCopy(source, 0, address, 0, 16);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void CopiedWhole(IntPtr h, IntPtr s, byte[] source)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    source.CopyTo(address, 0);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void FromTheCaller(IntPtr h, IntPtr s, byte[] address)
                {
                    address[0] = 2;
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void Reassigned(IntPtr h, IntPtr s, Func<byte[]> build)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address = build();
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void NoFamily(IntPtr h, IntPtr s)
                {
                    var address = new byte[16];
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void FamilyNotConstant(IntPtr h, IntPtr s, AddressFamily family)
                {
                    var address = new byte[16];
                    address[0] = (byte)family;
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void TooShort(IntPtr h, IntPtr s)
                {
                    var address = new byte[8];
                    address[0] = 2;
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void PointerArithmetic(IntPtr h, IntPtr s, ushort port)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    fixed (byte* p = address)
                    {
                        *(ushort*)(p + 2) = port;
                        uint id = 0;
                        _ = Qwave.QOSAddSocketToFlow(h, s, (IntPtr)p, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    }
                }

                void MarshalWrite(IntPtr h, IntPtr s, short port)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    GCHandle pin = GCHandle.Alloc(address, GCHandleType.Pinned);
                    IntPtr pointer = pin.AddrOfPinnedObject();
                    Marshal.WriteInt16(pointer, 2, port);
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, pointer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    pin.Free();
                }

                void ElementByReference(IntPtr h, IntPtr s, ushort port)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    Unsafe.WriteUnaligned(ref address[2], port);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void PinnedAtAnOffset(IntPtr h, IntPtr s, ushort port)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    fixed (byte* portBytes = &address[2])
                    {
                        *(ushort*)portBytes = port;
                    }

                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                byte[]? _kept;

                void StoredInAField(IntPtr h, IntPtr s)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    _kept = address;
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void WrittenInALambda(IntPtr h, IntPtr s, Func<byte> port)
                {
                    var address = new byte[16];
                    address[0] = 2;
                    address[4] = 10;
                    Action setPort = () => address[3] = port();
                    setPort();
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void IPv6AddressNotJudged(IntPtr h, IntPtr s)
                {
                    var address = new byte[28];
                    address[0] = 23;
                    address[2] = 0x13;
                    address[3] = 0x8C;
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }
            }
            """,
            Bindings.DllImportBool,
            ByteArrayImport,
        });

    [Fact]
    public Task Stackalloc_and_SocketAddress_not_evident_stay_silent() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Buffers;
            using System.Buffers.Binary;
            using System.Net;
            using System.Net.Sockets;
            using System.Runtime.CompilerServices;
            using Interop;

            unsafe class C
            {
                [SkipLocalsInit]
                void NotZeroed(nint h, nint s)
                {
                    byte* address = stackalloc byte[16];
                    address[0] = 2;
                    address[1] = 0;
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void SpanHandedOver(nint h, nint s, IPEndPoint peer)
                {
                    Span<byte> address = stackalloc byte[16];
                    address[0] = 2;
                    Fill(address, peer);
                    fixed (byte* p = address)
                    {
                        uint id = 0;
                        _ = Qos.QOSAddSocketToFlow(h, s, p, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                    }
                }

                void SpanComplete(nint h, nint s, uint peer)
                {
                    Span<byte> address = stackalloc byte[16];
                    address[0] = 2;
                    BinaryPrimitives.WriteUInt16BigEndian(address.Slice(2), 5004);
                    BinaryPrimitives.WriteUInt32BigEndian(address.Slice(4), peer);
                    fixed (byte* p = address)
                    {
                        uint id = 0;
                        _ = Qos.QOSAddSocketToFlow(h, s, p, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                    }
                }

                void SocketAddressPortSet(nint h, nint s)
                {
                    var address = new SocketAddress(AddressFamily.InterNetwork, 16);
                    address[2] = 0x13;
                    address[3] = 0x8C;
                    address[4] = 10;
                    address[7] = 5;
                    using MemoryHandle pin = address.Buffer.Pin();
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, pin.Pointer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void SocketAddressFromTheCaller(nint h, nint s, SocketAddress address)
                {
                    using MemoryHandle pin = address.Buffer.Pin();
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, pin.Pointer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void SocketAddressFamilyNotConstant(nint h, nint s, AddressFamily family)
                {
                    var address = new SocketAddress(family, 28);
                    using MemoryHandle pin = address.Buffer.Pin();
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, pin.Pointer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void SerializedWithAPort(nint h, nint s, IPAddress peer, int port)
                {
                    SocketAddress address = new IPEndPoint(peer, port).Serialize();
                    using MemoryHandle pin = address.Buffer.Pin();
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, pin.Pointer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void SerializedThenPortSet(nint h, nint s, IPAddress peer)
                {
                    SocketAddress address = new IPEndPoint(peer, 0).Serialize();
                    address[2] = 0x13;
                    address[3] = 0x8C;
                    using MemoryHandle pin = address.Buffer.Pin();
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, pin.Pointer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                void EndPointChanged(nint h, nint s, IPAddress peer)
                {
                    var endPoint = new IPEndPoint(peer, 0);
                    endPoint.Port = 5004;
                    SocketAddress address = endPoint.Serialize();
                    using MemoryHandle pin = address.Buffer.Pin();
                    uint id = 0;
                    _ = Qos.QOSAddSocketToFlow(h, s, pin.Pointer, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                }

                static void Fill(Span<byte> address, IPEndPoint peer) => BinaryPrimitives.WriteUInt16BigEndian(address.Slice(2), (ushort)peer.Port);
            }
            """,
            Bindings.LibraryImportPointers,
        });

    /// <summary>
    /// Before C# 14, a byte array becomes a span through the operators Span declares (user-defined conversions);
    /// the memory is the same.
    /// </summary>
    [Fact]
    public async Task Spans_converted_by_their_operators_in_CSharp_12()
    {
        var test = new QosAnalyzerTest(new DestAddrMisuseAnalyzer())
        {
            UsePackageApi = true,
            ReferenceAssemblies = TargetFrameworks.Net80,
            LanguageVersionOverride = LanguageVersion.CSharp12,
        };
        test.TestState.Sources.Add("""
            using System;
            using System.Buffers.Binary;
            using System.Net;
            using Interop;

            unsafe class C
            {
                void Array(IntPtr h, IntPtr s)
                {
                    var address = new byte[16];
                    BinaryPrimitives.WriteUInt16LittleEndian(address, 2);
                    Span<byte> view = address;
                    view[4] = 10;
                    view[7] = 5;
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, {|#0:address|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void Silent(IntPtr h, IntPtr s, ushort port)
                {
                    var address = new byte[16];
                    BinaryPrimitives.WriteUInt16LittleEndian(address, 2);
                    Span<byte> view = address;
                    BinaryPrimitives.WriteUInt16BigEndian(view[2..], port);
                    uint id = 0;
                    _ = QwaveBytes.QOSAddSocketToFlow(h, s, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }
            }
            """);
        test.TestState.Sources.Add(Bindings.DllImportBool);
        test.TestState.Sources.Add(ByteArrayImport);
        test.ExpectedDiagnostics.Add(Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", PortNeverSet("the sockaddr built in byte array 'address'")).AsStated());
        await test.RunAsync();
    }
}
