using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using QosAnalyzers.Interop;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>Bounded waits: a test fails instead of hanging.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task Within(this Task task) => task.WaitAsync(Timeout);

    public static async Task<int> ErrorOf(Task<(int Error, uint Bytes)> completion) => (await completion.Within()).Error;

    /// <summary>Polls until <paramref name="condition"/> holds; for state reached on another thread.</summary>
    public static void Until(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + what);
            Thread.Sleep(5);
        }
    }
}

/// <summary>Real loopback sockets.</summary>
internal static class Sockets
{
    public static readonly IPEndPoint V4Peer = new(IPAddress.Loopback, 5004);
    public static readonly IPEndPoint V6Peer = new(IPAddress.IPv6Loopback, 5004);

    public static Socket Udp4() => new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public static Socket Udp6(bool dualMode)
    {
        var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        s.DualMode = dualMode;
        return s;
    }

    public static Socket ConnectedUdp4(IPEndPoint? peer = null)
    {
        Socket s = Udp4();
        s.Connect(peer ?? V4Peer);
        return s;
    }
}

/// <summary>A simulator with one open raw handle, bound for overlapped completion: the raw ABI as a native caller sees it.</summary>
internal sealed unsafe class RawQwave : IDisposable
{
    public RawQwave(QwaveSimulator? simulator = null)
    {
        Simulator = simulator ?? new QwaveSimulator();
        Handle = CreateHandle(Simulator);
        SafeHandle = new QosHandle(Simulator, Handle);
        Binding = Simulator.BindHandle(SafeHandle);
    }

    public QwaveSimulator Simulator { get; }

    public nint Handle { get; }

    public QosHandle SafeHandle { get; }

    public QosCompletionBinding Binding { get; }

    public static int LastError => Marshal.GetLastPInvokeError();

    public static nint CreateHandle(QwaveSimulator simulator)
    {
        var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
        nint handle;
        Assert.Equal(1, simulator.QOSCreateHandle(&version, &handle));
        return handle;
    }

    /// <summary>Windows-layout sockaddr bytes (AF_INET = 2, AF_INET6 = 23, big-endian port), built by hand.</summary>
    public static byte[] SockAddr(IPEndPoint endPoint)
    {
        var bytes = new byte[28];
        byte[] address = endPoint.Address.GetAddressBytes();
        bytes[2] = (byte)(endPoint.Port >> 8);
        bytes[3] = (byte)endPoint.Port;
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[0] = 2;
            address.CopyTo(bytes, 4);
        }
        else
        {
            bytes[0] = 23;
            address.CopyTo(bytes, 8);
        }

        return bytes;
    }

    public int Add(Socket socket, IPEndPoint? destination, QOS_TRAFFIC_TYPE type, uint flags, ref uint flowId) =>
        Add(Handle, socket.Handle, destination is null ? null : SockAddr(destination), type, flags, ref flowId);

    public int Add(nint handle, nint socket, byte[]? sockaddr, QOS_TRAFFIC_TYPE type, uint flags, ref uint flowId)
    {
        fixed (byte* address = sockaddr)
        fixed (uint* id = &flowId)
        {
            return Simulator.QOSAddSocketToFlow(handle, socket, address, type, flags, id);
        }
    }

    /// <summary>Adds <paramref name="socket"/> to a new flow and asserts success.</summary>
    public uint NewFlow(Socket socket, bool adaptive = true, QOS_TRAFFIC_TYPE type = QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo)
    {
        uint id = 0;
        Assert.Equal(1, Add(socket, socket.Connected ? null : Sockets.V4Peer, type, adaptive ? 0 : QwaveConstants.QOS_NON_ADAPTIVE_FLOW, ref id));
        Assert.NotEqual(0u, id);
        return id;
    }

    public int Set<T>(uint flowId, QOS_SET_FLOW operation, T value, uint? size = null, NativeOverlapped* overlapped = null)
        where T : unmanaged
    {
        return Simulator.QOSSetFlow(Handle, flowId, operation, size ?? (uint)sizeof(T), &value, 0, overlapped);
    }

    public int Notify(uint flowId, QOS_NOTIFY_FLOW operation, NativeOverlapped* overlapped, ulong? threshold = null)
    {
        if (threshold is ulong t)
        {
            uint size = sizeof(ulong);
            return Simulator.QOSNotifyFlow(Handle, flowId, operation, &size, &t, 0, overlapped);
        }

        return Simulator.QOSNotifyFlow(Handle, flowId, operation, null, null, 0, overlapped);
    }

    public int Notify(uint flowId, QOS_NOTIFY_FLOW operation, PendingOverlapped overlapped, ulong? threshold = null) =>
        Notify(flowId, operation, overlapped.Pointer, threshold);

    public int Set<T>(uint flowId, QOS_SET_FLOW operation, T value, PendingOverlapped overlapped)
        where T : unmanaged => Set(flowId, operation, value, null, overlapped.Pointer);

    public int Set<T>(uint flowId, QOS_SET_FLOW operation, T value)
        where T : unmanaged => Set(flowId, operation, value, null, null);

    /// <summary>QOSNotifyFlow with a NULL OVERLAPPED: a synchronous, blocking request.</summary>
    public int NotifySynchronously(uint flowId, QOS_NOTIFY_FLOW operation) => Notify(flowId, operation, (NativeOverlapped*)null);

    public int Track(IPEndPoint client, bool start, uint flags = 0)
    {
        fixed (byte* address = SockAddr(client))
        {
            return start
                ? Simulator.QOSStartTrackingClient(Handle, address, flags)
                : Simulator.QOSStopTrackingClient(Handle, address, flags);
        }
    }

    public int Cancel(PendingOverlapped overlapped) => Simulator.QOSCancel(Handle, overlapped.Pointer);

    public PendingOverlapped Overlapped() => new(Binding);

    public void Dispose()
    {
        SafeHandle.Dispose();
        Binding.Dispose();
    }
}

/// <summary>An OVERLAPPED from the binding whose completion is observable as a task.</summary>
internal sealed unsafe class PendingOverlapped : IDisposable
{
    private readonly QosCompletionBinding _binding;
    private readonly TaskCompletionSource<(int Error, uint Bytes)> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingOverlapped(QosCompletionBinding binding)
    {
        _binding = binding;
        Pointer = binding.AllocateNativeOverlapped((error, bytes, _) => _completion.TrySetResult(((int)error, bytes)));
    }

    public NativeOverlapped* Pointer { get; }

    public Task<(int Error, uint Bytes)> Completion => _completion.Task;

    public Task<int> ErrorAsync() => Bounded.ErrorOf(_completion.Task);

    public void Dispose() => _binding.FreeNativeOverlapped(Pointer);
}
