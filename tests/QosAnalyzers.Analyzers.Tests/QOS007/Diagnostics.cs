using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.VersionNotOnePointZeroAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS007;

public class Diagnostics
{
    [Fact]
    public Task Initializers_defaults_and_field_assignments_DllImport_bool() => Run.Analyzer<VersionNotOnePointZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(bool retry)
            {
                var two = new QOS_VERSION { MajorVersion = 2 };
                _ = Qwave.QOSCreateHandle({|#0:ref two|}, out IntPtr a);

                QOS_VERSION zero = default;
                _ = Qwave.QOSCreateHandle({|#1:ref zero|}, out IntPtr b);

                var assigned = new QOS_VERSION();
                assigned.MajorVersion = 1;
                assigned.MinorVersion = 5;
                _ = Qwave.QOSCreateHandle({|#2:ref assigned|}, out IntPtr c);

                QOS_VERSION declared;
                declared.MajorVersion = 0;
                declared.MinorVersion = 0;
                _ = Qwave.QOSCreateHandle({|#3:ref declared|}, out IntPtr d);
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("QOSCreateHandle is given QOS_VERSION 2.0 in 'two', but qWAVE accepts only 1.0"),
        Diagnostic().WithLocation(1).WithArguments("QOSCreateHandle is given QOS_VERSION 0.0 in 'zero', but qWAVE accepts only 1.0"),
        Diagnostic().WithLocation(2).WithArguments("QOSCreateHandle is given QOS_VERSION 1.5 in 'assigned', but qWAVE accepts only 1.0"),
        Diagnostic().WithLocation(3).WithArguments("QOSCreateHandle is given QOS_VERSION 0.0 in 'declared', but qWAVE accepts only 1.0"));

    [Fact]
    public Task Pointers_constructors_and_the_runtime_style_declaration() => Run.Analyzer<VersionNotOnePointZeroAnalyzer>(new[]
    {
        """
        using System.Runtime.InteropServices;

        struct Version
        {
            public Version(ushort major, ushort minor) { MajorVersion = major; MinorVersion = minor; }
            public ushort MajorVersion;
            public ushort MinorVersion;
        }

        static unsafe partial class Raw
        {
            [LibraryImport("qwave", SetLastError = true)]
            internal static partial int QOSCreateHandle(Version* version, nint* qosHandle);
        }

        unsafe class C
        {
            int M()
            {
                var version = new Version(1, 1);
                nint handle;
                return Raw.QOSCreateHandle({|#0:&version|}, &handle);
            }
        }
        """,
    },
        Diagnostic().WithLocation(0).WithArguments("QOSCreateHandle is given QOS_VERSION 1.1 in 'version', but qWAVE accepts only 1.0"));

    [Fact]
    public Task A_version_struct_of_two_bytes() => Run.Analyzer<VersionNotOnePointZeroAnalyzer>("""
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        struct QOS_VERSION { public [|byte|] MajorVersion, MinorVersion; }

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(ref QOS_VERSION version, out nint handle);
        }
        """, "namespace Other { }");
}
