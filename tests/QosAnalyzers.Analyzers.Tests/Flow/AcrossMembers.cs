using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.Flow;

/// <summary>
/// The flow rules across the members of a type: a handle, flow ids and sockets in fields, the add in one
/// member and the teardown in another, split into private helpers called in some order.
/// </summary>
public class AcrossMembers
{
    // The voice channel of a typical client: added in Start, torn down in Dispose through helpers.
    private const string DllImportChannel = """
        using System;
        using System.Net.Sockets;
        using Interop;

        sealed class VoiceChannel : IDisposable
        {
            private readonly IntPtr _handle;
            private readonly Socket _socket;
            private uint _flowId;

            public VoiceChannel(IntPtr handle, Socket socket)
            {
                _handle = handle;
                _socket = socket;
            }

            public void Start()
            {
                if (!Qwave.QOSAddSocketToFlow(_handle, _socket.Handle, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref _flowId))
                {
                    throw new InvalidOperationException("no flow");
                }
            }

            public void Dispose()
            {
        TEARDOWN
            }

            private void ReleaseHandle() => Qwave.QOSCloseHandle(_handle);

            private void DetachFlows()
            {
                if (_flowId != 0)
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0);
                    _flowId = 0;
                }
            }

            private void CloseSocket() => _socket.Close();
        }
        """;

    private const string LibraryImportChannel = """
        using System;
        using System.Net.Sockets;
        using Interop;

        sealed unsafe class VoiceChannel : IDisposable
        {
            private readonly nint _handle;
            private readonly Socket _socket;
            private uint _flowId;

            public VoiceChannel(nint handle, Socket socket)
            {
                _handle = handle;
                _socket = socket;
            }

            public void Start()
            {
                uint id = 0;
                if (!Qos.QOSAddSocketToFlow(_handle, _socket.Handle, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, &id))
                {
                    throw new InvalidOperationException("no flow");
                }

                _flowId = id;
            }

            public void Dispose()
            {
        TEARDOWN
            }

            private void ReleaseHandle() => Qos.QOSCloseHandle(_handle);

            private void DetachFlows()
            {
                if (_flowId == 0)
                {
                    return;
                }

                _ = Qos.QOSRemoveSocketFromFlow(_handle, 0, _flowId, 0);
                _flowId = 0;
            }

            private void CloseSocket() => _socket.Dispose();
        }
        """;

    private const string CsWin32Channel = """
        using System;
        using System.Net.Sockets;
        using Interop;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        sealed unsafe class VoiceChannel : IDisposable
        {
            private readonly HANDLE _handle;
            private readonly Socket _socket;
            private uint _flowId;

            public VoiceChannel(HANDLE handle, Socket socket)
            {
                _handle = handle;
                _socket = socket;
            }

            public void Start()
            {
                uint id = 0;
                if (!PInvoke.QOSAddSocketToFlow(_handle, (nuint)_socket.Handle, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, &id))
                {
                    throw new InvalidOperationException("no flow");
                }

                _flowId = id;
            }

            public void Dispose()
            {
        TEARDOWN
            }

            private void ReleaseHandle() => PInvoke.QOSCloseHandle(_handle);

            private void DetachFlows()
            {
                if (_flowId != 0)
                {
                    _ = PInvoke.QOSRemoveSocketFromFlow(_handle, 0, _flowId, 0);
                    _flowId = 0;
                }
            }

            private void CloseSocket() => _socket.Close();
        }
        """;

    [Fact]
    public Task CsWin32_close_through_a_helper_before_the_removal() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(
        Channel(CsWin32Channel, """
                    [|ReleaseHandle()|];
                    DetachFlows();
            """),
        Bindings.CsWin32);

    [Fact]
    public Task CsWin32_removal_through_a_helper_after_the_close() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        Channel(CsWin32Channel, """
                    ReleaseHandle();
                    [|DetachFlows()|];
            """),
        Bindings.CsWin32);

    [Fact]
    public Task CsWin32_socket_closed_through_a_helper_before_the_removal() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(
        Channel(CsWin32Channel, """
                    [|CloseSocket()|];
                    DetachFlows();
                    ReleaseHandle();
            """),
        Bindings.CsWin32);

    [Theory]
    [InlineData("DetachFlows();\nReleaseHandle();\nCloseSocket();")]
    [InlineData("ReleaseHandle();")]
    public async Task CsWin32_teardown_in_order_is_silent(string teardown)
    {
        await Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(Channel(CsWin32Channel, teardown), Bindings.CsWin32);
        await Run.Analyzer<HandleUsedAfterCloseAnalyzer>(Channel(CsWin32Channel, teardown), Bindings.CsWin32);
        await Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(Channel(CsWin32Channel, teardown), Bindings.CsWin32);
    }

    // The add sits two private helpers away from the public member; the members in between only pass it on.
    [Fact]
    public Task Close_before_the_removal_of_a_flow_added_two_helpers_away() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(
        """
        using System;
        using Interop;

        sealed class VoiceChannel : IDisposable
        {
            private readonly IntPtr _handle;
            private readonly IntPtr _socket;
            private uint _flowId;

            public VoiceChannel(IntPtr handle, IntPtr socket)
            {
                _handle = handle;
                _socket = socket;
            }

            public void Start() => Attach(QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice);

            public void Query() => Check(_flowId != 0);

            private static void Check(bool ok)
            {
                if (!ok)
                {
                    throw new InvalidOperationException("no flow");
                }
            }

            private void Attach(QOS_TRAFFIC_TYPE type)
            {
                if (!AttachCore(type))
                {
                    throw new InvalidOperationException("no flow");
                }
            }

            private bool AttachCore(QOS_TRAFFIC_TYPE type) =>
                Qwave.QOSAddSocketToFlow(_handle, _socket, IntPtr.Zero, type, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref _flowId);

            public void Dispose()
            {
                [|Qwave.QOSCloseHandle(_handle)|];
                _ = Qwave.QOSRemoveSocketFromFlow(_handle, _socket, _flowId, 0);
            }
        }
        """,
        Bindings.DllImportBool);

    private static string Channel(string template, string teardown) => template.Replace("TEARDOWN", teardown, System.StringComparison.Ordinal);

    [Fact]
    public Task Close_through_a_helper_before_the_removal_through_another() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(
        Channel(DllImportChannel, """
                    [|ReleaseHandle()|];
                    DetachFlows();
            """),
        Bindings.DllImportBool);

    [Fact]
    public Task Close_through_a_helper_before_the_removal_LibraryImport() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(
        Channel(LibraryImportChannel, """
                    [|ReleaseHandle()|];
                    DetachFlows();
            """),
        Bindings.LibraryImportPointers);

    [Fact]
    public Task Removal_through_a_helper_after_the_close_uses_a_closed_handle() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        Channel(DllImportChannel, """
                    ReleaseHandle();
                    [|DetachFlows()|];
            """),
        Bindings.DllImportBool);

    [Fact]
    public Task Removal_after_a_direct_close_uses_a_closed_handle_LibraryImport() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        Channel(LibraryImportChannel, """
                    Qos.QOSCloseHandle(_handle);
                    [|DetachFlows()|];
            """),
        Bindings.LibraryImportPointers);

    [Fact]
    public Task Socket_closed_through_a_helper_before_the_removal() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(
        Channel(DllImportChannel, """
                    [|CloseSocket()|];
                    DetachFlows();
                    ReleaseHandle();
            """),
        Bindings.DllImportBool);

    [Fact]
    public Task Socket_closed_directly_before_the_removal_LibraryImport() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(
        Channel(LibraryImportChannel, """
                    [|_socket.Dispose()|];
                    DetachFlows();
                    ReleaseHandle();
            """),
        Bindings.LibraryImportPointers);

    [Theory]
    [InlineData("DetachFlows();\nReleaseHandle();\nCloseSocket();")]
    [InlineData("DetachFlows();\nCloseSocket();\nReleaseHandle();")]
    [InlineData("if (_flowId != 0) { DetachFlows(); }\nReleaseHandle();")]
    [InlineData("ReleaseHandle();")]
    [InlineData("CloseSocket();")]
    [InlineData("DetachFlows();")]
    public async Task Teardown_in_the_documented_order_or_partial_is_silent(string teardown)
    {
        await Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(Channel(DllImportChannel, teardown), Bindings.DllImportBool);
        await Run.Analyzer<HandleUsedAfterCloseAnalyzer>(Channel(DllImportChannel, teardown), Bindings.DllImportBool);
        await Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(Channel(DllImportChannel, teardown), Bindings.DllImportBool);
        await Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>(Channel(LibraryImportChannel, teardown), Bindings.LibraryImportPointers);
        await Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(Channel(LibraryImportChannel, teardown), Bindings.LibraryImportPointers);
    }

    [Fact]
    public Task Public_members_that_may_run_in_any_order_are_silent() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        sealed class Session
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Add(IntPtr socket) =>
                _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref _flowId);

            // Callers stop before they close; each member is right on its own.
            public void Stop()
            {
                _ = Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0);
                _flowId = 0;
            }

            public void Close() => Qwave.QOSCloseHandle(_handle);
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Helpers_that_may_do_anything_stay_opaque() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        class Channel
        {
            private IntPtr _handle;
            private uint _flowId;
            public Action<Channel>? Closing;

            public void Run(IntPtr socket)
            {
                _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);
                Notify();
                _ = Qwave.QOSCloseHandle(_handle);
            }

            public void Again(IntPtr socket)
            {
                _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);
                Overridable();
                _ = Qwave.QOSCloseHandle(_handle);
                _flowId = 0;
            }

            // Hands 'this' on: the receiver may remove the flow.
            private void Notify() => Closing?.Invoke(this);

            protected virtual void Overridable() { }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task A_helper_that_removes_before_the_close_in_the_same_member() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        sealed class Channel
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Once(IntPtr socket)
            {
                _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);
                Detach();
                _ = Qwave.QOSCloseHandle(_handle);
            }

            public void Forgot(IntPtr socket)
            {
                _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);
                Log("closing");
                _ = [|Qwave.QOSCloseHandle(_handle)|];
                _flowId = 0;
            }

            private void Detach()
            {
                _ = Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0);
                _flowId = 0;
            }

            private static void Log(string text) => Console.WriteLine(text);
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Helper_closing_a_handle_parameter_and_a_helper_adding_into_fields() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        sealed class Channel
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Run(IntPtr socket)
            {
                Attach(socket);
                [|Close(_handle)|];
                _flowId = 0;
            }

            private void Attach(IntPtr socket)
            {
                if (!Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId))
                {
                    throw new InvalidOperationException();
                }
            }

            private static void Close(IntPtr handle) => Qwave.QOSCloseHandle(handle);
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Field_flow_id_never_reset_rejoins_an_adaptive_flow_per_destination() => Run.Analyzer<FlowIdNotZeroAnalyzer>("""
        using System;
        using System.Net.Sockets;
        using Interop;

        sealed class Broadcaster
        {
            private readonly IntPtr _handle;
            private readonly Socket _socket;
            private uint _flowId;

            public Broadcaster(IntPtr handle, Socket socket)
            {
                _handle = handle;
                _socket = socket;
                _flowId = 0;
            }

            public void AddDestination(IntPtr destination)
            {
                if (!{|#0:Qwave.QOSAddSocketToFlow(_handle, _socket.Handle, destination, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, ref _flowId)|})
                {
                    throw new InvalidOperationException();
                }
            }
        }
        """,
        Bindings.DllImportBool,
        QosAnalyzers.Testing.AnalyzerVerifier<FlowIdNotZeroAnalyzer>.Diagnostic().WithLocation(0)
            .WithArguments("_flowId", "QOSAddSocketToFlow", "it still holds the id of the adaptive flow this call created on an earlier call, and no member of the type resets it to 0"));

    [Theory]
    [InlineData("if (_flowId == 0) { ADD }")]
    [InlineData("_flowId = 0; ADD")]
    public Task Field_flow_id_reset_or_tested_or_added_once_is_silent(string body) => Run.Analyzer<FlowIdNotZeroAnalyzer>($$"""
        using System;
        using Interop;

        sealed class Broadcaster
        {
            private IntPtr _handle;
            private IntPtr _socket;
            private uint _flowId;
            private uint _other;

            public void Per(IntPtr destination)
            {
                {{body.Replace("ADD", "_ = Qwave.QOSAddSocketToFlow(_handle, _socket, destination, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _flowId);", System.StringComparison.Ordinal)}}
            }

            // Called once: its socket and destination are the object's own.
            public void Start() => _ = Qwave.QOSAddSocketToFlow(_handle, _socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref _other);

            // A non-adaptive flow takes more sockets: joining it on purpose.
            public void Join(IntPtr socket) => _ = Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref _other);
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Helpers_calling_helpers_are_followed_and_reported_once() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using Interop;

        sealed class Channel : IDisposable
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Start(IntPtr socket)
            {
                if (!Qwave.QOSAddSocketToFlow(_handle, socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, ref _flowId))
                {
                    throw new InvalidOperationException();
                }
            }

            public void Dispose() => Teardown();

            private void Teardown()
            {
                [|Shutdown()|];
                Detach();
            }

            private void Shutdown() => Close();

            private void Close() => Qwave.QOSCloseHandle(_handle);

            private void Detach()
            {
                _ = Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0);
                _flowId = 0;
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Helper_that_waits_drains_the_pending_operation() => Run.Analyzer<HandleClosedWithActiveFlowAnalyzer>("""
        using System;
        using System.Threading;
        using Interop;

        sealed unsafe class Watcher
        {
            private readonly ManualResetEvent _done = new ManualResetEvent(false);

            public void Watch(nint h, uint flowId, NativeOverlapped* overlapped)
            {
                _ = Qos.QOSNotifyFlow(h, flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                Settle();
                _ = Qos.QOSCloseHandle(h);
            }

            public void Forget(nint h, uint flowId, NativeOverlapped* overlapped)
            {
                _ = Qos.QOSNotifyFlow(h, flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped);
                Log();
                _ = [|Qos.QOSCloseHandle(h)|];
            }

            private void Settle() => _done.WaitOne();

            private static void Log() => Console.WriteLine("closing");
        }
        """, Bindings.LibraryImportPointers);
}
