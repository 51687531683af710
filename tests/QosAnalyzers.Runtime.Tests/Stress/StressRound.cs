using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests.Stress;

/// <summary>Which faults the script injects while the workers run.</summary>
public enum StressFault
{
    None,
    NetworkBusy,
    AdaptiveNotSupported,
    OperationAborted,
    ReinitializationNeeded,
    CancelRefused,
}

/// <summary>When and how the session is disposed.</summary>
public enum StressDisposal
{
    /// <summary>Dispose from another thread while the workers are mid-operation.</summary>
    ConcurrentSync,

    /// <summary>DisposeAsync from another thread while the workers are mid-operation.</summary>
    ConcurrentAsync,

    /// <summary>Dispose from the continuation of a notification that the script triggers.</summary>
    FromContinuation,

    /// <summary>Dispose after the workers stop; the session's flow table is checked against the simulator first.</summary>
    Quiescent,
}

/// <summary>One stress round's parameters.</summary>
public sealed record StressOptions(int Seed, int Threads, int OperationsPerThread, StressFault Fault, StressDisposal Disposal)
{
    /// <summary>Bound for every wait in a round.</summary>
    public static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(5);
}

/// <summary>
/// One round: a fresh simulator and session, worker threads doing every kind of runtime call on
/// IPv4/IPv6 loopback sockets, a script thread moving the network and injecting faults, a disposal
/// racing them, then the invariants. Violations are collected, not thrown, so a report lists them all.
/// </summary>
public sealed class StressRound
{
    private static readonly IPEndPoint V4Peer = new(IPAddress.Loopback, 5004);
    private static readonly IPEndPoint V6Peer = new(IPAddress.IPv6Loopback, 5006);

    private readonly StressOptions _options;
    private readonly QwaveSimulator _sim = new() { IsElevated = true, CallLogCapacity = 2_000_000 };
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<Task> _tasks = new();
    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private long _operations;
    private int _requiresNewSession;
    private QosSession _session = null!;

    public StressRound(StressOptions options) => _options = options;

    public long Operations => Interlocked.Read(ref _operations);

    public IReadOnlyCollection<string> Violations => _violations;

    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public void Run()
    {
        _session = QosSession.Open(_sim);
        nint handle = _sim.OpenHandles.Single();
        using var allStarted = new Barrier(_options.Threads + 1);
        var workers = Enumerable.Range(0, _options.Threads)
            .Select(i => new Thread(() => Work(i, allStarted)) { IsBackground = true, Name = "stress worker " + i })
            .ToList();
        workers.ForEach(w => w.Start());
        var script = new Thread(() => Script(allStarted)) { IsBackground = true, Name = "stress script" };
        script.Start();

        Stopwatch disposeTime = Stopwatch.StartNew();
        switch (_options.Disposal)
        {
            case StressDisposal.Quiescent:
                JoinAll(workers, "worker");
                StopScript(script);
                CheckFlowTable(handle);
                disposeTime.Restart();
                _session.Dispose();
                break;
            case StressDisposal.FromContinuation:
                DisposeFromContinuation();
                disposeTime.Restart();
                JoinAll(workers, "worker");
                StopScript(script);
                break;
            default:
                WaitForProgress();
                disposeTime.Restart();
                if (_options.Disposal == StressDisposal.ConcurrentSync)
                {
                    _session.Dispose();
                }
                else if (!_session.DisposeAsync().AsTask().Wait(StressOptions.WaitBound))
                {
                    Violation("DisposeAsync did not complete within the bound");
                }

                JoinAll(workers, "worker");
                StopScript(script);
                break;
        }

        if (!_session.IsDisposed)
        {
            _session.Dispose();
        }

        if (disposeTime.Elapsed > StressOptions.WaitBound)
        {
            Violation($"disposal took {disposeTime.Elapsed}");
        }

        CheckTasks();
        CheckAfterDispose(handle);
        if (Volatile.Read(ref _requiresNewSession) != 0)
        {
            CheckRecovery();
        }
    }

    private void Work(int index, Barrier allStarted)
    {
        var random = new Random(HashCode.Combine(_options.Seed, index));
        var worker = new Worker(this, random);
        try
        {
            allStarted.SignalAndWait(StressOptions.WaitBound);
            for (int i = 0; i < _options.OperationsPerThread && !worker.Stopped; i++)
            {
                worker.Step();
                Interlocked.Increment(ref _operations);
            }
        }
        catch (Exception e)
        {
            Violation("worker crashed: " + e);
        }
        finally
        {
            worker.Dispose();
        }
    }

    private void Script(Barrier allStarted)
    {
        var random = new Random(_options.Seed ^ 0x5eed);
        allStarted.SignalAndWait(StressOptions.WaitBound);
        int step = 0;
        while (!_stop.IsCancellationRequested)
        {
            step++;
            switch (random.Next(6))
            {
                case 0:
                    _sim.IsCongested = !_sim.IsCongested;
                    break;
                case 1:
                    _sim.AvailableBandwidth = random.Next(4) == 0 ? null : (ulong)random.Next(1, 1000) * 1_000_000UL;
                    break;
                case 2:
                    _sim.HoldCompletions = random.Next(3) == 0;
                    break;
                default:
                    InjectFault(random, step);
                    break;
            }

            Thread.Sleep(random.Next(0, 2));
        }

        _sim.HoldCompletions = false;
    }

    private void InjectFault(Random random, int step)
    {
        switch (_options.Fault)
        {
            case StressFault.NetworkBusy:
                _sim.InjectError("QOSSetFlow", ERROR_NETWORK_BUSY, random.Next(1, 3));
                break;
            case StressFault.AdaptiveNotSupported:
                _sim.InjectError(random.Next(2) == 0 ? "QOSNotifyFlow" : "QOSQueryFlow", ERROR_NOT_SUPPORTED);
                _sim.PeerSupportsAdaptiveFlows = random.Next(3) != 0;
                break;
            case StressFault.OperationAborted:
                _sim.InjectError(new[] { "QOSSetFlow", "QOSQueryFlow", "QOSNotifyFlow", "QOSAddSocketToFlow" }[random.Next(4)], ERROR_OPERATION_ABORTED);
                break;
            case StressFault.ReinitializationNeeded:
                if (step == 20)
                {
                    _sim.SimulatePowerEvent();
                }
                else if (step < 20)
                {
                    _sim.InjectError(new[] { "QOSSetFlow", "QOSQueryFlow", "QOSNotifyFlow", "QOSRemoveSocketFromFlow" }[random.Next(4)], ERROR_DEVICE_REINITIALIZATION_NEEDED);
                }

                break;
            case StressFault.CancelRefused:
                _sim.InjectError("QOSCancel", ERROR_NETWORK_BUSY);
                break;
        }
    }

    private void DisposeFromContinuation()
    {
        // A dedicated adaptive flow whose Congested notification disposes the session when it fires.
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Task disposed;
        try
        {
            QosFlowId flow = _session.AddSocketToFlow(socket, V4Peer, QosTrafficType.Voice, adaptive: true);
            disposed = _session.WhenCongestedAsync(flow).ContinueWith(
                t =>
                {
                    // The notification may have faulted (an injected error): observe it, then dispose.
                    Count(t.IsFaulted ? "continuation after fault " + ((QosException)t.Exception!.InnerException!).ErrorName : "continuation after " + t.Status);
                    _session.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }
        catch (QosException e)
        {
            // The script may already have refused adaptive flows or reset the subsystem.
            Count("continuation setup: " + e.ErrorName);
            _session.Dispose();
            return;
        }

        WaitForProgress();
        _sim.IsCongested = true;
        if (!disposed.Wait(StressOptions.WaitBound))
        {
            Violation("Dispose from a continuation did not finish within the bound");
        }
    }

    /// <summary>Lets the workers get 20-80% through their budget, so disposal lands mid-run.</summary>
    private void WaitForProgress()
    {
        long target = _options.Threads * (long)_options.OperationsPerThread * new Random(_options.Seed).Next(20, 80) / 100;
        if (!WaitUntil(() => Operations >= target || _session.IsDisposed))
        {
            Violation($"the workers made no progress: {Operations} of {target} operations");
        }
    }

    private void JoinAll(List<Thread> threads, string what)
    {
        foreach (Thread t in threads)
        {
            if (!t.Join(StressOptions.WaitBound + StressOptions.WaitBound))
            {
                Violation(what + " thread hung: " + t.Name);
            }
        }
    }

    private void StopScript(Thread script)
    {
        _stop.Cancel();
        if (!script.Join(StressOptions.WaitBound))
        {
            Violation("script thread hung");
        }

        _sim.HoldCompletions = false;
        _sim.ClearInjectedErrors();
    }

    private void CheckFlowTable(nint handle)
    {
        uint[] session = _session.Flows.Select(f => f.Value).Order().ToArray();
        uint[] simulator = _sim.FlowsOf(handle).Select(f => f.FlowId.Value).Order().ToArray();
        if (!session.SequenceEqual(simulator))
        {
            Violation($"session flows [{string.Join(",", session)}] differ from the simulator's [{string.Join(",", simulator)}]");
        }
    }

    private void CheckTasks()
    {
        Task[] tasks = _tasks.ToArray();
        try
        {
            Task.WaitAll(tasks, StressOptions.WaitBound);
        }
        catch (AggregateException)
        {
            // Outcomes are classified one by one below.
        }

        foreach (Task t in tasks)
        {
            if (!t.IsCompleted)
            {
                Violation("a task never completed (hung)");
            }
            else if (t.IsFaulted)
            {
                Exception e = t.Exception!.InnerException!;
                if (e is QosException q)
                {
                    Count("task faulted " + q.ErrorName);
                }
                else
                {
                    Violation("task faulted with " + e);
                }
            }
            else
            {
                Count(t.IsCanceled ? "task canceled" : "task completed");
            }
        }
    }

    private void CheckAfterDispose(nint handle)
    {
        if (!WaitUntil(() => _sim.PendingOperationCount == 0 && _session.LiveRequestBlocks == 0 && _sim.LiveOverlappedCount == 0 && _session.IsBindingReleased))
        {
            Violation($"leak after dispose: {_sim.PendingOperationCount} pending in qWAVE, {_session.LiveRequestBlocks} request blocks, {_sim.LiveOverlappedCount} OVERLAPPEDs, binding released {_session.IsBindingReleased}");
        }

        if (_sim.Flows.Count != 0 || _sim.OpenHandles.Count != 0 || _sim.TrackedClients.Count != 0 || !_session.IsHandleClosed)
        {
            Violation($"left in the simulator: {_sim.Flows.Count} flows, {_sim.OpenHandles.Count} handles, {_sim.TrackedClients.Count} tracked clients; QosHandle closed: {_session.IsHandleClosed}");
        }

        if (_session.CompletionFaults != 0 || _sim.CallbackFailures != 0)
        {
            Violation($"completion path threw: {_session.CompletionFaults} in the session, {_sim.CallbackFailures} in delivery");
        }

        foreach (string problem in CallLogOrder.Check(_sim.CallLog, handle))
        {
            Violation(problem);
        }
    }

    private void CheckRecovery()
    {
        // After ERROR_DEVICE_REINITIALIZATION_NEEDED the documented recovery is a new handle and new flows.
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sim.PeerSupportsAdaptiveFlows = true;
        using QosSession fresh = QosSession.Open(_sim);
        QosFlowId flow = fresh.AddSocketToFlow(socket, V4Peer, QosTrafficType.AudioVideo, adaptive: true);
        fresh.SetOutgoingRate(flow, 1_000_000);
        if (fresh.QueryOutgoingRate(flow) != 1_000_000 || fresh.QueryFundamentals(flow).BottleneckBandwidth is null)
        {
            Violation("a new session after ERROR_DEVICE_REINITIALIZATION_NEEDED does not work");
        }

        Count("recovered with a new session");
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + StressOptions.WaitBound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }

    private void Violation(string what) => _violations.Enqueue($"seed {_options.Seed} ({_options.Fault}, {_options.Disposal}): {what}");

    private void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, static (_, n) => n + 1);

    /// <summary>One worker thread's sockets and flows, and the operations it picks from.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly StressRound _round;
        private readonly Random _random;
        private readonly List<Socket> _sockets = new();
        private readonly Dictionary<QosFlowId, List<Socket>> _flows = new();
        private readonly HashSet<QosFlowId> _adaptive = new();

        public Worker(StressRound round, Random random)
        {
            _round = round;
            _random = random;

            Socket v4 = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            Socket v6 = new(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
            Socket v4Connected = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            v4Connected.Connect(V4Peer);
            Socket v6Connected = new(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            v6Connected.Connect(V6Peer);
            Socket tcp4 = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _sockets.AddRange(new[] { v4, v6, v4Connected, v6Connected, tcp4 });
        }

        public bool Stopped { get; private set; }

        private QosSession Session => _round._session;

        public void Step()
        {
            int operation = _random.Next(16);
            string name = Names[operation];
            try
            {
                Perform(operation);
                _round.Count(name + " ok");
            }
            catch (QosException e)
            {
                if (e.RequiresNewSession)
                {
                    Interlocked.Exchange(ref _round._requiresNewSession, 1);
                }

                _round.Count(name + " " + e.ErrorName);
            }
            catch (ObjectDisposedException) when (Session.IsDisposed)
            {
                _round.Count("after dispose");
                Stopped = true;
            }
            catch (Exception e)
            {
                _round.Violation($"{name} threw {e}");
            }
        }

        private static readonly string[] Names =
        {
            "add", "add", "remove", "join/leave", "set rate", "set rate async", "set dscp/type", "query",
            "fundamentals", "fundamentals async", "notify", "notify", "enumerate", "track", "set rate and wait", "try forms",
        };

        private void Perform(int operation)
        {
            QosFlowId? flow = _flows.Count == 0 ? null : _flows.Keys.ElementAt(_random.Next(_flows.Count));
            QosFlowId? adaptive = _adaptive.Count == 0 ? null : _adaptive.ElementAt(_random.Next(_adaptive.Count));
            CancellationToken token = Token();
            switch (operation)
            {
                case 0:
                case 1:
                    AddFlow();
                    return;
                case 2:
                    if (flow is QosFlowId f)
                    {
                        Session.RemoveFlow(f);
                        Forget(f);
                    }

                    return;
                case 3:
                    JoinOrLeave();
                    return;
                case 4:
                    if (flow is QosFlowId f4)
                    {
                        Session.SetOutgoingRate(f4, (ulong)_random.Next(1, 2000) * 1_000_000UL, (QosShaping)_random.Next(3), (QosFlowRateReason)_random.Next(5));
                    }

                    return;
                case 5:
                    if (flow is QosFlowId f5)
                    {
                        _round._tasks.Enqueue(Session.SetOutgoingRateAsync(f5, QosAnalyzers.Interop.QwaveConstants.QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH, cancellationToken: token));
                    }

                    return;
                case 6:
                    if (flow is QosFlowId f6)
                    {
                        Session.SetOutgoingDscp(f6, _random.Next(64));
                        Session.SetTrafficType(f6, (QosTrafficType)_random.Next(6));
                    }

                    return;
                case 7:
                    if (flow is QosFlowId f7)
                    {
                        _ = Session.QueryPacketPriority(f7);
                        _ = Session.QueryOutgoingRate(f7);
                        _ = Session.IsAdaptive(f7);
                    }

                    return;
                case 8:
                    if (adaptive is QosFlowId a8)
                    {
                        _ = Session.QueryFundamentals(a8, fresh: _random.Next(2) == 0);
                    }

                    return;
                case 9:
                    if (adaptive is QosFlowId a9)
                    {
                        _round._tasks.Enqueue(Session.QueryFundamentalsAsync(a9, cancellationToken: token));
                    }

                    return;
                case 10:
                case 11:
                    if (adaptive is QosFlowId a10)
                    {
                        _round._tasks.Enqueue(_random.Next(4) switch
                        {
                            0 => Session.WhenCongestedAsync(a10, token),
                            1 => Session.WhenUncongestedAsync(a10, token),

                            // 10 Tb/s never becomes available: only a cancel, a removal or disposal ends it.
                            2 => Session.WhenAvailableAsync(a10, 10_000_000_000_000, token),
                            _ => Session.WhenAvailableAsync(a10, (ulong)_random.Next(1, 1000) * 1_000_000UL, token),
                        });
                    }

                    return;
                case 12:
                    _ = Session.EnumerateFlows();
                    _ = Session.Flows;
                    return;
                case 13:
                    IPAddress client = _random.Next(2) == 0 ? IPAddress.Loopback : IPAddress.IPv6Loopback;
                    if (_random.Next(2) == 0)
                    {
                        Session.StartTrackingClient(client);
                    }
                    else
                    {
                        Session.StopTrackingClient(client);
                    }

                    return;
                case 14:
                    if (flow is QosFlowId f14)
                    {
                        // Wait on one request inline, bounded, as a caller awaiting it would.
                        Task t = Session.SetOutgoingRateAsync(f14, 2_000_000, cancellationToken: token);
                        _round._tasks.Enqueue(t);
                        Task.WhenAny(t, Task.Delay(50)).Wait();
                    }

                    return;
                default:
                    if (flow is QosFlowId f15 && _random.Next(2) == 0)
                    {
                        _ = Session.TrySetOutgoingRate(f15, 1_000_000, QosShaping.ShapeOnly, QosFlowRateReason.ContentChange, out _);
                        _ = Session.TrySetOutgoingDscp(f15, 46, out _);
                    }
                    else
                    {
                        AddFlow(tryForm: true);
                    }

                    return;
            }
        }

        private CancellationToken Token()
        {
            switch (_random.Next(4))
            {
                case 0:
                    return CancellationToken.None;
                case 1:
                    return new CancellationToken(canceled: true);
                default:
                    var cts = new CancellationTokenSource();
                    cts.CancelAfter(_random.Next(0, 5));
                    return cts.Token;
            }
        }

        private void AddFlow(bool tryForm = false)
        {
            Socket[] free = _sockets.Where(s => !_flows.Values.Any(l => l.Contains(s))).ToArray();
            if (free.Length == 0)
            {
                return;
            }

            Socket socket = free[_random.Next(free.Length)];
            IPEndPoint? destination = socket.Connected ? null : socket.AddressFamily == AddressFamily.InterNetwork ? V4Peer : V6Peer;
            bool adaptive = _random.Next(2) == 0;
            var type = (QosTrafficType)_random.Next(6);
            QosFlowId id;
            if (tryForm)
            {
                if (!Session.TryAddSocketToFlow(socket, destination, type, adaptive, out id, out QosException? error))
                {
                    _round.Count("try add " + error.ErrorName);
                    return;
                }
            }
            else
            {
                id = Session.AddSocketToFlow(socket, destination, type, adaptive);
            }

            _flows[id] = new List<Socket> { socket };
            if (adaptive)
            {
                _adaptive.Add(id);
            }
        }

        private void JoinOrLeave()
        {
            QosFlowId[] shared = _flows.Keys.Where(f => !_adaptive.Contains(f)).ToArray();
            if (shared.Length == 0)
            {
                return;
            }

            QosFlowId flow = shared[_random.Next(shared.Length)];
            List<Socket> members = _flows[flow];
            Socket[] free = _sockets.Where(s => !_flows.Values.Any(l => l.Contains(s))).ToArray();
            if (free.Length > 0 && _random.Next(2) == 0)
            {
                Socket socket = free[_random.Next(free.Length)];
                Session.AddSocketToExistingFlow(flow, socket, socket.Connected ? null : socket.AddressFamily == AddressFamily.InterNetwork ? V4Peer : V6Peer, QosTrafficType.Voice);
                members.Add(socket);
                return;
            }

            Socket leaving = members[_random.Next(members.Count)];
            Session.RemoveSocketFromFlow(flow, leaving);
            members.Remove(leaving);
            if (members.Count == 0)
            {
                Forget(flow);
            }
        }

        private void Forget(QosFlowId flow)
        {
            _flows.Remove(flow);
            _adaptive.Remove(flow);
        }

        public void Dispose()
        {
            // The sockets outlive the session's use of them only until the round ends; closing them
            // after disposal is the documented order (remove, then close).
            foreach (Socket s in _sockets)
            {
                if (!Session.IsDisposed)
                {
                    // Disposal has not happened yet (Quiescent rounds): leave the sockets to the final cleanup.
                    _round._leftoverSockets.Enqueue(s);
                }
                else
                {
                    s.Dispose();
                }
            }
        }
    }

    private readonly ConcurrentQueue<Socket> _leftoverSockets = new();

    /// <summary>Closes sockets kept open until the session was disposed.</summary>
    public void CloseSockets()
    {
        while (_leftoverSockets.TryDequeue(out Socket? s))
        {
            s.Dispose();
        }
    }
}
