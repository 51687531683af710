#if !NET
using System;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace QosAnalyzers.Compat;

/// <summary>
/// netstandard2.0 only: what net8.0 gets from <c>Socket.SafeHandle</c> and <c>new Socket(SafeSocketHandle)</c>.
/// <list type="bullet">
/// <item>The socket's SafeHandle (public on .NET Core 3+, internal on .NET Framework and .NET Core 2.x),
/// found once by reflection, so a session can hold the SOCKET open for the length of a qWAVE call.</item>
/// <item>The socket a session is handing to its backend on this thread, so the simulator can ask it
/// for its family, type and peer: netstandard2.0 cannot wrap a raw SOCKET value in a Socket.</item>
/// </list>
/// </summary>
internal static class SocketHandles
{
    private static readonly PropertyInfo? s_safeHandle = FindSafeHandleProperty();

    [ThreadStatic]
    private static Socket? t_inCall;

    /// <summary>The socket's SafeHandle; null when this runtime exposes none (the caller then uses <see cref="Socket.Handle"/>).</summary>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public static SafeHandle? GetSafeHandle(Socket socket)
    {
        if (s_safeHandle is null)
        {
            return null;
        }

        try
        {
            return s_safeHandle.GetValue(socket) as SafeHandle;
        }
        catch (TargetInvocationException e) when (e.InnerException is ObjectDisposedException disposed)
        {
            throw disposed;
        }
    }

    /// <summary>Marks <paramref name="socket"/> as the one handed to the backend on this thread (null: none).</summary>
    public static void SetInCall(Socket? socket) => t_inCall = socket;

    /// <summary>The socket handed to the backend on this thread whose SOCKET value is <paramref name="value"/>, if any.</summary>
    public static Socket? FindInCall(nint value)
    {
        Socket? socket = t_inCall;
        try
        {
            return socket is not null && socket.Handle == value ? socket : null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private static PropertyInfo? FindSafeHandleProperty()
    {
        PropertyInfo? property = typeof(Socket).GetProperty("SafeHandle", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        return property is not null && typeof(SafeHandle).IsAssignableFrom(property.PropertyType) && property.GetIndexParameters().Length == 0 ? property : null;
    }
}
#endif
