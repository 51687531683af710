using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.TypeOfServiceIgnoredOnWindowsAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS023;

public class Diagnostics
{
    private static DiagnosticResult Tos(int location, string method = "Socket.SetSocketOption") =>
        Diagnostic().WithLocation(location).WithArguments(method, "IP_TOS");

    private static DiagnosticResult TrafficClass(int location, string method = "Socket.SetSocketOption") =>
        Diagnostic().WithLocation(location).WithArguments(method, "IPV6_TCLASS");

    [Fact]
    public Task Every_overload_of_SetSocketOption_with_IP_and_TypeOfService() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System.Net.Sockets;

        class C
        {
            void M(Socket socket, byte[] bytes, object value)
            {
                {|#0:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                {|#1:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, true)|};
                {|#2:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, bytes)|};
                {|#3:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, value)|};
                socket?{|#4:.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                System.Action set = () => {|#5:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 46 << 2)|};
            }
        }
        """,
    },
        Tos(0), Tos(1), Tos(2), Tos(3), Tos(4), Tos(5));

    [Fact]
    public Task Named_arguments_constants_casts_and_using_static() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System.Net.Sockets;
        using static System.Net.Sockets.SocketOptionLevel;
        using static System.Net.Sockets.SocketOptionName;

        class C : Socket
        {
            const SocketOptionLevel Level = SocketOptionLevel.IP;
            const SocketOptionName Name = SocketOptionName.TypeOfService;
            const int IpProto = 0, IpTos = 3;

            C() : base(SocketType.Dgram, ProtocolType.Udp) { }

            void M(Socket socket)
            {
                {|#0:socket.SetSocketOption(optionValue: 0xB8, optionName: SocketOptionName.TypeOfService, optionLevel: SocketOptionLevel.IP)|};
                {|#1:socket.SetSocketOption(IP, TypeOfService, 0xB8)|};
                {|#2:socket.SetSocketOption(Level, Name, 0xB8)|};
                {|#3:socket.SetSocketOption((SocketOptionLevel)0, (SocketOptionName)3, 0xB8)|};
                {|#4:socket.SetSocketOption((SocketOptionLevel)IpProto, (SocketOptionName)IpTos, 0xB8)|};
                {|#5:socket.SetSocketOption(default(SocketOptionLevel), SocketOptionName.TypeOfService, 0xB8)|};
                {|#6:SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
            }
        }
        """,
    },
        Tos(0), Tos(1), Tos(2), Tos(3), Tos(4), Tos(5), Tos(6));

    [Fact]
    public Task IPv6_traffic_class_with_the_Windows_number() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System.Net.Sockets;

        class C
        {
            const SocketOptionName Ipv6TrafficClass = (SocketOptionName)39;

            void M(Socket socket)
            {
                {|#0:socket.SetSocketOption(SocketOptionLevel.IPv6, (SocketOptionName)39, 0xB8)|};
                {|#1:socket.SetSocketOption(SocketOptionLevel.IPv6, Ipv6TrafficClass, 0xB8)|};
                {|#2:socket.SetSocketOption((SocketOptionLevel)41, Ipv6TrafficClass, true)|};
            }
        }
        """,
    },
        TrafficClass(0), TrafficClass(1), TrafficClass(2));

    [Fact]
    public Task SetRawSocketOption_with_the_numbers_of_Windows_Linux_and_macOS() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System;
        using System.Net.Sockets;

        class C
        {
            const int IPPROTO_IP = 0, IP_TOS = 1, IPPROTO_IPV6 = 41, IPV6_TCLASS = 67;

            void M(Socket socket, byte[] value)
            {
                {|#0:socket.SetRawSocketOption(0, 1, value)|};
                {|#1:socket.SetRawSocketOption(0, 3, value)|};
                {|#2:socket.SetRawSocketOption(IPPROTO_IP, IP_TOS, BitConverter.GetBytes(0xB8))|};
                {|#3:socket.SetRawSocketOption(IPPROTO_IPV6, IPV6_TCLASS, value)|};
                {|#4:socket.SetRawSocketOption(41, 36, value)|};
                {|#5:socket.SetRawSocketOption(optionName: 39, optionLevel: 41, optionValue: value)|};
            }
        }
        """,
    },
        Tos(0, "Socket.SetRawSocketOption"),
        Tos(1, "Socket.SetRawSocketOption"),
        Tos(2, "Socket.SetRawSocketOption"),
        TrafficClass(3, "Socket.SetRawSocketOption"),
        TrafficClass(4, "Socket.SetRawSocketOption"),
        TrafficClass(5, "Socket.SetRawSocketOption"));

    [Fact]
    public Task Guards_that_do_not_prove_the_platform_is_not_Windows() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System;
        using System.Diagnostics;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using System.Runtime.Versioning;

        class C
        {
            void M(Socket socket, bool flag)
            {
                if (OperatingSystem.IsLinux() || flag)
                {
                    {|#0:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                }

                if (OperatingSystem.IsWindows())
                {
                    {|#1:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                }
                else
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                if (!OperatingSystem.IsWindowsVersionAtLeast(10))
                {
                    {|#2:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                }

                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                {
                    {|#3:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                }

                if (OperatingSystem.IsLinux() == flag)
                {
                    {|#4:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                }

                if (OperatingSystem.IsLinux())
                {
                    flag = false;
                }

                {|#5:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                Debug.Assert(OperatingSystem.IsWindows() || flag);
                {|#6:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
            }

            [SupportedOSPlatform("linux")]
            [SupportedOSPlatform("windows")]
            void LinuxAndWindows(Socket socket) => {|#7:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};

            [UnsupportedOSPlatform("windows10.0")]
            void OldWindows(Socket socket) => {|#8:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};

            void LocalFunctionCalledBeforeTheGuard(Socket socket)
            {
                Set();
                if (OperatingSystem.IsWindows())
                {
                    return;
                }

                void Set() => {|#9:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
            }

            void OlderChecks(Socket socket)
            {
                if (Environment.OSVersion.Platform != PlatformID.Unix)
                {
                    {|#10:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                }

                if (Environment.OSVersion.Platform == PlatformID.Win32NT)
                {
                    {|#11:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                }
            }
        }
        """,
    },
        Tos(0), Tos(1), Tos(2), Tos(3), Tos(4), Tos(5), Tos(6), Tos(7), Tos(8), Tos(9), Tos(10), Tos(11));

    [Fact]
    public Task NET_Framework_reports_too()
    {
        var test = new QosAnalyzerTest(new TypeOfServiceIgnoredOnWindowsAnalyzer()) { ReferenceAssemblies = TargetFrameworks.Net472 };
        test.TestState.Sources.Add("""
            using System.Net.Sockets;

            class C
            {
                void M(Socket socket)
                {
                    {|#0:socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|};
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Tos(0).AsStated());
        return test.RunAsync();
    }
}
