using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS007;

public class CodeFix
{
    [Fact]
    public Task The_version_becomes_1_0_where_it_is_written() => Run.CodeFix<VersionNotOnePointZeroAnalyzer, VersionNotOnePointZeroCodeFix>("""
        using System;
        using Interop;

        class C
        {
            void M()
            {
                var two = new QOS_VERSION { MajorVersion = 2 };
                _ = Qwave.QOSCreateHandle([|ref two|], out IntPtr a);

                QOS_VERSION zero = default;
                _ = Qwave.QOSCreateHandle([|ref zero|], out IntPtr b);

                var assigned = new QOS_VERSION();
                assigned.MajorVersion = 1;
                assigned.MinorVersion = 5;
                _ = Qwave.QOSCreateHandle([|ref assigned|], out IntPtr c);
            }
        }
        """,
        Bindings.DllImportBool,
        """
        using System;
        using Interop;

        class C
        {
            void M()
            {
                var two = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                _ = Qwave.QOSCreateHandle(ref two, out IntPtr a);

                QOS_VERSION zero = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                _ = Qwave.QOSCreateHandle(ref zero, out IntPtr b);

                var assigned = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                assigned.MajorVersion = 1;
                assigned.MinorVersion = 0;
                _ = Qwave.QOSCreateHandle(ref assigned, out IntPtr c);
            }
        }
        """);

    [Fact]
    public Task A_two_byte_struct_gets_ushorts() => Run.CodeFix<VersionNotOnePointZeroAnalyzer, VersionNotOnePointZeroCodeFix>("""
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        struct QOS_VERSION { public [|byte|] MajorVersion, MinorVersion; }

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(ref QOS_VERSION version, out nint handle);
        }
        """,
        "namespace Other { }",
        """
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        struct QOS_VERSION { public ushort MajorVersion; public ushort MinorVersion; }

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(ref QOS_VERSION version, out nint handle);
        }
        """);
}
