using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.HandleClosedWithActiveFlowAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS002;

public class Diagnostics
{
    [Fact]
    public Task Close_after_add_without_remove() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                _ = {|#1:Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id)|};
                _ = {|#0:Qwave.QOSCloseHandle(h)|};
            }
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("h", "the flow 'id' added on it by QOSAddSocketToFlow may not have been removed"));

    [Fact]
    public Task Failed_add_is_not_a_flow_but_the_successful_path_is() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    _ = Qwave.QOSCloseHandle(h);
                    return;
                }

                Console.WriteLine("sending");
                _ = [|Qwave.QOSCloseHandle(h)|];
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Remove_on_one_branch_only() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, bool tidy)
            {
                uint id = 0;
                bool ok = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                if (!ok)
                {
                    throw new InvalidOperationException();
                }

                if (tidy)
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                }

                _ = [|Qwave.QOSCloseHandle(h)|];
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Early_return_path_closes_first() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s, bool cancelled)
            {
                uint id = 0;
                _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                if (cancelled)
                {
                    _ = [|Qwave.QOSCloseHandle(h)|];
                    return;
                }

                _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                _ = Qwave.QOSCloseHandle(h);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Flows_added_in_a_loop() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr[] sockets)
            {
                uint id = 0;
                foreach (IntPtr s in sockets)
                {
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref id);
                }

                _ = [|Qwave.QOSCloseHandle(h)|];
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Close_in_finally_after_add_in_try() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
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
                }
                finally
                {
                    _ = [|Qwave.QOSCloseHandle(h)|];
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Pending_overlapped_operation() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System.Threading;
        using Interop;

        unsafe class C
        {
            void M(nint h, uint id, NativeOverlapped* overlapped)
            {
                _ = {|#1:Qos.QOSNotifyFlow(h, id, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped)|};
                _ = {|#0:Qos.QOSCloseHandle(h)|};
            }
        }
        """,
        Bindings.LibraryImportPointers,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("h", "the overlapped QOSNotifyFlow on it may still be pending"));

    [Fact]
    public Task Int_results_EntryPoint_alias_and_pointer_flow_id() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using Interop;

        unsafe class C
        {
            void M(nint h, nint s)
            {
                uint id = 0;
                if (Native.AddSocket(h, s, 0, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, ref id) == 0)
                {
                    _ = Native.CloseHandle(h);
                    return;
                }

                _ = [|Native.CloseHandle(handle: h)|];
            }

            void P(nint h, nint s)
            {
                uint id = 0;
                _ = Qos.QOSAddSocketToFlow(FlowId: &id, Flags: 0, TrafficType: QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, DestAddr: null, Socket: s, QOSHandle: h);
                _ = [|Qos.QOSCloseHandle(h)|];
            }
        }
        """, Bindings.DllImportIntAlias + "\n" + Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal));

    [Fact]
    public Task SafeHandle_disposed_while_its_flow_is_active() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System.Runtime.InteropServices;
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        unsafe class C
        {
            void M(SafeHandle session, nuint s)
            {
                uint id = 0;
                BOOL added = PInvoke.QOSAddSocketToFlow(new HANDLE(session.DangerousGetHandle()), s, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, &id);
                if (!added)
                {
                    return;
                }

                [|session.Dispose()|];
            }
        }
        """, Bindings.CsWin32);

    [Fact]
    public Task QwaveEntryPoint_close() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;

            class C
            {
                void M(IntPtr h, IntPtr s)
                {
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    _ = [|QosFlowApi.Close(h)|];
                }
            }
            """,
            Bindings.DllImportBool + "\n" + Bindings.EntryPointMarked.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal),
        });

    [Fact]
    public Task Handle_field_closed_in_Dispose_while_flows_are_never_removed() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        sealed class Streamer : IDisposable
        {
            private readonly IntPtr _handle;
            private uint _flowId;

            public Streamer(IntPtr handle) => _handle = handle;

            public void Start(IntPtr socket)
            {
                if (!{|#1:Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId)|})
                {
                    throw new InvalidOperationException();
                }
            }

            public void Dispose() => _ = {|#0:Qwave.QOSCloseHandle(_handle)|};
        }
        """,
        Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("_handle", "the flows this type adds on it with QOSAddSocketToFlow are never removed"));

    [Fact]
    public Task Handle_wrapper_disposed_by_using() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;
            using QosAnalyzers;

            class C
            {
                void M(Func<QosHandle> open, IntPtr s)
                {
                    using QosHandle [|session = open()|];
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(session.DangerousGetHandle(), s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                }

                void Block(Func<QosHandle> open, IntPtr s)
                {
                    // Reported on the declaration: the implicit Dispose at the end of the using closes the handle.
                    using (QosHandle [|session = open()|])
                    {
                        uint id = 0;
                        _ = Qwave.QOSAddSocketToFlow(session.DangerousGetHandle(), s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    }
                }

                void Removed(Func<QosHandle> open, IntPtr s)
                {
                    using QosHandle session = open();
                    uint id = 0;
                    _ = Qwave.QOSAddSocketToFlow(session.DangerousGetHandle(), s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id);
                    _ = Qwave.QOSRemoveSocketFromFlow(session.DangerousGetHandle(), s, id, 0);
                }
            }
            """,
            Bindings.DllImportBool,
        });

    [Fact]
    public Task SafeHandle_field_disposed_while_the_type_never_removes_its_flows() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(
        new[]
        {
            """
            using System;
            using Interop;
            using QosAnalyzers;

            sealed class Streamer : IDisposable
            {
                private readonly QosHandle _session;
                private uint _flowId;

                public Streamer(QosHandle session) => _session = session;

                public bool Start(IntPtr socket) =>
                    {|#1:Qwave.QOSAddSocketToFlow(_session.DangerousGetHandle(), socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId)|};

                public void Dispose() => {|#0:_session.Dispose()|};
            }
            """,
            Bindings.DllImportBool,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("_session", "the flows this type adds on it with QOSAddSocketToFlow are never removed"));
}
