using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.DefaultHandleAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS022;

public class Diagnostics
{
    [Fact]
    public Task Zero_default_and_unfilled_handles_in_every_binding_style() => Run.Analyzer<DefaultHandleAnalyzer>(new[]
    {
        """
        using System;
        using Interop;
        using QosAnalyzers;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        unsafe class C
        {
            void M(IntPtr s, uint id)
            {
                _ = Qwave.QOSCloseHandle({|#0:IntPtr.Zero|});
                _ = Native.RemoveSocket({|#1:0|}, 0, id, 0);
                _ = Qos.QOSCancel({|#2:default|}, null);
                IntPtr never = IntPtr.Zero;
                _ = Qwave.QOSRemoveSocketFromFlow({|#3:never|}, s, id, 0);
                BOOL closed = PInvoke.QOSCloseHandle({|#4:default(HANDLE)|});
                var unfilled = new QosSafeHandle();
                BOOL removed = PInvoke.QOSRemoveSocketFromFlow({|#5:unfilled|}, 0, id, 0);
                _ = QosFlowApi.Close({|#6:qosHandle: IntPtr.Zero|});
            }
        }

        // A hand-written SafeHandle (this package's QosHandle cannot be created empty).
        sealed class QosSafeHandle : Microsoft.Win32.SafeHandles.SafeHandleZeroOrMinusOneIsInvalid
        {
            public QosSafeHandle() : base(true) { }
            protected override bool ReleaseHandle() => Qwave.QOSCloseHandle(handle);
        }
        """,
        Bindings.DllImportBool,
        Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.CsWin32.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.EntryPointMarked.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
    },
        Diagnostic().WithLocation(0).WithArguments("QOSCloseHandle", "zero"),
        Diagnostic().WithLocation(1).WithArguments("QOSRemoveSocketFromFlow", "zero"),
        Diagnostic().WithLocation(2).WithArguments("QOSCancel", "zero"),
        Diagnostic().WithLocation(3).WithArguments("QOSRemoveSocketFromFlow", "zero"),
        Diagnostic().WithLocation(4).WithArguments("QOSCloseHandle", "zero"),
        Diagnostic().WithLocation(5).WithArguments("QOSRemoveSocketFromFlow", "a new QosSafeHandle that no call has filled"),
        Diagnostic().WithLocation(6).WithArguments("QOSCloseHandle", "zero"));
}
