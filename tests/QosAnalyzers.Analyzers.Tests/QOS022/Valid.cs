using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS022;

public class Valid
{
    [Fact]
    public Task Handles_that_came_or_may_have_come_from_QOSCreateHandle() => Run.Analyzer<DefaultHandleAnalyzer>(new[]
    {
        """
        using System;
        using Interop;

        class C
        {
            private IntPtr _handle;

            void M(IntPtr fromCaller, IntPtr s, uint id, bool create)
            {
                var version = new QOS_VERSION { MajorVersion = 1 };
                // QOSCreateHandle's own handle is an out parameter.
                _ = Qwave.QOSCreateHandle(ref version, out IntPtr created);
                _ = Qwave.QOSRemoveSocketFromFlow(created, s, id, 0);

                IntPtr handle = IntPtr.Zero;
                _ = Qwave.QOSCreateHandle(ref version, out handle);
                _ = Qwave.QOSCloseHandle(handle);

                IntPtr maybe = IntPtr.Zero;
                if (create)
                {
                    _ = Qwave.QOSCreateHandle(ref version, out maybe);
                }

                _ = Qwave.QOSCloseHandle(maybe);
                _ = Qwave.QOSCloseHandle(fromCaller);
                _ = Qwave.QOSCloseHandle(_handle);
                // Socket 0 is legal: it removes the whole flow.
                _ = Qwave.QOSRemoveSocketFromFlow(fromCaller, IntPtr.Zero, id, 0);
            }
        }
        """,
        Bindings.DllImportBool,
    });
}
