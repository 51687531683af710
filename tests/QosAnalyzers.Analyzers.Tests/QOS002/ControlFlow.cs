using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS002;

/// <summary>The data-flow engine on the shapes of control flow it must follow.</summary>
public class ControlFlow
{
    [Fact]
    public Task Switch_sections_and_loops_with_break() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, int mode)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                switch (mode)
                {
                    case 0:
                        _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                        break;
                    case 1:
                        while (true)
                        {
                            if (Console.ReadLine() == "stop")
                            {
                                break;
                            }
                        }

                        break;
                    default:
                        _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                        return;
                }

                _ = [|Qwave.QOSCloseHandle(h)|];
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Nested_finally_releases_before_the_outer_close() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                try
                {
                    uint id = 0;
                    try
                    {
                        _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                        Console.WriteLine("streaming");
                    }
                    finally
                    {
                        _ = Qwave.QOSRemoveSocketFromFlow(h, IntPtr.Zero, id, 0);
                    }
                }
                finally
                {
                    _ = Qwave.QOSCloseHandle(h);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Catch_is_entered_as_if_the_try_had_not_run() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                try
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    Console.WriteLine("streaming");
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                }
                catch (InvalidOperationException)
                {
                    // Closing removes the flow if the add got that far; not an ordering mistake to flag.
                    _ = Qwave.QOSCloseHandle(h);
                    throw;
                }

                _ = Qwave.QOSCloseHandle(h);
            }

            void Before(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                try
                {
                    Console.WriteLine("streaming");
                }
                catch (InvalidOperationException)
                {
                    _ = [|Qwave.QOSCloseHandle(h)|];
                    throw;
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                _ = Qwave.QOSCloseHandle(h);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Async_method_and_result_copied_between_locals() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using System.Threading.Tasks;
        using Interop;

        class C
        {
            async Task M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                bool added = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                bool ok = added;
                if (!ok)
                {
                    _ = Qwave.QOSCloseHandle(h);
                    return;
                }

                await Task.Delay(10);
                _ = [|Qwave.QOSCloseHandle(h)|];
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Handle_field_in_one_method() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private IntPtr _handle;
            private uint _flow;

            void Restart(IntPtr s)
            {
                _ = Qwave.QOSAddSocketToFlow(_handle, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flow);
                _ = [|Qwave.QOSCloseHandle(_handle)|];
            }

            void Tidy(IntPtr s)
            {
                _ = Qwave.QOSAddSocketToFlow(_handle, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flow);
                Log();
                _ = Qwave.QOSCloseHandle(_handle);
            }

            // May do anything with the fields, including removing the flow.
            protected virtual void Log() { }
        }
        """, Bindings.DllImportBool);
}
