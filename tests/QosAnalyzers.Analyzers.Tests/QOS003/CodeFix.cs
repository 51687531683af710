using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.QOS003;

public class CodeFix
{
    [Fact]
    public Task Bool_result_throws_Win32Exception_and_adds_usings() => Run.CodeFix<IgnoredResultAnalyzer, IgnoredResultCodeFix>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id)
            {
                // Remove first: the docs' order.
                [|Qwave.QOSRemoveSocketFromFlow(h, s, id, 0)|];
                [|Qwave.QOSCloseHandle(h)|];
            }
        }
        """,
        Bindings.DllImportBool,
        """
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id)
            {
                // Remove first: the docs' order.
                if (!Qwave.QOSRemoveSocketFromFlow(h, s, id, 0))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
                if (!Qwave.QOSCloseHandle(h))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
            }
        }
        """);

    [Fact]
    public Task Int_result_is_compared_with_zero() => Run.CodeFix<IgnoredResultAnalyzer, IgnoredResultCodeFix>("""
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            void M(nint h)
            {
                [|Native.CloseHandle(h)|];
            }
        }
        """,
        Bindings.DllImportIntAlias,
        """
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            void M(nint h)
            {
                if (Native.CloseHandle(h) == 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
            }
        }
        """);

    [Fact]
    public Task Overlapped_call_tolerates_ERROR_IO_PENDING() => Run.CodeFix<IgnoredResultAnalyzer, IgnoredResultCodeFix>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id, NativeOverlapped* overlapped, int error)
            {
                [|Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped)|];
                // QOSCancel itself is synchronous: its OVERLAPPED names the operation to cancel.
                [|Qos.QOSCancel(h, overlapped)|];
            }
        }
        """,
        Bindings.LibraryImportPointers,
        """
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id, NativeOverlapped* overlapped, int error)
            {
                if (!Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped))
                {
                    int error1 = Marshal.GetLastPInvokeError();
                    if (error1 != 997) // ERROR_IO_PENDING: the operation completes through the OVERLAPPED
                    {
                        throw new Win32Exception(error1);
                    }
                }
                // QOSCancel itself is synchronous: its OVERLAPPED names the operation to cancel.
                if (!Qos.QOSCancel(h, overlapped))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
            }
        }
        """);

    [Fact]
    public Task CsWin32_BOOL_and_null_overlapped_is_synchronous() => Run.CodeFix<IgnoredResultAnalyzer, IgnoredResultCodeFix>("""
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;
        using Windows.Win32;

        unsafe class C
        {
            void M(SafeHandle h, uint id, uint dscp)
            {
                [|PInvoke.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, &dscp, 0, null)|];
            }
        }
        """,
        Bindings.CsWin32,
        """
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;
        using Windows.Win32;

        unsafe class C
        {
            void M(SafeHandle h, uint id, uint dscp)
            {
                if (!PInvoke.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, &dscp, 0, null))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_where_a_statement_cannot_become_an_if()
    {
        // An embedded statement or a null-conditional call is reported but left to the developer.
        var test = new QosCodeFixTest(new IgnoredResultCodeFix(), new IgnoredResultAnalyzer()) { UsePackageApi = true };
        const string Source = """
            using System;
            using Interop;

            class C
            {
                void M(IntPtr h, bool closing, QosFlowApi? api)
                {
                    if (closing) [|Qwave.QOSCloseHandle(h)|];
                    api?[|.Remove(IntPtr.Zero, 1)|];
                }
            }
            """;
        test.TestState.Sources.Add(Source);
        test.TestState.Sources.Add(Bindings.DllImportBool.Replace(Bindings.Types, Bindings.Types + "\n" + Bindings.EntryPointMarked.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal), System.StringComparison.Ordinal));
        test.FixedState.Sources.AddRange(test.TestState.Sources);
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_across_documents()
    {
        var test = new QosCodeFixTest(new IgnoredResultCodeFix(), new IgnoredResultAnalyzer()) { UsePackageApi = true };
        test.TestState.Sources.Add("""
            using System;
            using Interop;

            class A
            {
                void M(IntPtr h) => Close(h);

                static void Close(IntPtr h)
                {
                    [|Qwave.QOSCloseHandle(h)|];
                }
            }
            """);
        test.TestState.Sources.Add("""
            using System;
            using Interop;

            namespace Other;

            class B
            {
                void M(IntPtr h, IntPtr s, uint error)
                {
                    [|Qwave.QOSRemoveSocketFromFlow(h, s, error, 0)|];
                    [|Qwave.QOSCancel(h, IntPtr.Zero)|];
                }
            }
            """);
        test.TestState.Sources.Add(Bindings.DllImportBool);
        test.FixedState.Sources.Add("""
            using System;
            using System.ComponentModel;
            using System.Runtime.InteropServices;
            using Interop;

            class A
            {
                void M(IntPtr h) => Close(h);

                static void Close(IntPtr h)
                {
                    if (!Qwave.QOSCloseHandle(h))
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }
                }
            }
            """);
        test.FixedState.Sources.Add("""
            using System;
            using System.ComponentModel;
            using System.Runtime.InteropServices;
            using Interop;

            namespace Other;

            class B
            {
                void M(IntPtr h, IntPtr s, uint error)
                {
                    if (!Qwave.QOSRemoveSocketFromFlow(h, s, error, 0))
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }
                    if (!Qwave.QOSCancel(h, IntPtr.Zero))
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }
                }
            }
            """);
        test.FixedState.Sources.Add(Bindings.DllImportBool);
        return test.RunAsync();
    }
}
