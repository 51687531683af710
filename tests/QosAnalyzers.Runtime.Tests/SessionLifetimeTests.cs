using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>Disposal order, idempotence, use after dispose, and concurrency.</summary>
public class SessionLifetimeTests
{
    [Fact]
    public async Task Dispose_cancels_and_drains_then_removes_every_flow_and_only_then_closes()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        using Socket b = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId adaptive = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.AudioVideo, adaptive: true);
        QosFlowId fixedFlow = session.AddSocketToFlow(b, Sockets.V4Peer, QosTrafficType.Voice, adaptive: false);
        Task congested = session.WhenCongestedAsync(adaptive);
        Task available = session.WhenAvailableAsync(adaptive, ulong.MaxValue);
        sim.HoldCompletions = true;
        Task rate = session.SetOutgoingRateAsync(fixedFlow, 1_000_000);
        Assert.Equal(3, sim.PendingOperationCount);

        session.Dispose();

        // Tasks pending at dispose have ended canceled by the time Dispose returns.
        Assert.True(congested.IsCanceled);
        Assert.True(available.IsCanceled);
        Assert.True(rate.IsCanceled);
        await Assert.ThrowsAsync<TaskCanceledException>(() => congested);

        List<QwaveCallRecord> log = sim.CallLog.ToList();
        int close = log.FindIndex(c => c.Function == "QOSCloseHandle");
        Assert.Equal(log.Count - 1, close);
        int[] cancels = Indexes(log, c => c.Function == "QOSCancel" && c.ErrorCode == 0);
        int[] aborted = Indexes(log, c => c.IsCompletion && c.ErrorCode == ERROR_OPERATION_ABORTED);
        int[] removes = Indexes(log, c => c.Function == "QOSRemoveSocketFromFlow" && c.ErrorCode == 0);
        Assert.Equal(3, cancels.Length);
        Assert.Equal(3, aborted.Length);
        Assert.Equal(new[] { adaptive.Value, fixedFlow.Value }, removes.Select(i => log[i].FlowId).Order());

        // The documented order: cancel and drain, remove the flows, then close.
        Assert.True(cancels.Max() < removes.Min());
        Assert.True(aborted.Max() < removes.Min());
        Assert.True(removes.Max() < close);
        Assert.Empty(sim.Flows);
        Assert.Empty(sim.OpenHandles);
        Assert.Equal(0, sim.PendingOperationCount);
    }

    [Fact]
    public async Task DisposeAsync_follows_the_same_order()
    {
        var sim = new QwaveSimulator();
        using Socket a = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId flow = session.AddSocketToFlow(a, Sockets.V4Peer, QosTrafficType.AudioVideo, adaptive: true);
        Task congested = session.WhenCongestedAsync(flow);

        await session.DisposeAsync().AsTask().Within();

        Assert.True(congested.IsCanceled);
        string[] calls = sim.CallLog.Where(c => !c.IsCompletion).Select(c => c.Function).ToArray();
        Assert.Equal(new[] { "QOSCreateHandle", "QOSAddSocketToFlow", "QOSNotifyFlow", "QOSCancel", "QOSRemoveSocketFromFlow", "QOSCloseHandle" }, calls);
    }

    [Fact]
    public async Task Dispose_is_idempotent_sync_and_async()
    {
        var sim = new QwaveSimulator();
        QosSession session = QosSession.Open(sim);
        session.Dispose();
        session.Dispose();
        await session.DisposeAsync();
        Assert.Equal(1, sim.CallLog.Count(c => c.Function == "QOSCloseHandle"));
    }

    [Fact]
    public void Every_member_throws_ObjectDisposedException_after_dispose()
    {
        var sim = new QwaveSimulator();
        using Socket udp = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId flow = session.AddSocketToFlow(udp, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
        session.Dispose();
        sim.ClearCallLog();

        var members = new Action[]
        {
            () => _ = session.Flows,
            () => session.AddSocketToFlow(udp, Sockets.V4Peer, QosTrafficType.Voice, true),
            () => session.TryAddSocketToFlow(udp, Sockets.V4Peer, QosTrafficType.Voice, true, out _, out _),
            () => session.AddSocketToExistingFlow(flow, udp, Sockets.V4Peer, QosTrafficType.Voice),
            () => session.RemoveSocketFromFlow(flow, udp),
            () => session.RemoveFlow(flow),
            () => session.IsAdaptive(flow),
            () => session.SetTrafficType(flow, QosTrafficType.Voice),
            () => session.SetOutgoingRate(flow, 1),
            () => session.TrySetOutgoingRate(flow, 1, QosShaping.ShapeOnly, QosFlowRateReason.NotApplicable, out _),
            () => session.SetOutgoingRateAsync(flow, 1),
            () => session.SetOutgoingDscp(flow, 1),
            () => session.TrySetOutgoingDscp(flow, 1, out _),
            () => session.QueryFundamentals(flow),
            () => session.QueryFundamentalsAsync(flow),
            () => session.QueryPacketPriority(flow),
            () => session.QueryOutgoingRate(flow),
            () => session.WhenCongestedAsync(flow),
            () => session.WhenUncongestedAsync(flow),
            () => session.WhenAvailableAsync(flow, 1),
            () => session.StartTrackingClient(IPAddress.Loopback),
            () => session.StopTrackingClient(IPAddress.Loopback),
            () => session.EnumerateFlows(),
        };

        foreach (Action member in members)
        {
            Assert.Throws<ObjectDisposedException>(member);
        }

        Assert.Empty(sim.CallLog);
        Assert.True(session.IsDisposed);
        Assert.Same(sim, session.Backend);
    }

    [Fact]
    public void The_QosHandle_is_released_through_its_backends_QOSCloseHandle()
    {
        var sim = new QwaveSimulator();
        nint value = RawQwave.CreateHandle(sim);
        var handle = new QosHandle(sim, value);
        Assert.Same(sim, handle.Backend);
        Assert.False(handle.IsInvalid);
        handle.Dispose();
        Assert.Empty(sim.OpenHandles);
        Assert.Equal(("QOSCloseHandle", value), (sim.CallLog[^1].Function, sim.CallLog[^1].QosHandle));
    }

    [Fact]
    public void Concurrent_adds_and_removes_from_many_threads_stay_consistent()
    {
        const int Threads = 8;
        const int Rounds = 30;
        var sim = new QwaveSimulator();
        QosSession session = QosSession.Open(sim);
        Socket[] sockets = Enumerable.Range(0, Threads).Select(_ => Sockets.Udp4()).ToArray();
        try
        {
            Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
            {
                for (int i = 0; i < Rounds; i++)
                {
                    QosFlowId flow = session.AddSocketToFlow(sockets[t], Sockets.V4Peer, QosTrafficType.Voice, adaptive: i % 2 == 0);
                    Assert.Contains(flow, session.Flows);
                    if (i % 3 == 0)
                    {
                        session.RemoveSocketFromFlow(flow, sockets[t]);
                    }
                    else
                    {
                        session.RemoveFlow(flow);
                    }
                }
            });

            Assert.Empty(session.Flows);
            Assert.Empty(sim.Flows);
            Assert.Equal(Threads * Rounds, sim.CallLog.Count(c => c.Function == "QOSAddSocketToFlow" && c.ErrorCode == 0));
        }
        finally
        {
            session.Dispose();
            foreach (Socket s in sockets)
            {
                s.Dispose();
            }
        }
    }

    [Fact]
    public void Dispose_racing_adds_and_notifications_leaves_nothing_behind()
    {
        const int Threads = 8;
        for (int round = 0; round < 5; round++)
        {
            var sim = new QwaveSimulator();
            QosSession session = QosSession.Open(sim);
            Socket[] sockets = Enumerable.Range(0, Threads * 20).Select(_ => Sockets.Udp4()).ToArray();
            var added = new ConcurrentBag<QosFlowId>();
            var tasks = new ConcurrentBag<Task>();
            int refused = 0;
            var unexpected = new ConcurrentBag<Exception>();
            using var ready = new CountdownEvent(Threads);
            try
            {
                Thread[] workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
                {
                    ready.Signal();
                    for (int i = 0; i < 20; i++)
                    {
                        bool wasAdded = false;
                        try
                        {
                            QosFlowId flow = session.AddSocketToFlow(sockets[(t * 20) + i], Sockets.V4Peer, QosTrafficType.AudioVideo, adaptive: true);
                            added.Add(flow);
                            wasAdded = true;
                            tasks.Add(session.WhenCongestedAsync(flow));
                        }
                        catch (ObjectDisposedException)
                        {
                            // The add itself may be refused, or the add got in and the notification was refused.
                            if (!wasAdded)
                            {
                                Interlocked.Increment(ref refused);
                            }
                        }
                        catch (Exception e)
                        {
                            unexpected.Add(e);
                        }
                    }
                })).ToArray();
                foreach (Thread w in workers)
                {
                    w.Start();
                }

                ready.Wait(Bounded.Timeout);
                Thread disposer = new(session.Dispose);
                disposer.Start();
                foreach (Thread w in workers.Append(disposer))
                {
                    Assert.True(w.Join(Bounded.Timeout));
                }

                // Whatever got in before the dispose was removed, cancelled and closed; nothing leaked.
                Assert.Empty(sim.Flows);
                Assert.Empty(sim.OpenHandles);
                Assert.Equal(0, sim.PendingOperationCount);
                Assert.All(tasks, t => Assert.True(t.IsCanceled));
                // Each add either got in before the dispose or was refused as disposed; nothing else.
                Assert.Empty(unexpected);
                Assert.Equal(Threads * 20, added.Count + refused);
                Assert.Equal(added.Count, sim.CallLog.Count(c => c.Function == "QOSRemoveSocketFromFlow" && c.ErrorCode == 0));
                int close = sim.CallLog.ToList().FindIndex(c => c.Function == "QOSCloseHandle");
                Assert.DoesNotContain(sim.CallLog.Skip(close + 1), c => !c.IsCompletion);
            }
            finally
            {
                foreach (Socket s in sockets)
                {
                    s.Dispose();
                }
            }
        }
    }

    [Fact]
    public void Concurrent_disposes_close_the_handle_exactly_once()
    {
        var sim = new QwaveSimulator();
        using Socket udp = Sockets.Udp4();
        QosSession session = QosSession.Open(sim);
        QosFlowId flow = session.AddSocketToFlow(udp, Sockets.V4Peer, QosTrafficType.Voice, adaptive: true);
        Task pending = session.WhenCongestedAsync(flow);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (i % 2 == 0)
            {
                session.Dispose();
            }
            else
            {
                session.DisposeAsync().AsTask().Wait(Bounded.Timeout);
            }

            // Every caller returns only after the disposal finished.
            Assert.True(pending.IsCanceled);
        });
        Assert.Equal(1, sim.CallLog.Count(c => c.Function == "QOSCloseHandle"));
        Assert.Equal(1, sim.CallLog.Count(c => c.Function == "QOSRemoveSocketFromFlow"));
    }

    private static int[] Indexes(List<QwaveCallRecord> log, Func<QwaveCallRecord, bool> match) =>
        log.Select((c, i) => (c, i)).Where(x => match(x.c)).Select(x => x.i).ToArray();
}
