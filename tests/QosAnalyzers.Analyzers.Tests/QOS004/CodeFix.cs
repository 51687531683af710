using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS004;

public class CodeFix
{
    [Fact]
    public Task Adds_or_flips_SetLastError_in_every_import_form() => Run.CodeFix<MissingSetLastErrorAnalyzer, MissingSetLastErrorCodeFix>("""
        using System;
        using System.Runtime.InteropServices;
        using System.Threading;

        static unsafe partial class Qwave
        {
            [[|DllImport("qwave.dll")|]]
            public static extern bool QOSCloseHandle(IntPtr QOSHandle);

            [[|DllImport("qwave", EntryPoint = "QOSCancel", SetLastError = false, ExactSpelling = true)|]]
            public static extern int Cancel(IntPtr handle, IntPtr overlapped);

            [[|LibraryImport("qwave")|]]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSRemoveSocketFromFlow(nint QOSHandle, nint Socket, uint FlowId, uint Flags);
        }
        """,
        Bindings.Types,
        """
        using System;
        using System.Runtime.InteropServices;
        using System.Threading;

        static unsafe partial class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCloseHandle(IntPtr QOSHandle);

            [DllImport("qwave", EntryPoint = "QOSCancel", SetLastError = true, ExactSpelling = true)]
            public static extern int Cancel(IntPtr handle, IntPtr overlapped);

            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSRemoveSocketFromFlow(nint QOSHandle, nint Socket, uint FlowId, uint Flags);
        }
        """);
}
