using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS001;

public class Valid
{
    [Fact]
    public Task Zero_in_every_spelling() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id, IntPtr buffer, IntPtr address)
            {
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, buffer, default, IntPtr.Zero);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, (uint)QosFlags.None, IntPtr.Zero);
                _ = Qwave.QOSStartTrackingClient(h, address, 0u);
                _ = Qwave.QOSStopTrackingClient(h, address, 1 - 1);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Legal_flags_of_the_non_reserved_parameters() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr buffer)
            {
                uint id = 0, size = 40;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                _ = Qwave.QOSQueryFlow(h, id, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, ref size, buffer, QosConstants.QOS_QUERYFLOW_FRESH, IntPtr.Zero);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Flags_not_known_at_compile_time() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private uint _flags;

            void M(IntPtr h, IntPtr s, uint id, uint flags)
            {
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, flags);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, _flags);
                uint local = 2;
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, local);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Same_names_in_other_modules_are_not_qwave() => Run.Analyzer<ReservedFlagsAnalyzer>(
        new[]
        {
            """
            using System;
            using Elsewhere;
            using Interop;

            class C
            {
                void M(IntPtr h, IntPtr s, uint id)
                {
                    _ = Lookalike.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 2, IntPtr.Zero);
                    _ = Lookalike.QOSRemoveSocketFromFlow(h, s, id, 1);
                    _ = Lookalike.QOSStartTrackingClient(h, IntPtr.Zero, 1);
                }
            }
            """,
            Bindings.DllImportBool,
            Bindings.OtherModules,
        });

    [Fact]
    public Task CsWin32_friendly_overload_without_the_reserved_parameter() => Run.Analyzer<ReservedFlagsAnalyzer>(
        new[]
        {
            """
            namespace Windows.Win32
            {
                using System.Runtime.InteropServices;

                public static partial class PInvoke
                {
                    // A friendly overload that drops the reserved Flags: nothing to check.
                    public static bool QOSStartTrackingClient(SafeHandle QOSHandle, System.Net.IPAddress DestAddr) => QOSHandle is not null && DestAddr is not null;
                }
            }

            class C
            {
                void M(System.Runtime.InteropServices.SafeHandle h, System.Net.IPAddress a) => _ = Windows.Win32.PInvoke.QOSStartTrackingClient(h, a);
            }
            """,
        });
}
