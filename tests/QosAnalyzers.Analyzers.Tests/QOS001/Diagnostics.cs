using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.ReservedFlagsAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS001;

public class Diagnostics
{
    [Fact]
    public Task Every_function_with_reserved_flags_is_checked() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id, IntPtr buffer, IntPtr address)
            {
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, {|#0:1|});
                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, buffer, {|#1:2|}, IntPtr.Zero);
                _ = Qwave.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, IntPtr.Zero, IntPtr.Zero, {|#2:3|}, IntPtr.Zero);
                _ = Qwave.QOSStartTrackingClient(h, address, {|#3:4|});
                _ = Qwave.QOSStopTrackingClient(h, address, {|#4:0x10|});
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("QOSRemoveSocketFromFlow", "Flags", "1"),
        Diagnostic().WithLocation(1).WithArguments("QOSSetFlow", "Flags", "2"),
        Diagnostic().WithLocation(2).WithArguments("QOSNotifyFlow", "Flags", "3"),
        Diagnostic().WithLocation(3).WithArguments("QOSStartTrackingClient", "Flags", "4"),
        Diagnostic().WithLocation(4).WithArguments("QOSStopTrackingClient", "Flags", "16"));

    [Fact]
    public Task Constants_enum_members_and_conversions_are_seen_through() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private const uint Local = 4;

            void M(IntPtr h, IntPtr s, uint id)
            {
                const int shifted = 1 << 3;
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, [|QosConstants.QOS_NON_ADAPTIVE_FLOW|]);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, [|(uint)QosFlags.Fresh|]);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, [|Local|]);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, [|shifted|]);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, [|(uint)(QosFlags.Fresh | QosFlags.NonAdaptive)|]);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, [|unchecked((uint)-1)|]);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task DllImport_int_with_EntryPoint_alias_and_constant_module_name() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using Interop;

        class C
        {
            int M(nint h, nint s, uint id, nint buffer)
            {
                int a = Native.SetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, buffer, {|#0:2|}, 0);
                return a + Native.RemoveSocket(h, s, id, {|#1:1|});
            }
        }
        """,
        Bindings.DllImportIntAlias,
        Diagnostic().WithLocation(0).WithArguments("QOSSetFlow", "Flags", "2"),
        Diagnostic().WithLocation(1).WithArguments("QOSRemoveSocketFromFlow", "Flags", "1"));

    [Fact]
    public Task LibraryImport_with_pointer_parameters() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using Interop;

        unsafe class C
        {
            bool M(nint h, uint id, uint* size, void* buffer)
            {
                return Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyAvailable, size, buffer, [|QosConstants.QOS_QUERYFLOW_FRESH|], null)
                    && Qos.QOSStartTrackingClient(h, buffer, [|2u|]);
            }
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task CsWin32_raw_extern_and_SafeHandle_friendly_overload() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using System.Runtime.InteropServices;
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        unsafe class C
        {
            void M(HANDLE raw, SafeHandle safe, uint id, uint value)
            {
                BOOL a = PInvoke.QOSSetFlow(raw, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, &value, [|1|], null);
                BOOL b = PInvoke.QOSSetFlow(safe, id, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, 4, &value, [|1|], null);
                BOOL c = PInvoke.QOSRemoveSocketFromFlow(safe, 0, id, [|2|]);
            }
        }
        """, Bindings.CsWin32);

    [Fact]
    public Task QwaveEntryPoint_marked_methods_positional_and_by_name() => Run.Analyzer<ReservedFlagsAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;

            class C
            {
                void M(QosFlowApi api, IntPtr h, IntPtr s, uint id, IntPtr address)
                {
                    _ = QosFlowApi.SetFlowRaw(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, [|1|], IntPtr.Zero);
                    _ = api.Remove(s, id, [|2|]);
                    _ = api.StartTracking(address, [|8|]);
                }
            }
            """,
            Bindings.EntryPointMarked,
        });

    [Fact]
    public Task Named_and_reordered_arguments_are_mapped_by_parameter() => Run.Analyzer<ReservedFlagsAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id, IntPtr buffer)
            {
                _ = Qwave.QOSSetFlow(Flags: 0, Size: 2, FlowId: 2, QOSHandle: h, Operation: QOS_SET_FLOW.QOSSetTrafficType, Buffer: buffer, Overlapped: IntPtr.Zero);
                _ = Qwave.QOSSetFlow({|#0:Flags: 2|}, Size: 0, FlowId: 0, QOSHandle: h, Operation: QOS_SET_FLOW.QOSSetTrafficType, Buffer: buffer, Overlapped: IntPtr.Zero);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, {|#1:Flags: 1|}, FlowId: id);
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("QOSSetFlow", "Flags", "2"),
        Diagnostic().WithLocation(1).WithArguments("QOSRemoveSocketFromFlow", "Flags", "1"));

    [Fact]
    public Task Nonzero_default_of_an_omitted_reserved_parameter_is_reported_on_the_call() => Run.Analyzer<ReservedFlagsAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Runtime.InteropServices;

            static class Wrapped
            {
                [DllImport("qwave", SetLastError = true)]
                public static extern bool QOSStopTrackingClient(IntPtr QOSHandle, IntPtr DestAddr, uint Flags = 1);
            }

            class C
            {
                void M(IntPtr h, IntPtr a) => _ = [|Wrapped.QOSStopTrackingClient(h, a)|];
            }
            """,
        });

    [Fact]
    public Task Attribute_and_binding_from_a_referenced_assembly()
    {
        var test = new QosAnalyzerTest(new ReservedFlagsAnalyzer()) { UsePackageApi = true };
        test.TestState.AdditionalReferences.Add(MetadataReferences.Compile("QosAnalyzers.Bindings", Bindings.EntryPointMarked, Bindings.DllImportIntAlias.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal)));
        test.TestState.Sources.Add("""
            using System;
            using Interop;

            class C
            {
                void M(QosFlowApi api, nint h, IntPtr s, uint id, nint buffer)
                {
                    _ = api.Remove(s, id, [|2|]);
                    _ = Native.SetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, buffer, [|1|], 0);
                }
            }
            """);
        return test.RunAsync();
    }
}
