using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS012;

public class Valid
{
    [Fact]
    public Task Tests_against_0_bool_results_and_other_integers() => Run.Analyzer<BoolComparedWithTrueAnalyzer>(new[]
    {
        """
        using System;
        using Interop;

        class C
        {
            bool M(nint h, nint s, uint id, IntPtr handle, int count, bool retry)
            {
                bool a = Native.CloseHandle(h) != 0;
                bool b = Native.RemoveSocket(h, s, id, 0) == 0;
                bool c = Native.Cancel(h, 0) is not 0;
                // bool results marshal the BOOL already; == true is fine.
                bool d = Qwave.QOSCloseHandle(handle) == true;
                // Other integers.
                bool e = count == 1;
                // Not only the call's result.
                int ok = Native.StartTracking(h, 0, 0);
                if (retry)
                {
                    ok = 1;
                }

                return a && b && c && d && e && ok == 1;
            }
        }
        """,
        Bindings.DllImportIntAlias,
        Bindings.DllImportBool.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
    });
}
