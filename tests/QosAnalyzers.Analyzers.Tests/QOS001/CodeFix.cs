using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS001;

public class CodeFix
{
    [Fact]
    public Task Replaces_the_flags_with_zero() => Run.CodeFix<ReservedFlagsAnalyzer, ReservedFlagsCodeFix>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id, IntPtr buffer)
            {
                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, buffer, [|QosConstants.QOS_NON_ADAPTIVE_FLOW|], IntPtr.Zero);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, [|Flags: 1|] /* why not */);
            }
        }
        """,
        Bindings.DllImportBool,
        """
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, uint id, IntPtr buffer)
            {
                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, buffer, 0, IntPtr.Zero);
                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, Flags: 0 /* why not */);
            }
        }
        """);

    [Fact]
    public Task Fix_all_across_binding_styles() => Run.CodeFix<ReservedFlagsAnalyzer, ReservedFlagsCodeFix>("""
        using Interop;

        class C
        {
            int M(nint h, nint s, uint id, nint buffer)
            {
                int a = Native.SetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, buffer, [|2|], 0);
                int b = Native.RemoveSocket(h, s, id, [|(uint)QosFlags.Fresh|]);
                int c = Native.StartTracking(h, 0, [|reserved: 4|]);
                return a + b + c + Native.StopTracking(h, 0, [|8|]);
            }
        }
        """,
        Bindings.DllImportIntAlias,
        """
        using Interop;

        class C
        {
            int M(nint h, nint s, uint id, nint buffer)
            {
                int a = Native.SetFlow(h, id, QOS_SET_FLOW.QOSSetOutgoingRate, 16, buffer, 0, 0);
                int b = Native.RemoveSocket(h, s, id, 0);
                int c = Native.StartTracking(h, 0, reserved: 0);
                return a + b + c + Native.StopTracking(h, 0, 0);
            }
        }
        """);
}
