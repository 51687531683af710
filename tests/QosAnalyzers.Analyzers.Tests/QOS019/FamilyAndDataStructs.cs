using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.DestAddrMisuseAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS019;

/// <summary>
/// The generic sockaddr many P/Invoke declarations use: a 16-bit family and a byte array marshaled in place
/// (<c>[MarshalAs(UnmanagedType.ByValArray, SizeConst = n)]</c>) holding the port and the address.
/// </summary>
public class FamilyAndDataStructs
{
    private const string Declarations = """
        namespace Interop
        {
            using System;
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential)]
            public struct SockAddr
            {
                public ushort Family;
                [MarshalAs(UnmanagedType.ByValArray, SizeConst = 26)]
                public byte[] Data;
            }

            [StructLayout(LayoutKind.Sequential)]
            public struct SOCKADDR
            {
                public short sa_family;
                [MarshalAs(UnmanagedType.ByValArray, SizeConst = 14)]
                public byte[] sa_data;
            }

            public static class Native
            {
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, IntPtr Socket, ref SockAddr DestAddr, QOS_TRAFFIC_TYPE TrafficType, int Flags, ref int FlowId);

                [DllImport("qwave.dll", EntryPoint = "QOSAddSocketToFlow", SetLastError = true)]
                public static extern bool AddShort(IntPtr QOSHandle, IntPtr Socket, ref SOCKADDR DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, out uint FlowId);
            }
        }
        """;

    [Fact]
    public Task Family_set_and_data_left_zero() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net.Sockets;
            using Interop;

            class C
            {
                int AddUdp(IntPtr h, UdpClient client)
                {
                    int id = 0;
                    SockAddr sa = new SockAddr();
                    sa.Family = (ushort)client.Client.AddressFamily;
                    // "Not needed for UDP"
                    sa.Data = new byte[26];
                    return Native.QOSAddSocketToFlow(h, client.Client.Handle, {|#0:ref sa|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeBestEffort, 2, ref id) ? id : 0;
                }

                void OnlyTheAddress(IntPtr h, Socket socket, byte[] address)
                {
                    var sa = new SOCKADDR { sa_family = 2 };
                    sa.sa_data = new byte[14];
                    sa.sa_data[2] = address[0];
                    sa.sa_data[3] = address[1];
                    sa.sa_data[4] = address[2];
                    sa.sa_data[5] = address[3];
                    _ = Native.AddShort(h, socket.Handle, {|#1:ref sa|}, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, out uint id);
                }
            }
            """,
            Bindings.Types,
            Declarations,
        },
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", "is sockaddr 'sa', whose port (the first two bytes of 'Data') is never set, so it is 0; qWAVE needs the destination's port, in network byte order"),
        Diagnostic().WithLocation(1).WithArguments("QOSAddSocketToFlow", "is sockaddr 'sa', whose port (the first two bytes of 'sa_data') is never set, so it is 0; qWAVE needs the destination's port, in network byte order"));

    [Fact]
    public Task Port_written_or_data_from_elsewhere_stays_silent() => Run.Analyzer<DestAddrMisuseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using Interop;

            class C
            {
                void PortAndAddress(IntPtr h, TcpClient client, IPEndPoint peer)
                {
                    int id = 0;
                    byte[] address = peer.Address.GetAddressBytes();
                    SockAddr sa = new SockAddr();
                    sa.Family = (ushort)peer.AddressFamily;
                    sa.Data = new byte[26];
                    sa.Data[0] = Convert.ToByte(peer.Port >> 8);
                    sa.Data[1] = Convert.ToByte(peer.Port & 0xff);
                    int at = peer.AddressFamily == AddressFamily.InterNetwork ? 2 : 6;
                    Array.ConstrainedCopy(address, 0, sa.Data, at, address.Length);
                    _ = Native.QOSAddSocketToFlow(h, client.Client.Handle, ref sa, QOS_TRAFFIC_TYPE.QOSTrafficTypeBestEffort, 2, ref id);
                }

                void CopiedAtAnIndexNotConstant(IntPtr h, Socket socket, byte[] raw, int offset)
                {
                    int id = 0;
                    var sa = new SockAddr { Family = 2 };
                    sa.Data = new byte[26];
                    Array.Copy(raw, 0, sa.Data, offset, 16);
                    _ = Native.QOSAddSocketToFlow(h, socket.Handle, ref sa, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void DataFromElsewhere(IntPtr h, Socket socket, byte[] prepared)
                {
                    int id = 0;
                    var sa = new SockAddr { Family = 2 };
                    sa.Data = prepared;
                    _ = Native.QOSAddSocketToFlow(h, socket.Handle, ref sa, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void FilledByAHelper(IntPtr h, Socket socket, IPEndPoint peer)
                {
                    int id = 0;
                    var sa = new SockAddr { Family = 2 };
                    sa.Data = new byte[26];
                    Fill(ref sa, peer);
                    _ = Native.QOSAddSocketToFlow(h, socket.Handle, ref sa, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void ArrayHandedOn(IntPtr h, Socket socket, IPEndPoint peer)
                {
                    int id = 0;
                    var sa = new SockAddr { Family = 2 };
                    sa.Data = new byte[26];
                    Write(sa.Data, peer);
                    _ = Native.QOSAddSocketToFlow(h, socket.Handle, ref sa, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void FromAParameter(IntPtr h, Socket socket, SockAddr given)
                {
                    int id = 0;
                    _ = Native.QOSAddSocketToFlow(h, socket.Handle, ref given, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void InitializedInPlace(IntPtr h, Socket socket, byte[] bytes)
                {
                    int id = 0;
                    var sa = new SockAddr { Family = 2, Data = bytes };
                    _ = Native.QOSAddSocketToFlow(h, socket.Handle, ref sa, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                static void Fill(ref SockAddr sa, IPEndPoint peer) { }

                static void Write(byte[] data, IPEndPoint peer) { }
            }
            """,
            Bindings.Types,
            Declarations,
        });
}
