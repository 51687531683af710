using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.IoPendingTreatedAsFailureAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS014;

/// <summary>Failure handling other than a throw: a failure constant returned, a Win32Exception created.</summary>
public class FailureHandling
{
    [Fact]
    public Task Return_false_and_a_negative_code() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            bool ReturnsFalse(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!{|#0:Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped)|})
                {
                    Console.WriteLine("no priority");
                    return {|#1:false|};
                }

                return true;
            }

            int ReturnsMinusOne(IntPtr h, uint id, IntPtr overlapped)
            {
                bool queued = {|#2:Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|};
                if (queued == false)
                {
                    return {|#3:-1|};
                }

                return 0;
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("QOSSetFlow", "overlapped", "returns 'false'"),
        Diagnostic().WithLocation(2).WithAdditionalLocations(3).WithArguments("QOSNotifyFlow", "overlapped", "returns '-1'"));

    [Fact]
    public Task Win32Exception_handed_to_a_task() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Threading.Tasks;
        using Interop;

        class C
        {
            Task WhenCongested(IntPtr h, uint id, IntPtr overlapped, TaskCompletionSource completion)
            {
                if (!{|#0:Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|})
                {
                    completion.SetException({|#1:new Win32Exception()|});
                }

                return completion.Task;
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("QOSNotifyFlow", "overlapped", "creates a Win32Exception"));

    [Fact]
    public Task Win32Exception_kept_in_a_local_and_never_compared_with_997() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Threading.Tasks;
        using Interop;

        class C
        {
            Task WhenCongested(IntPtr h, uint id, IntPtr overlapped, TaskCompletionSource completion)
            {
                if (!{|#0:Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|})
                {
                    var error = {|#1:new Win32Exception()|};
                    if (error.NativeErrorCode != 0)
                    {
                        completion.SetException(error);
                    }
                }

                return completion.Task;
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("QOSNotifyFlow", "overlapped", "creates a Win32Exception"));

    [Fact]
    public Task In_loops_try_finally_else_branches_lambdas_and_local_functions() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using Interop;

        class C
        {
            bool Loop(IntPtr h, uint[] ids, IntPtr overlapped)
            {
                foreach (uint id in ids)
                {
                    if (![|Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped)|])
                    {
                        return false;
                    }
                }

                return true;
            }

            bool TryFinally(IntPtr h, uint id, IntPtr overlapped)
            {
                try
                {
                    if ([|Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped)|])
                    {
                        return true;
                    }
                    else
                    {
                        return false;
                    }
                }
                finally
                {
                    Console.WriteLine("done");
                }
            }

            void Functions(IntPtr h, uint id, IntPtr overlapped)
            {
                Func<bool> watch = () =>
                {
                    if (![|Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|])
                    {
                        return false;
                    }

                    return true;
                };
                _ = watch();
                _ = Set();

                int Set() => [|Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped)|] ? 0 : -1;
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Pending_checked_or_the_outcome_passed_on() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using System.Threading.Tasks;
        using Interop;

        class C
        {
            private const int ERROR_IO_PENDING = 997;

            bool Checked(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped))
                {
                    if (Marshal.GetLastWin32Error() == ERROR_IO_PENDING)
                    {
                        return true;
                    }

                    return false;
                }

                return true;
            }

            Task Checked(IntPtr h, uint id, IntPtr overlapped, TaskCompletionSource completion)
            {
                if (!Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped))
                {
                    int error = Marshal.GetLastPInvokeError();
                    if (error != ERROR_IO_PENDING)
                    {
                        completion.SetException(new Win32Exception(error));
                    }
                }

                return completion.Task;
            }

            bool ResultReturned(IntPtr h, uint id, IntPtr overlapped)
            {
                bool ok = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped);
                if (!ok)
                {
                    Console.WriteLine("queued or failed");
                    return ok;
                }

                return true;
            }

            int LastErrorReturned(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped))
                {
                    return Marshal.GetLastWin32Error();
                }

                return 0;
            }

            Task TaskReturned(IntPtr h, uint id, IntPtr overlapped, TaskCompletionSource completion)
            {
                if (!Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped))
                {
                    return completion.Task;
                }

                return Task.CompletedTask;
            }

            void BareReturn(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped))
                {
                    return;
                }

                Console.WriteLine("already congested");
            }

            bool NullOverlappedLocal(IntPtr h, uint id)
            {
                IntPtr overlapped = IntPtr.Zero;
                if (!Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped))
                {
                    throw new Win32Exception();
                }

                return false;
            }
        }
        """, Bindings.DllImportBool);
}
