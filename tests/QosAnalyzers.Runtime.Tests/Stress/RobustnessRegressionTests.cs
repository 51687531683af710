using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Interop;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests.Stress;

/// <summary>Defects found while hardening the runtime, each pinned by the scenario that exposed it.</summary>
public sealed class RobustnessRegressionTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(2);

    [Fact]
    public unsafe void A_completion_callback_that_throws_does_not_stop_later_completions()
    {
        using var raw = new RawQwave();
        using Socket a = Sockets.Udp4();
        using Socket b = Sockets.Udp4();
        uint first = raw.NewFlow(a);
        uint second = raw.NewFlow(b);
        NativeOverlapped* throwing = raw.Binding.AllocateNativeOverlapped((_, _, _) => throw new InvalidOperationException("callback failure"));
        using PendingOverlapped observed = raw.Overlapped();
        Assert.Equal(0, raw.Notify(first, QOS_NOTIFY_FLOW.QOSNotifyCongested, throwing));
        Assert.Equal(0, raw.Notify(second, QOS_NOTIFY_FLOW.QOSNotifyCongested, observed));

        raw.Simulator.IsCongested = true;

        // Delivered in order: the throwing callback first, then this one, on the same delivery thread.
        Bounded.Until(() => observed.Completion.IsCompleted, "the second completion is delivered");
        Assert.True(observed.Completion.IsCompletedSuccessfully);
        Assert.Equal(1, raw.Simulator.CallbackFailures);
        raw.Binding.FreeNativeOverlapped(throwing);
    }

    [Fact]
    public unsafe void Freeing_an_OVERLAPPED_twice_or_while_pending_is_refused_instead_of_corrupting_memory()
    {
        using var raw = new RawQwave();
        using Socket a = Sockets.Udp4();
        uint flow = raw.NewFlow(a);
        NativeOverlapped* overlapped = raw.Binding.AllocateNativeOverlapped((_, _, _) => { });
        Assert.Equal(0, raw.Notify(flow, QOS_NOTIFY_FLOW.QOSNotifyCongested, overlapped));

        var pending = Assert.Throws<InvalidOperationException>(() => raw.Binding.FreeNativeOverlapped(overlapped));
        Assert.Contains("still pending", pending.Message, StringComparison.Ordinal);

        Assert.Equal(1, raw.Simulator.QOSCancel(raw.Handle, overlapped));
        Bounded.Until(() => raw.Simulator.PendingOperationCount == 0, "the cancel completes");
        raw.Binding.FreeNativeOverlapped(overlapped);
        var twice = Assert.Throws<InvalidOperationException>(() => raw.Binding.FreeNativeOverlapped(overlapped));
        Assert.Contains("already been freed", twice.Message, StringComparison.Ordinal);
        Assert.Equal(0, raw.Simulator.LiveOverlappedCount);
    }

    [Fact]
    public async Task A_token_cancel_that_qWAVE_refuses_still_ends_the_task_and_frees_memory_at_close()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId flow = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
        using var cts = new CancellationTokenSource();
        Task never = session.WhenAvailableAsync(flow, 10_000_000_000_000, cts.Token);
        sim.InjectError("QOSCancel", ERROR_NETWORK_BUSY);

        cts.Cancel();

        // The caller stops waiting at once, though qWAVE still holds the OVERLAPPED.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => never.WaitAsync(Quick));
        Assert.Equal(1, sim.PendingOperationCount);
        Assert.Equal(1, session.LiveRequestBlocks);

        Stopwatch clock = Stopwatch.StartNew();
        session.Dispose();
        Assert.True(clock.Elapsed < Quick, $"Dispose waited {clock.Elapsed} for a request whose cancel was refused");

        // The close aborted it; its memory and the binding are released when that completion arrives.
        Bounded.Until(() => session.LiveRequestBlocks == 0 && sim.LiveOverlappedCount == 0 && session.IsBindingReleased, "the aborted request is freed");
        Assert.Equal(0, session.CompletionFaults);
    }

    [Fact]
    public async Task Dispose_does_not_wait_out_a_cancel_that_qWAVE_refuses()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId flow = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
        Task congested = session.WhenCongestedAsync(flow);
        sim.InjectError("QOSCancel", ERROR_NETWORK_BUSY);

        Stopwatch clock = Stopwatch.StartNew();
        await session.DisposeAsync().AsTask().WaitAsync(Quick);

        Assert.True(clock.Elapsed < Quick);
        Assert.True(congested.IsCanceled);
        Assert.Empty(sim.OpenHandles);
        Assert.Empty(sim.Flows);
        Bounded.Until(() => session.LiveRequestBlocks == 0 && sim.LiveOverlappedCount == 0 && session.IsBindingReleased, "the aborted request is freed");
    }

    [Fact]
    public async Task Dispose_from_the_continuation_of_a_notification_completes_in_order()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        using Socket b = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId adaptive = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
        session.AddSocketToFlow(b, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
        Task other = session.WhenAvailableAsync(adaptive, 10_000_000_000_000);
        Task disposedSync = session.WhenCongestedAsync(adaptive).ContinueWith(_ => session.Dispose(), TaskScheduler.Default);

        sim.IsCongested = true;

        await disposedSync.WaitAsync(Quick);
        Assert.True(other.IsCanceled);
        Assert.Empty(sim.OpenHandles);
        Assert.Empty(CallLogOrder.Check(sim.CallLog, sim.CallLog[0].QosHandle));
    }

    [Fact]
    public async Task Dispose_from_a_continuation_of_a_token_cancelled_request_does_not_deadlock()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId flow = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
        using var cts = new CancellationTokenSource();
        Task pending = session.WhenAvailableAsync(flow, 10_000_000_000_000);
        Task disposed = session.WhenCongestedAsync(flow, cts.Token)
            .ContinueWith(async _ => await session.DisposeAsync(), TaskScheduler.Default).Unwrap();
        cts.Token.Register(() => session.Dispose());

        cts.Cancel();

        await disposed.WaitAsync(Quick);
        Assert.True(pending.IsCanceled);
        Assert.Empty(sim.OpenHandles);
        Assert.Equal(0, session.LiveRequestBlocks);
    }

    [Fact]
    public void Pending_requests_free_their_native_memory_and_the_binding_on_every_path()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId flow = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);

        // Refused outright, completed, cancelled by token, fired at once, and cancelled at disposal.
        sim.InjectError("QOSSetFlow", ERROR_NETWORK_BUSY);
        Task refused = session.SetOutgoingRateAsync(flow, 1_000_000);
        Task completed = session.QueryFundamentalsAsync(flow);
        using var cts = new CancellationTokenSource();
        Task canceled = session.WhenCongestedAsync(flow, cts.Token);
        cts.Cancel();
        Task firedAtOnce = session.WhenUncongestedAsync(flow);

        // The task settles before its memory is freed, so the count follows a moment later.
        Bounded.Until(() => completed.IsCompleted && canceled.IsCompleted && firedAtOnce.IsCompleted && session.LiveRequestBlocks == 0, "the requests finish");
        Task atDisposal = session.WhenAvailableAsync(flow, 10_000_000_000_000);
        Assert.Equal(1, session.LiveRequestBlocks);
        session.Dispose();

        Assert.True(refused.IsFaulted);
        Assert.True(completed.IsCompletedSuccessfully);
        Assert.True(canceled.IsCanceled);
        Assert.True(atDisposal.IsCanceled);
        Assert.Equal(0, session.LiveRequestBlocks);
        Assert.Equal(0, sim.LiveOverlappedCount);
        Assert.True(session.IsBindingReleased);
        Assert.Equal(0, session.CompletionFaults);
    }

    [Fact]
    public void A_failure_on_a_flow_the_session_does_not_know_says_so()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        using QosSession session = QosSession.Open(sim);
        using QosSession other = QosSession.Open(sim);
        QosFlowId foreign = other.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);

        QosException e = Assert.Throws<QosException>(() => session.SetOutgoingRate(foreign, 1_000_000));
        Assert.Equal(ERROR_INVALID_PARAMETER, e.NativeErrorCode);
        Assert.Contains($"Flow {foreign} is not a flow of this session", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("QOSSetFlow failed with ERROR_INVALID_PARAMETER (87): ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_refused_outright_names_the_unknown_flow_too()
    {
        var sim = new QwaveSimulator();
        using QosSession session = QosSession.Open(sim);
        QosException e = await Assert.ThrowsAsync<QosException>(() => session.WhenCongestedAsync(new QosFlowId(77)).WaitAsync(Quick));
        Assert.Contains("Flow 77 is not a flow of this session", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, session.LiveRequestBlocks);
    }

    [Fact]
    public async Task Reinitialization_needed_mid_run_is_reported_and_a_new_session_recovers()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId flow = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
        Task pending = session.WhenCongestedAsync(flow);

        sim.SimulatePowerEvent();

        QosException aborted = await Assert.ThrowsAsync<QosException>(() => pending.WaitAsync(Quick));
        Assert.True(aborted.RequiresNewSession);
        Assert.Equal(ERROR_DEVICE_REINITIALIZATION_NEEDED, aborted.NativeErrorCode);
        QosException sync = Assert.Throws<QosException>(() => session.SetOutgoingRate(flow, 1_000_000));
        Assert.True(sync.RequiresNewSession);
        session.Dispose();
        Assert.Empty(sim.OpenHandles);
        Assert.Empty(sim.Flows);

        using QosSession fresh = QosSession.Open(sim);
        QosFlowId again = fresh.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
        fresh.SetOutgoingRate(again, 1_000_000);
        Assert.Equal(1_000_000UL, fresh.QueryOutgoingRate(again));
    }

    [Fact]
    public void Calls_racing_Dispose_never_reach_qWAVE_after_the_close()
    {
        for (int round = 0; round < 20; round++)
        {
            var sim = new QwaveSimulator();
            using Socket a = Sockets.Udp4();
            QosSession session = QosSession.Open(sim);
            QosFlowId flow = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
            using var start = new Barrier(3);
            var requests = new System.Collections.Concurrent.ConcurrentQueue<Task>();
            var callers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait(Quick);
                    for (int i = 0; i < 200; i++)
                    {
                        try
                        {
                            session.SetOutgoingRate(flow, 1_000_000);
                            using var cts = new CancellationTokenSource();
                            requests.Enqueue(session.WhenCongestedAsync(flow, cts.Token));
                            cts.Cancel();
                        }
                        catch (ObjectDisposedException)
                        {
                            return;
                        }
                        catch (QosException)
                        {
                            // ERROR_ALREADY_EXISTS while the previous notification drains.
                        }
                    }
                },
                TaskCreationOptions.LongRunning)).ToArray();
            start.SignalAndWait(Quick);
            session.Dispose();
            Bounded.Until(() => callers.All(c => c.IsCompleted), "the callers stop");
            Assert.All(callers, c => Assert.True(c.IsCompletedSuccessfully));
            Bounded.Until(() => requests.All(r => r.IsCompleted), "every notification ends");
            Assert.All(requests, r => Assert.True(r.IsCanceled || r.Exception!.InnerException is QosException));

            Assert.Empty(CallLogOrder.Check(sim.CallLog, sim.CallLog[0].QosHandle));
            Assert.Empty(sim.OpenHandles);
        }
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_removal_right_after_qWAVE_accepts_a_join_leaves_the_flow_table_equal_to_qWAVEs(bool wholeFlow)
    {
        var sim = new QwaveSimulator();
        using QosSession session = QosSession.Open(sim);
        nint handle = sim.OpenHandles.Single();
        using Socket first = Sockets.Udp4();
        using Socket second = Sockets.Udp4();
        QosFlowId flow = session.AddSocketToFlow(first, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
        Task? removal = null;
        sim.AfterAddSocketToFlow = () =>
        {
            // The joining thread is between qWAVE's answer and its bookkeeping: remove from another thread.
            sim.AfterAddSocketToFlow = null;
            removal = Task.Factory.StartNew(
                () =>
                {
                    if (wholeFlow)
                    {
                        session.RemoveFlow(flow);
                    }
                    else
                    {
                        session.RemoveSocketFromFlow(flow, first);
                    }
                },
                TaskCreationOptions.LongRunning);
            ((IAsyncResult)removal).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(300));
        };

        session.AddSocketToExistingFlow(flow, second, Sockets.V4Peer, QosTrafficType.Voice);
        Bounded.Until(() => removal is { IsCompleted: true }, "the removal returns");

        Assert.True(removal!.IsCompletedSuccessfully);
        Assert.Equal(sim.FlowsOf(handle).Select(f => f.FlowId), session.Flows);
        Assert.Equal(wholeFlow ? 0 : 1, session.Flows.Count);
    }
}
