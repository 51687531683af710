using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.MissingSetLastErrorAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS004;

public class Diagnostics
{
    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        Run.Analyzer<MissingSetLastErrorAnalyzer>(new[] { source, Bindings.Types }, expected);

    [Fact]
    public Task DllImport_without_SetLastError() => Verify("""
        using System;
        using System.Runtime.InteropServices;

        static class Qwave
        {
            [{|#0:DllImport("qwave.dll")|}]
            public static extern bool QOSCloseHandle(IntPtr QOSHandle);

            [{|#1:DllImport("qwave.dll", SetLastError = false)|}]
            public static extern int QOSCancel(IntPtr QOSHandle, IntPtr Overlapped);
        }
        """,
        Diagnostic().WithLocation(0).WithArguments("QOSCloseHandle", "QOSCloseHandle"),
        Diagnostic().WithLocation(1).WithArguments("QOSCancel", "QOSCancel"));

    [Fact]
    public Task DllImport_with_EntryPoint_alias_and_constant_module() => Verify("""
        using System.Runtime.InteropServices;

        static class Native
        {
            private const string Library = "QWave";

            [{|#0:DllImport(Library, EntryPoint = "QOSSetFlow", CallingConvention = CallingConvention.Winapi)|}]
            public static extern int SetFlow(nint handle, uint flow, int operation, uint size, nint buffer, uint reserved, nint overlapped);
        }
        """,
        Diagnostic().WithLocation(0).WithArguments("SetFlow", "QOSSetFlow"));

    [Fact]
    public Task Extern_local_function_without_SetLastError() => Verify("""
        using System.Runtime.InteropServices;

        static class Flows
        {
            public static bool Remove(nint handle, nint socket, uint flowId)
            {
                return QOSRemoveSocketFromFlow(handle, socket, flowId, 0);

                [{|#0:DllImport("qwave.dll")|}]
                static extern bool QOSRemoveSocketFromFlow(nint QOSHandle, nint Socket, uint FlowId, uint Flags);
            }

            public static bool Close(nint handle)
            {
                return Close(handle);

                [DllImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
                static extern bool Close(nint QOSHandle);
            }
        }
        """,
        Diagnostic().WithLocation(0).WithArguments("QOSRemoveSocketFromFlow", "QOSRemoveSocketFromFlow"));

    [Fact]
    public Task LibraryImport_without_SetLastError() => Verify("""
        using System.Runtime.InteropServices;
        using System.Threading;

        static unsafe partial class Qos
        {
            [{|#0:LibraryImport("qwave")|}]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSCancel(nint QOSHandle, NativeOverlapped* Overlapped);

            [[|LibraryImport("QWAVE.DLL", EntryPoint = "QOSCloseHandle", SetLastError = false)|]]
            internal static partial int Close(nint handle);
        }
        """,
        Diagnostic().WithLocation(0).WithArguments("QOSCancel", "QOSCancel"));

    [Fact]
    public Task CsWin32_style_extern_without_SetLastError() => Verify("""
        namespace Windows.Win32
        {
            using System.Runtime.InteropServices;

            public static partial class PInvoke
            {
                [[|DllImport("qwave.dll", ExactSpelling = true)|]]
                public static extern int QOSCloseHandle(nint QOSHandle);
            }
        }
        """);
}
