using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS023;

public class Valid
{
    [Fact]
    public Task Reading_other_options_and_values_that_are_not_constant() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System;
        using System.Net.Sockets;

        class C
        {
            void M(Socket socket, SocketOptionLevel level, SocketOptionName name, int rawLevel, int rawName, byte[] value)
            {
                _ = socket.GetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService);
                socket.GetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, value);
                _ = socket.GetRawSocketOption(0, 1, value);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IPv6Only, false);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, 64);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.TypeOfService, 0xB8);
                socket.SetSocketOption(level, SocketOptionName.TypeOfService, 0xB8);
                socket.SetSocketOption(SocketOptionLevel.IP, name, 0xB8);
                socket.SetRawSocketOption(rawLevel, 1, value);
                socket.SetRawSocketOption(0, rawName, value);
                socket.SetRawSocketOption(0, 2, value);
                socket.SetRawSocketOption(41, 26, value);
                socket.SetRawSocketOption(6, 1, value);
                new Other().SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
            }
        }

        class Other
        {
            public void SetSocketOption(SocketOptionLevel level, SocketOptionName name, int value) { }
        }
        """,
    });

    [Fact]
    public Task Guards_that_prove_the_platform_is_not_Windows() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System;
        using System.Diagnostics;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using System.Runtime.Versioning;

        class C
        {
            void Negated(Socket socket)
            {
                if (!OperatingSystem.IsWindows())
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }
            }

            void Platforms(Socket socket, byte[] value)
            {
                if (OperatingSystem.IsLinux())
                {
                    socket.SetRawSocketOption(0, 1, value);
                }
                else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
                {
                    socket.SetRawSocketOption(41, 36, value);
                }
                else if (OperatingSystem.IsAndroid() || OperatingSystem.IsIOS() || OperatingSystem.IsMacOSVersionAtLeast(12))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }
                else if (OperatingSystem.IsOSPlatform("linux"))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }
            }

            void RuntimeInformationChecks(Socket socket)
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX) || RuntimeInformation.IsOSPlatform(OSPlatform.FreeBSD))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                if (RuntimeInformation.IsOSPlatform(OSPlatform.Create("LINUX")))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }
            }

            void ElseOfWindows(Socket socket)
            {
                if (OperatingSystem.IsWindows())
                {
                    Console.WriteLine("qWAVE");
                }
                else
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                _ = OperatingSystem.IsWindows() ? 0 : Set(socket);
            }

            int Set(Socket socket)
            {
                if (OperatingSystem.IsWindows() == false)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                if (OperatingSystem.IsWindows() is false)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                return 0;
            }

            void Conditions(Socket socket, bool enabled)
            {
                if (enabled && !OperatingSystem.IsWindows())
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                if (!(OperatingSystem.IsWindows() || !enabled))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                _ = OperatingSystem.IsLinux() && Try(socket);
                _ = OperatingSystem.IsWindows() || Try(socket);
            }

            bool Try(Socket socket)
            {
                if (OperatingSystem.IsWindows())
                {
                    return false;
                }

                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                Action later = () => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                return true;
            }

            void EarlyExits(Socket[] sockets)
            {
                foreach (Socket socket in sockets)
                {
                    if (OperatingSystem.IsWindows())
                    {
                        continue;
                    }

                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                if (!OperatingSystem.IsLinux())
                {
                    throw new PlatformNotSupportedException();
                }

                sockets[0].SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
            }

            void OlderChecks(Socket socket)
            {
                if (Environment.OSVersion.Platform == PlatformID.Unix || Environment.OSVersion.Platform == PlatformID.MacOSX)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }

                if (Environment.OSVersion.Platform != PlatformID.Win32NT)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }
            }

            void Asserted(Socket socket)
            {
                Debug.Assert(!OperatingSystem.IsWindows());
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
            }

            void Guarded(Socket socket)
            {
                if (IsUnix)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                }
            }

            [SupportedOSPlatformGuard("linux")]
            [SupportedOSPlatformGuard("macos")]
            private static bool IsUnix => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

            [UnsupportedOSPlatform("windows")]
            void UnsupportedMethod(Socket socket) => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);

            [SupportedOSPlatform("linux")]
            void LinuxMethod(Socket socket) => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);

            [SupportedOSPlatform("macos12.0")]
            [SupportedOSPlatform("freebsd")]
            void MacMethod(Socket socket)
            {
                void Local() => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                Local();
            }

            [SupportedOSPlatform("linux")]
            int LinuxProperty
            {
                set => new Socket(SocketType.Dgram, ProtocolType.Udp).SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, value);
            }

            void LocalFunctionAttribute(Socket socket)
            {
                Local();

                [UnsupportedOSPlatform("windows")]
                void Local() => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
            }
        }

        [UnsupportedOSPlatform("windows")]
        class UnsupportedType
        {
            class Nested
            {
                void M(Socket socket) => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
            }
        }

        [SupportedOSPlatform("linux")]
        class LinuxType
        {
            void M(Socket socket) => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
        }
        """,
    });

    [Fact]
    public Task Assembly_unsupported_on_Windows() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System.Net.Sockets;
        using System.Runtime.Versioning;

        [assembly: UnsupportedOSPlatform("windows")]

        class C
        {
            void M(Socket socket) => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
        }
        """,
    });

    [Fact]
    public Task Assembly_for_Linux_only() => Run.Analyzer<TypeOfServiceIgnoredOnWindowsAnalyzer>(new[]
    {
        """
        using System.Net.Sockets;
        using System.Runtime.Versioning;

        [assembly: SupportedOSPlatform("linux")]

        class C
        {
            void M(Socket socket) => socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
        }
        """,
    });
}
