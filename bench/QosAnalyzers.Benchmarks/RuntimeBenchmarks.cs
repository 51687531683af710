using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using QosAnalyzers.Interop;

namespace QosAnalyzers.Benchmarks;

[QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
public sealed partial class BenchVideoFlow;

/// <summary>
/// Per-call cost of the session and of a generated wrapper, against the raw ABI call on the same
/// simulator: the difference is what QosAnalyzers adds on top of qWAVE itself.
/// </summary>
[MemoryDiagnoser]
public unsafe class RuntimeBenchmarks
{
    private QwaveSimulator _simulator = null!;
    private QosSession _session = null!;
    private Socket _socket = null!;
    private Socket _rawSocket = null!;
    private Socket _churnSocket = null!;
    private BenchVideoFlow _wrapper = null!;
    private QosFlowId _flow;
    private nint _rawHandle;
    private uint _rawFlow;
    private IPEndPoint _destination = null!;

    [GlobalSetup]
    public void Setup()
    {
        _simulator = new QwaveSimulator { AvailableBandwidth = 100_000_000, BottleneckBandwidth = 1_000_000_000 };
        _session = QosSession.Open(_simulator);
        _destination = new IPEndPoint(IPAddress.Loopback, 5004);
        _socket = NewSocket();
        _rawSocket = NewSocket();
        _churnSocket = NewSocket();
        _wrapper = BenchVideoFlow.Add(_session, _socket, _destination);
        _flow = _wrapper.Id;

        var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
        nint handle;
        Check(_simulator.QOSCreateHandle(&version, &handle));
        _rawHandle = handle;
        byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
        WindowsSockAddr.Write(_destination, new Span<byte>(address, WindowsSockAddr.MaxSize));
        uint id = 0;
        Check(_simulator.QOSAddSocketToFlow(_rawHandle, _rawSocket.Handle, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, &id));
        _rawFlow = id;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wrapper.Dispose();
        _session.Dispose();
        Check(_simulator.QOSRemoveSocketFromFlow(_rawHandle, 0, _rawFlow, 0));
        Check(_simulator.QOSCloseHandle(_rawHandle));
        _socket.Dispose();
        _rawSocket.Dispose();
        _churnSocket.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SetOutgoingRate")]
    public int Raw_SetOutgoingRate()
    {
        var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = 2_000_000, ShapingBehavior = QOS_SHAPING.QOSShapeAndMark };
        return _simulator.QOSSetFlow(_rawHandle, _rawFlow, QOS_SET_FLOW.QOSSetOutgoingRate, (uint)sizeof(QOS_FLOWRATE_OUTGOING), &rate, 0, null);
    }

    [Benchmark]
    [BenchmarkCategory("SetOutgoingRate")]
    public void Session_SetOutgoingRate() => _session.SetOutgoingRate(_flow, 2_000_000);

    [Benchmark]
    [BenchmarkCategory("SetOutgoingRate")]
    public void Wrapper_SetOutgoingRate() => _wrapper.SetOutgoingRate(2_000_000);

    [Benchmark]
    [BenchmarkCategory("QueryOutgoingRate")]
    public ulong Raw_QueryOutgoingRate()
    {
        ulong rate;
        uint size = sizeof(ulong);
        Check(_simulator.QOSQueryFlow(_rawHandle, _rawFlow, QOS_QUERY_FLOW.QOSQueryOutgoingRate, &size, &rate, 0, null));
        return rate;
    }

    [Benchmark]
    [BenchmarkCategory("QueryOutgoingRate")]
    public ulong Session_QueryOutgoingRate() => _session.QueryOutgoingRate(_flow);

    [Benchmark]
    [BenchmarkCategory("QueryOutgoingRate")]
    public ulong Wrapper_QueryOutgoingRate() => _wrapper.QueryOutgoingRate();

    [Benchmark]
    [BenchmarkCategory("AddRemove")]
    public int Raw_AddRemove()
    {
        byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
        WindowsSockAddr.Write(_destination, new Span<byte>(address, WindowsSockAddr.MaxSize));
        uint id = 0;
        Check(_simulator.QOSAddSocketToFlow(_rawHandle, _churnSocket.Handle, address, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QwaveConstants.QOS_NON_ADAPTIVE_FLOW, &id));
        return _simulator.QOSRemoveSocketFromFlow(_rawHandle, 0, id, 0);
    }

    [Benchmark]
    [BenchmarkCategory("AddRemove")]
    public void Session_AddRemove()
    {
        QosFlowId id = _session.AddSocketToFlow(_churnSocket, _destination, QosTrafficType.Voice, adaptive: false);
        _session.RemoveFlow(id);
    }

    private static Socket NewSocket()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return s;
    }

    private static void Check(int ok)
    {
        if (ok == 0)
        {
            throw new InvalidOperationException($"Simulated qWAVE call failed: {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }
}
