using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.NetFramework;

/// <summary>
/// The fixes on a .NET Framework 4.7.2 project at its default C# 7.3: no nint, no GetLastPInvokeError;
/// the fixed code must compile there.
/// </summary>
public class CodeFixes
{
    [Fact]
    public Task QOS003_throws_with_GetLastWin32Error() => Verify<IgnoredResultAnalyzer, IgnoredResultCodeFix>("""
        using System;
        using System.Runtime.InteropServices;

        class C
        {
            void M(IntPtr h)
            {
                [|Qwave.QOSCloseHandle(h)|];
            }
        }

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCloseHandle(IntPtr QOSHandle);
        }
        """, """
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;

        class C
        {
            void M(IntPtr h)
            {
                if (!Qwave.QOSCloseHandle(h))
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }
            }
        }

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCloseHandle(IntPtr QOSHandle);
        }
        """);

    [Fact]
    public Task QOS005_widens_a_32_bit_handle_to_IntPtr_not_nint() => Verify<SignatureDoesNotMatchAbiAnalyzer, SignatureDoesNotMatchAbiCodeFix>("""
        using System.Runtime.InteropServices;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSRemoveSocketFromFlow([|int QOSHandle|], [|int Socket|], uint FlowId, uint Flags);
        }
        """, """
        using System;
        using System.Runtime.InteropServices;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSRemoveSocketFromFlow(IntPtr QOSHandle, IntPtr Socket, uint FlowId, uint Flags);
        }
        """);

    [Fact]
    public Task QOS004_adds_SetLastError() => Verify<MissingSetLastErrorAnalyzer, MissingSetLastErrorCodeFix>("""
        using System;
        using System.Runtime.InteropServices;

        static class Qwave
        {
            [[|DllImport("qwave.dll")|]]
            public static extern bool QOSCloseHandle(IntPtr QOSHandle);
        }
        """, """
        using System;
        using System.Runtime.InteropServices;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCloseHandle(IntPtr QOSHandle);
        }
        """);

    private static Task Verify<TAnalyzer, TFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new QosCodeFixTest(new TFix(), new TAnalyzer()) { ReferenceAssemblies = TargetFrameworks.Net472 };
        test.TestState.Sources.Add(source);
        test.FixedState.Sources.Add(fixedSource);
        return test.RunAsync();
    }
}
