using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS012;

public class CodeFix
{
    [Fact]
    public Task Comparisons_with_1_become_tests_against_0() => Run.CodeFix<BoolComparedWithTrueAnalyzer, BoolComparedWithTrueCodeFix>("""
        using Interop;

        class C
        {
            private const int TRUE = 1;

            bool M(nint h, nint s, uint id, nint overlapped)
            {
                bool closed = [|Native.CloseHandle(h) == 1|];
                bool failed = [|Native.RemoveSocket(h, s, id, 0) != TRUE|];
                bool cancelled = [|1 == Native.Cancel(h, overlapped)|];
                bool tracked = [|Native.StartTracking(h, 0, 0) is 1|];
                return closed && failed && cancelled && tracked && [|Native.StopTracking(h, 0, 0) is not 1|];
            }
        }
        """,
        Bindings.DllImportIntAlias,
        """
        using Interop;

        class C
        {
            private const int TRUE = 1;

            bool M(nint h, nint s, uint id, nint overlapped)
            {
                bool closed = Native.CloseHandle(h) != 0;
                bool failed = Native.RemoveSocket(h, s, id, 0) == 0;
                bool cancelled = 0 != Native.Cancel(h, overlapped);
                bool tracked = Native.StartTracking(h, 0, 0) is not 0;
                return closed && failed && cancelled && tracked && Native.StopTracking(h, 0, 0) is 0;
            }
        }
        """);
}
