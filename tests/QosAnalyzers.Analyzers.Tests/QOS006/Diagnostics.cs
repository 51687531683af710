using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.FlowIdNotZeroAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS006;

public class Diagnostics
{
    private const string Iteration = "it still holds the id of the adaptive flow this call created on an earlier iteration";

    [Fact]
    public Task Adaptive_add_in_a_loop_reuses_the_previous_id() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, IntPtr[] destinations)
            {
                uint id = 0;
                foreach (IntPtr destination in destinations)
                {
                    if (!{|#0:Qwave.QOSAddSocketToFlow(h, s, destination, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|})
                    {
                        throw new InvalidOperationException();
                    }
                }
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("id", "QOSAddSocketToFlow", Iteration));

    [Fact]
    public Task Nonzero_constant() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint {|#1:id = 7|};
                _ = {|#0:Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id)|};
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("id", "QOSAddSocketToFlow", "it holds 7"));

    [Fact]
    public Task Id_of_a_removed_flow_reused_for_the_next_add() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr first, IntPtr second)
            {
                uint id = 0;
                if (!{|#1:Qwave.QOSAddSocketToFlow(h, first, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|})
                {
                    return;
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, first, id, 0);
                _ = {|#0:Qwave.QOSAddSocketToFlow(h, second, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|};
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("id", "QOSAddSocketToFlow", "it still holds the id of a flow that QOSRemoveSocketFromFlow removed"));

    [Fact]
    public Task Remove_in_finally_inside_a_loop() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, int rounds)
            {
                uint id = 0;
                for (int i = 0; i < rounds; i++)
                {
                    try
                    {
                        _ = [|Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id)|];
                        Console.WriteLine("round");
                    }
                    finally
                    {
                        _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
                    }
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Field_reused_across_iterations() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private IntPtr _handle;
            private uint _flowId;

            void M(IntPtr[] sockets)
            {
                int i = 0;
                while (i < sockets.Length)
                {
                    if (sockets[i] == IntPtr.Zero)
                    {
                        i++;
                        continue;
                    }

                    _ = {|#0:Qwave.QOSAddSocketToFlow(_handle, sockets[i], IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, ref _flowId)|};
                    i++;
                }
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("_flowId", "QOSAddSocketToFlow", Iteration));

    [Fact]
    public Task Uninitialized_under_SkipLocalsInit_pointer_forms() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System.Runtime.CompilerServices;
        using Interop;

        unsafe class C
        {
            [SkipLocalsInit]
            void Address(nint h, nint s)
            {
                uint id;
                _ = {|#0:Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id)|};
            }

            [SkipLocalsInit]
            void Stackalloc(nint h, nint s)
            {
                uint* id = stackalloc uint[1];
                _ = {|#1:Qos.QOSAddSocketToFlow(h, s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, id)|};
            }
        }
        """,
        Bindings.LibraryImportPointers,
        Diagnostic().WithLocation(0).WithArguments("id", "QOSAddSocketToFlow", "nothing writes it before the call and [SkipLocalsInit] leaves it holding whatever was on the stack"),
        Diagnostic().WithLocation(1).WithArguments("id", "QOSAddSocketToFlow", "nothing writes it before the call and [SkipLocalsInit] leaves it holding whatever was on the stack"));

    [Fact]
    public Task SkipLocalsInit_on_the_module_and_CsWin32_binding() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        [module: System.Runtime.CompilerServices.SkipLocalsInit]

        unsafe class C
        {
            void M(nint h, nuint s)
            {
                uint id;
                _ = [|PInvoke.QOSAddSocketToFlow(new HANDLE(h), s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id)|];
            }
        }
        """, Bindings.CsWin32);

    [Fact]
    public Task EntryPoint_alias_in_a_do_loop_and_a_local_function() => Run.Analyzer<FlowIdNotZeroAnalyzer>(
        new[]
        {
            """
            using Interop;

            class C
            {
                void M(nint h, nint[] sockets)
                {
                    uint flow = 0;
                    int i = 0;
                    do
                    {
                        _ = [|Native.AddSocket(h, sockets[i], 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref flow)|];
                        i++;
                    }
                    while (i < sockets.Length);

                    AddAll(sockets);

                    void AddAll(nint[] all)
                    {
                        uint id = 0;
                        foreach (nint s in all)
                        {
                            _ = [|Native.AddSocket(h, s, 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id)|];
                        }
                    }
                }
            }
            """,
            Bindings.DllImportIntAlias,
        });
}
