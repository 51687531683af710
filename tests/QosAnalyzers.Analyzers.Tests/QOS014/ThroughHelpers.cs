using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS014;

/// <summary>Results handed to helpers: one that throws on FALSE, one that returns the BOOL it is given.</summary>
public class ThroughHelpers
{
    [Fact]
    public Task DllImport_result_handed_to_a_throwing_helper_or_tested_through_a_pass_through() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            void Notify(IntPtr h, uint id, IntPtr overlapped) =>
                Check([|Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|]);

            uint Query(IntPtr h, uint id, IntPtr overlapped)
            {
                uint size = 4;
                if (!Native.Succeeded([|Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryOutgoingRate, ref size, IntPtr.Zero, 0, overlapped)|]))
                {
                    throw new Win32Exception();
                }

                return size;
            }

            static void Check(bool ok)
            {
                if (!ok)
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }
            }
        }

        static class Native
        {
            public static bool Succeeded(bool ok) => ok;
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task LibraryImport_result_handed_to_a_throwing_helper() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void Notify(nint h, uint id, NativeOverlapped* overlapped) =>
                ThrowIfFailed([|Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped)|], "notify");

            static void ThrowIfFailed(bool ok, string what)
            {
                if (ok)
                {
                    return;
                }

                throw new InvalidOperationException(what + " failed");
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task CsWin32_BOOL_handed_to_a_throwing_helper() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Threading;
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        unsafe class C
        {
            void Set(HANDLE h, uint id, uint* rate, NativeOverlapped* overlapped) =>
                Check([|PInvoke.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 4, rate, 0, overlapped)|]);

            static void Check(BOOL result)
            {
                if (!result)
                {
                    throw new Win32Exception();
                }
            }
        }
        """, Bindings.CsWin32);

    [Fact]
    public Task Helpers_that_check_for_997_or_cannot_be_followed_are_silent() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            void PendingAware(IntPtr h, uint id, IntPtr overlapped) =>
                CheckPending(Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped));

            void Synchronous(IntPtr h, uint id) =>
                Check(Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, IntPtr.Zero));

            void Overridable(IntPtr h, uint id, IntPtr overlapped) =>
                Validate(Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped));

            void ComparedFirst(IntPtr h, uint id, IntPtr overlapped)
            {
                bool ok = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped);
                if (!ok && Marshal.GetLastWin32Error() == 997)
                {
                    return;
                }

                Check(ok);
            }

            void Logged(IntPtr h, uint id, IntPtr overlapped) =>
                Log(Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped));

            static void CheckPending(bool ok)
            {
                if (!ok && Marshal.GetLastWin32Error() != 997)
                {
                    throw new Win32Exception();
                }
            }

            static void Check(bool ok)
            {
                if (!ok)
                {
                    throw new Win32Exception();
                }
            }

            protected virtual void Validate(bool ok)
            {
                if (!ok)
                {
                    throw new Win32Exception();
                }
            }

            static void Log(bool ok) => Console.WriteLine(ok);
        }
        """, Bindings.DllImportBool);
}
