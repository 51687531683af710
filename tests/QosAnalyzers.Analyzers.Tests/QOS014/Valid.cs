using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS014;

public class Valid
{
    [Fact]
    public Task Pending_is_checked_before_throwing() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            private const int ERROR_IO_PENDING = 997;

            void Inline(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)
                    && Marshal.GetLastPInvokeError() != ERROR_IO_PENDING)
                {
                    throw new Win32Exception();
                }
            }

            void Local(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped))
                {
                    int error = Marshal.GetLastWin32Error();
                    if (error != ERROR_IO_PENDING)
                    {
                        throw new Win32Exception(error);
                    }
                }
            }

            void ExceptionExaminedFirst(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped))
                {
                    Win32Exception error = new Win32Exception();
                    if (error.NativeErrorCode != ERROR_IO_PENDING)
                    {
                        throw error;
                    }
                }
            }

            void TargetTypedExceptionExaminedFirst(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped))
                {
                    Win32Exception error = new();
                    if (error.NativeErrorCode is not ERROR_IO_PENDING)
                    {
                        throw error;
                    }
                }
            }

            void Switch(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped))
                {
                    switch (Marshal.GetLastSystemError())
                    {
                        case 997:
                            return;
                        default:
                            throw new Win32Exception();
                    }
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Synchronous_calls_and_other_handling() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            void Synchronous(IntPtr h, uint id)
            {
                if (!Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, IntPtr.Zero))
                {
                    throw new Win32Exception();
                }
            }

            void Helper(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped))
                {
                    ThrowUnlessPending(Marshal.GetLastWin32Error());
                    throw new InvalidOperationException("unreachable when pending");
                }
            }

            void ThrowElsewhere(IntPtr h, uint id, IntPtr overlapped, bool invalid)
            {
                if (!Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped))
                {
                    Console.WriteLine("queued or failed");
                }

                if (invalid)
                {
                    throw new ArgumentException("invalid");
                }
            }

            static void ThrowUnlessPending(int error)
            {
                if (error != 997)
                {
                    throw new Win32Exception(error);
                }
            }
        }
        """, Bindings.DllImportBool);
}
