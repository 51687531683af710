using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.HandleUsedAfterCloseAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS008;

public class Diagnostics
{
    private static readonly string s_intAliasAndPointers =
        Bindings.DllImportIntAlias + "\n" + Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal);

    [Fact]
    public Task Remove_after_close() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id)
            {
                _ = {|#1:Qwave.QOSCloseHandle(h)|};
                _ = {|#0:Qwave.QOSRemoveSocketFromFlow(h, s, id, 0)|};
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("h", "is passed to QOSRemoveSocketFromFlow after it was closed"));

    [Fact]
    public Task Closed_twice_when_the_error_path_falls_through() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    Console.WriteLine("no QoS");
                    _ = {|#1:Qwave.QOSCloseHandle(h)|};
                }

                _ = {|#2:Qwave.QOSRemoveSocketFromFlow(h, s, id, 0)|};
                _ = {|#0:Qwave.QOSCloseHandle(h)|};
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(2).WithAdditionalLocations(1).WithArguments("h", "is passed to QOSRemoveSocketFromFlow after it was closed"),
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("h", "is closed again by QOSCloseHandle after it was already closed"));

    [Fact]
    public Task Close_inside_the_loop_reaches_the_next_iteration() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, uint[] flows)
            {
                foreach (uint id in flows)
                {
                    _ = [|Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, IntPtr.Zero)|];
                    _ = [|Qwave.QOSCloseHandle(h)|];
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Use_after_the_finally_that_closed() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id)
            {
                try
                {
                    Console.WriteLine("streaming");
                }
                finally
                {
                    _ = Qwave.QOSCloseHandle(h);
                }

                _ = [|Qwave.QOSRemoveSocketFromFlow(h, s, id, 0)|];
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Early_close_on_one_branch() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private IntPtr _handle;

            void M(uint id, bool shuttingDown)
            {
                if (shuttingDown)
                {
                    _ = Qwave.QOSCloseHandle(_handle);
                }
                else
                {
                    Console.WriteLine("still running");
                }

                _ = [|Qwave.QOSSetFlow(_handle, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, IntPtr.Zero)|];
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Int_results_EntryPoint_aliases_and_pointer_bindings() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void Aliased(nint h, uint id)
            {
                if (Native.CloseHandle(h) == 0)
                {
                    return;
                }

                _ = [|Native.SetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, 0, 0, 0)|];
            }

            void Pointers(nint h, NativeOverlapped* overlapped)
            {
                _ = Qos.QOSCloseHandle(QOSHandle: h);
                _ = [|Qos.QOSCancel(Overlapped: overlapped, QOSHandle: h)|];
            }
        }
        """, s_intAliasAndPointers);

    [Fact]
    public Task SafeHandle_overload_after_Dispose() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System.Runtime.InteropServices;
        using Interop;
        using Windows.Win32;

        unsafe class C
        {
            void M(SafeHandle session, uint id)
            {
                {|#1:session.Dispose()|};
                _ = {|#0:PInvoke.QOSRemoveSocketFromFlow(session, 0, id, 0)|};
            }
        }
        """,
        Bindings.CsWin32,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("session", "is passed to QOSRemoveSocketFromFlow after it was closed"));

    [Fact]
    public Task Manual_close_of_a_handle_a_SafeHandle_owns() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;
            using QosAnalyzers;
            using Windows.Win32;
            using Windows.Win32.Foundation;

            class C
            {
                void M(Func<QosHandle> open)
                {
                    using QosHandle session = open();
                    _ = {|#0:Qwave.QOSCloseHandle(session.DangerousGetHandle())|};
                }

                void CsWin32(QosHandle session)
                {
                    _ = [|PInvoke.QOSCloseHandle(new HANDLE(session.DangerousGetHandle()))|];
                }
            }
            """,
            Bindings.DllImportBool + "\n" + Bindings.CsWin32.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        },
        Diagnostic().WithLocation(0).WithArguments("session", "is closed by QOSCloseHandle while the SafeHandle that owns it will close it again"));

    [Fact]
    public Task QwaveEntryPoint_wrappers() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;

            class C
            {
                void M(IntPtr h, uint id)
                {
                    _ = QosFlowApi.Close(h);
                    _ = [|QosFlowApi.SetFlowRaw(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, IntPtr.Zero)|];
                }
            }
            """,
            Bindings.EntryPointMarked,
        });

    [Fact]
    public Task Inside_a_local_function_and_a_lambda() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr s)
            {
                Shutdown(IntPtr.Zero, 1);

                void Shutdown(IntPtr h, uint id)
                {
                    _ = Qwave.QOSCloseHandle(h);
                    _ = [|Qwave.QOSRemoveSocketFromFlow(h, s, id, 0)|];
                }

                Action<IntPtr> stop = h =>
                {
                    _ = Qwave.QOSCloseHandle(h);
                    _ = [|Qwave.QOSCloseHandle(h)|];
                };
                stop(IntPtr.Zero);
            }
        }
        """, Bindings.DllImportBool);
}
