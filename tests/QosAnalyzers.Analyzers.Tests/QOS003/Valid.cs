using System;
using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS003;

public class Valid
{
    [Fact]
    public Task Results_that_are_used() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using System.Threading.Tasks;
        using Interop;

        class C
        {
            bool M(IntPtr h, IntPtr s, uint id)
            {
                if (!Qwave.QOSRemoveSocketFromFlow(h, s, id, 0))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }

                bool ok = Qwave.QOSCloseHandle(h);
                Func<bool> later = () => Qwave.QOSCancel(h, IntPtr.Zero);
                Task<bool> run = Task.Run(() => Qwave.QOSCloseHandle(h));
                return ok && later() && Qwave.QOSStopTrackingClient(h, IntPtr.Zero, 0);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Deliberate_discard() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id)
            {
                // Best effort during cleanup: closing the handle removes the flow anyway.
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                _ = Qwave.QOSCloseHandle(h);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Same_names_in_other_modules() => Run.Analyzer<IgnoredResultAnalyzer>(
        new[]
        {
            """
            using System;
            using Elsewhere;

            class C
            {
                void M(IntPtr h, IntPtr s)
                {
                    Lookalike.QOSRemoveSocketFromFlow(h, s, 1, 0);
                    Lookalike.QOSCloseHandle(h);
                    Lookalike.QOSStartTrackingClient(h, s, 0);
                }
            }
            """,
            Bindings.DllImportBool,
            Bindings.OtherModules,
        });

    [Fact]
    public Task Void_wrappers_that_throw_themselves() => Run.Analyzer<IgnoredResultAnalyzer>(
        new[]
        {
            """
            using System;
            using QosAnalyzers;

            static class Checked
            {
                [QwaveEntryPoint("QOSCloseHandle")]
                public static void Close(IntPtr qosHandle) { }
            }

            class C
            {
                void M(IntPtr h) => Checked.Close(h);
            }
            """,
        });
}
