using System.Linq;
using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS007;

public class Valid
{
    [Fact]
    public Task Version_1_0_and_versions_that_are_not_evident() => Run.Analyzer<VersionNotOnePointZeroAnalyzer>(new[]
    {
        """
        using System;
        using Interop;

        class C
        {
            private QOS_VERSION _field = new QOS_VERSION { MajorVersion = 2 };

            void M(QOS_VERSION fromCaller, bool old, Func<QOS_VERSION> make)
            {
                var one = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                _ = Qwave.QOSCreateHandle(ref one, out IntPtr a);

                var assigned = new QOS_VERSION();
                assigned.MajorVersion = 1;
                _ = Qwave.QOSCreateHandle(ref assigned, out IntPtr b);

                _ = Qwave.QOSCreateHandle(ref fromCaller, out IntPtr c);
                _ = Qwave.QOSCreateHandle(ref _field, out IntPtr d);

                // Written on one path only.
                var maybe = new QOS_VERSION { MajorVersion = 1 };
                if (old)
                {
                    maybe.MajorVersion = 2;
                }

                _ = Qwave.QOSCreateHandle(ref maybe, out IntPtr e);

                var made = make();
                _ = Qwave.QOSCreateHandle(ref made, out IntPtr f);

                // Written after the call: does not matter to it.
                var reused = new QOS_VERSION { MajorVersion = 1 };
                _ = Qwave.QOSCreateHandle(ref reused, out IntPtr g);
                reused.MajorVersion = 2;
            }
        }
        """,
        Bindings.DllImportBool,
    }.Concat(CanonicalDeclarations.RuntimeTypes()).ToArray());
}
