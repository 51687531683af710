using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;

namespace QosAnalyzers.Analyzers.Tests.QOS006;

public class CodeFix
{
    [Fact]
    public Task Resets_before_the_statement_or_in_a_new_block() => Run.CodeFix<FlowIdNotZeroAnalyzer, ResetFlowIdCodeFix>("""
        using System;
        using Interop;

        class C
        {
            private uint _flowId;

            void M(IntPtr h, IntPtr s, IntPtr[] destinations)
            {
                uint id = 0;
                foreach (IntPtr destination in destinations)
                {
                    // One flow per destination.
                    if (![|Qwave.QOSAddSocketToFlow(h, s, destination, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|])
                    {
                        throw new InvalidOperationException();
                    }
                }
            }

            void Embedded(IntPtr h, IntPtr[] sockets)
            {
                foreach (IntPtr s in sockets)
                    _ = [|Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref this._flowId)|];
            }
        }
        """,
        Bindings.DllImportBool,
        """
        using System;
        using Interop;

        class C
        {
            private uint _flowId;

            void M(IntPtr h, IntPtr s, IntPtr[] destinations)
            {
                uint id = 0;
                foreach (IntPtr destination in destinations)
                {
                    // One flow per destination.
                    id = 0;
                    if (!Qwave.QOSAddSocketToFlow(h, s, destination, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                    {
                        throw new InvalidOperationException();
                    }
                }
            }

            void Embedded(IntPtr h, IntPtr[] sockets)
            {
                foreach (IntPtr s in sockets)
                {
                    this._flowId = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref this._flowId);
                }
            }
        }
        """);

    [Fact]
    public Task Pointer_and_address_forms() => Run.CodeFix<FlowIdNotZeroAnalyzer, ResetFlowIdCodeFix>("""
        using System.Runtime.CompilerServices;
        using Interop;

        unsafe class C
        {
            [SkipLocalsInit]
            void M(nint h, nint s)
            {
                uint* id = stackalloc uint[1];
                _ = [|Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, id)|];
                uint other;
                _ = [|Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &other)|];
            }
        }
        """,
        Bindings.LibraryImportPointers,
        """
        using System.Runtime.CompilerServices;
        using Interop;

        unsafe class C
        {
            [SkipLocalsInit]
            void M(nint h, nint s)
            {
                uint* id = stackalloc uint[1];
                *id = 0;
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, id);
                uint other;
                other = 0;
                _ = Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &other);
            }
        }
        """);
}
