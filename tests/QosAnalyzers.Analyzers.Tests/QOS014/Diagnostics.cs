using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.IoPendingTreatedAsFailureAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS014;

public class Diagnostics
{
    [Fact]
    public Task Throw_on_false_from_an_overlapped_notify() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using Interop;

        class C
        {
            void M(IntPtr h, uint id, IntPtr overlapped)
            {
                if (!{|#0:Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|})
                {
                    throw {|#1:new Win32Exception()|};
                }
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("QOSNotifyFlow", "overlapped", "throws"));

    [Fact]
    public Task Result_in_a_local_and_other_codes_checked() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Interop;

        class C
        {
            void Local(IntPtr h, uint id, IntPtr buffer, IntPtr overlapped)
            {
                bool ok = [|Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, buffer, 0, overlapped)|];
                if (!ok)
                {
                    int error = Marshal.GetLastWin32Error();
                    throw new Win32Exception(error);
                }
            }

            void OtherCode(IntPtr h, uint id, IntPtr buffer, IntPtr overlapped)
            {
                uint size = 40;
                if (![|Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref size, buffer, 0, overlapped)|])
                {
                    if (Marshal.GetLastPInvokeError() == 1168)
                    {
                        return;
                    }

                    throw new InvalidOperationException("query failed");
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Int_results_pointers_and_a_conditional_throw() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using System.IO;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void Aliased(nint h, uint id, nint overlapped)
            {
                if ([|Native.NotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyUncongested, 0, 0, 0, overlapped)|] == 0)
                {
                    throw new IOException();
                }
            }

            void Pointers(nint h, uint id, NativeOverlapped* overlapped)
            {
                uint type = 4;
                if (![|Qos.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, &type, 0, overlapped)|])
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
            }

            int Conditional(nint h, uint id, NativeOverlapped* overlapped) =>
                [|Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped)|] ? 1 : throw new IOException();
        }
        """, Bindings.DllImportIntAlias + "\n" + Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal));

    [Fact]
    public Task In_a_lambda_and_a_local_function() => Run.Analyzer<IoPendingTreatedAsFailureAnalyzer>("""
        using System;
        using System.ComponentModel;
        using Interop;

        class C
        {
            void M(IntPtr h, uint id, IntPtr overlapped)
            {
                Action watch = () =>
                {
                    if (![|Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, 0, overlapped)|])
                    {
                        throw new Win32Exception();
                    }
                };
                watch();
                Set();

                void Set()
                {
                    if (![|Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, overlapped)|])
                    {
                        throw new Win32Exception();
                    }
                }
            }
        }
        """, Bindings.DllImportBool);
}
