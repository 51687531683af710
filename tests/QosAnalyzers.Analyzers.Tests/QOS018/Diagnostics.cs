using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS018;

public class Diagnostics
{
    [Fact]
    public Task Null_OVERLAPPED_in_every_binding_style() => Run.Analyzer<CancelWithNullOverlappedAnalyzer>(new[]
    {
        """
        using System;
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(IntPtr handle, nint h)
            {
                _ = Qwave.QOSCancel(handle, [|IntPtr.Zero|]);
                _ = Native.Cancel(h, [|0|]);
                _ = Qos.QOSCancel(h, [|null|]);
                nint none = default;
                _ = Native.Cancel(h, [|none|]);
            }
        }
        """,
        Bindings.DllImportBool,
        Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
    });
}
