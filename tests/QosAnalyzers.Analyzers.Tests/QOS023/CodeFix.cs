using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.QOS023;

public class CodeFix
{
    [Fact]
    public Task Statements_are_wrapped_in_a_guard_and_using_System_is_added() => Run.CodeFix<TypeOfServiceIgnoredOnWindowsAnalyzer, TypeOfServiceGuardCodeFix>("""
        using System.Net.Sockets;

        class C
        {
            void M(Socket socket, byte[] value, int mode)
            {
                // Expedited Forwarding
                [|socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|]; // EF
                socket?[|.SetRawSocketOption(41, 67, value)|];
                switch (mode)
                {
                    case 1:
                        [|socket.SetSocketOption(SocketOptionLevel.IPv6, (SocketOptionName)39, 0xB8)|];
                        break;
                }

                // No statement of its own: no fix.
                System.Action set = () => [|socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|];
            }
        }
        """, """
        using System;
        using System.Net.Sockets;

        class C
        {
            void M(Socket socket, byte[] value, int mode)
            {
                // Expedited Forwarding
                if (!OperatingSystem.IsWindows())
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8); // EF
                }

                if (!OperatingSystem.IsWindows())
                {
                    socket?.SetRawSocketOption(41, 67, value);
                }

                switch (mode)
                {
                    case 1:
                        if (!OperatingSystem.IsWindows())
                        {
                            socket.SetSocketOption(SocketOptionLevel.IPv6, (SocketOptionName)39, 0xB8);
                        }

                        break;
                }

                // No statement of its own: no fix.
                System.Action set = () => [|socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|];
            }
        }
        """);

    [Fact]
    public Task OperatingSystem_shadowed_is_qualified() => Run.CodeFix<TypeOfServiceIgnoredOnWindowsAnalyzer, TypeOfServiceGuardCodeFix>("""
        using System;
        using System.Net.Sockets;

        namespace App
        {
            class OperatingSystem { }

            class C
            {
                void M(Socket socket) => Set(socket);

                static void Set(Socket socket)
                {
                    [|socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|];
                }
            }
        }
        """, """
        using System;
        using System.Net.Sockets;

        namespace App
        {
            class OperatingSystem { }

            class C
            {
                void M(Socket socket) => Set(socket);

                static void Set(Socket socket)
                {
                    if (!System.OperatingSystem.IsWindows())
                    {
                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_on_NET_Framework_which_has_no_OperatingSystem_IsWindows()
    {
        const string Source = """
            using System.Net.Sockets;

            class C
            {
                void M(Socket socket)
                {
                    [|socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xB8)|];
                }
            }
            """;
        var test = new QosCodeFixTest(new TypeOfServiceGuardCodeFix(), new TypeOfServiceIgnoredOnWindowsAnalyzer()) { ReferenceAssemblies = TargetFrameworks.Net472 };
        test.TestState.Sources.Add(Source);
        test.FixedState.Sources.Add(Source);
        return test.RunAsync();
    }
}
