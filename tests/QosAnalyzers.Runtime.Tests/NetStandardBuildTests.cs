using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.Loader;
using System.Runtime.Versioning;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>
/// The netstandard2.0 build of the runtime, loaded beside the net8.0 one in its own
/// AssemblyLoadContext and driven through reflection: it links against this runtime, and a
/// simulated session works end to end (open, add a socket, set DSCP, remove, dispose).
/// </summary>
public sealed class NetStandardBuildTests
{
    private static readonly string s_path = Path.GetFullPath(
        typeof(NetStandardBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NetStandardRuntime").Value!);

    private static readonly Lazy<Assembly> s_forReflection = new(() => new AssemblyLoadContext("QosAnalyzers netstandard2.0 for reflection").LoadFromAssemblyPath(s_path));

    /// <summary>The netstandard2.0 build, loaded once (and kept) in its own context, for tests that only read its metadata.</summary>
    internal static Assembly ForReflection => s_forReflection.Value;

    [Fact]
    public void Build_targets_netstandard2_0_and_has_the_public_types_of_the_net8_0_build()
    {
        var context = new AssemblyLoadContext("QosAnalyzers netstandard2.0 surface", isCollectible: true);
        try
        {
            Assembly netstandard = context.LoadFromAssemblyPath(s_path);
            Assert.Equal(".NETStandard,Version=v2.0", netstandard.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName);

            string[] expected = typeof(QosSession).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToArray();
            string[] actual = netstandard.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, actual);

            // Same public members, type by type (by signature text; the two builds' types differ by identity only).
            foreach (Type type in typeof(QosSession).Assembly.GetExportedTypes())
            {
                Type other = netstandard.GetType(type.FullName!, throwOnError: true)!;
                Assert.Equal(Members(type), Members(other));
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Simulated_session_adds_a_socket_sets_DSCP_removes_it_and_closes_the_handle()
    {
        var context = new AssemblyLoadContext("QosAnalyzers netstandard2.0 session", isCollectible: true);
        try
        {
            Assembly runtime = context.LoadFromAssemblyPath(s_path);
            Type simulatorType = runtime.GetType("QosAnalyzers.QwaveSimulator", throwOnError: true)!;
            Type sessionType = runtime.GetType("QosAnalyzers.QosSession", throwOnError: true)!;
            Type backendType = runtime.GetType("QosAnalyzers.QwaveBackend", throwOnError: true)!;
            Type trafficType = runtime.GetType("QosAnalyzers.QosTrafficType", throwOnError: true)!;
            Type flowIdType = runtime.GetType("QosAnalyzers.QosFlowId", throwOnError: true)!;

            object simulator = Activator.CreateInstance(simulatorType)!;
            object session = sessionType.GetMethod("Open", new[] { backendType })!.Invoke(null, new[] { simulator })!;
            Assert.Single((System.Collections.IEnumerable)simulatorType.GetProperty("OpenHandles")!.GetValue(simulator)!);

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var destination = new IPEndPoint(IPAddress.Loopback, 5004);
            object audioVideo = Enum.Parse(trafficType, "AudioVideo");
            object flowId = sessionType.GetMethod("AddSocketToFlow")!.Invoke(session, new[] { socket, destination, audioVideo, false })!;
            Assert.NotEqual(0u, (uint)flowIdType.GetProperty("Value")!.GetValue(flowId)!);

            // Not elevated: qWAVE refuses the DSCP with ERROR_ACCESS_DENIED, reported through the backend's
            // last error, which the netstandard2.0 build carries in the LastError seam.
            object?[] args = { flowId, 46, null };
            Assert.False((bool)sessionType.GetMethod("TrySetOutgoingDscp")!.Invoke(session, args)!);
            Assert.Equal(5, (int)args[2]!.GetType().GetProperty("NativeErrorCode")!.GetValue(args[2])!);

            simulatorType.GetProperty("IsElevated")!.SetValue(simulator, true);
            sessionType.GetMethod("SetOutgoingDscp")!.Invoke(session, new[] { flowId, (object)46 });
            object flow = Assert.Single(((System.Collections.IEnumerable)simulatorType.GetProperty("Flows")!.GetValue(simulator)!).Cast<object>());
            Assert.Equal(46, (int?)flow.GetType().GetProperty("Dscp")!.GetValue(flow));
            Assert.Equal(socket.Handle, Assert.Single((IReadOnlyList<nint>)flow.GetType().GetProperty("Sockets")!.GetValue(flow)!));

            sessionType.GetMethod("RemoveSocketFromFlow")!.Invoke(session, new[] { flowId, socket });
            Assert.Empty((System.Collections.IEnumerable)simulatorType.GetProperty("Flows")!.GetValue(simulator)!);

            ((IDisposable)session).Dispose();
            Assert.True((bool)sessionType.GetProperty("IsDisposed")!.GetValue(session)!);
            Assert.Empty((System.Collections.IEnumerable)simulatorType.GetProperty("OpenHandles")!.GetValue(simulator)!);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Disposed_socket_is_refused_as_on_net8_0()
    {
        var context = new AssemblyLoadContext("QosAnalyzers netstandard2.0 closed socket", isCollectible: true);
        try
        {
            Assembly runtime = context.LoadFromAssemblyPath(s_path);
            Type sessionType = runtime.GetType("QosAnalyzers.QosSession", throwOnError: true)!;
            object simulator = Activator.CreateInstance(runtime.GetType("QosAnalyzers.QwaveSimulator", throwOnError: true)!)!;
            object session = sessionType.GetMethod("Open", new[] { runtime.GetType("QosAnalyzers.QwaveBackend", throwOnError: true)! })!.Invoke(null, new[] { simulator })!;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Dispose();
            object bestEffort = Enum.Parse(runtime.GetType("QosAnalyzers.QosTrafficType", throwOnError: true)!, "BestEffort");
            var error = Assert.Throws<TargetInvocationException>(() => sessionType.GetMethod("AddSocketToFlow")!.Invoke(session, new[] { socket, new IPEndPoint(IPAddress.Loopback, 5004), bestEffort, false }));
            Assert.IsType<ObjectDisposedException>(error.InnerException);
            ((IDisposable)session).Dispose();
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Open_off_Windows_refuses_with_a_PlatformNotSupportedException_that_says_why_and_what_to_use()
    {
        if (OperatingSystem.IsWindows())
        {
            // On Windows both builds open qwave.dll; only elsewhere does the netstandard2.0 build lack a backend.
            return;
        }

        var context = new AssemblyLoadContext("QosAnalyzers netstandard2.0 Open", isCollectible: true);
        try
        {
            Assembly runtime = context.LoadFromAssemblyPath(s_path);
            MethodInfo open = runtime.GetType("QosAnalyzers.QosSession", throwOnError: true)!.GetMethod("Open", Type.EmptyTypes)!;
            var error = Assert.Throws<TargetInvocationException>(() => open.Invoke(null, null));
            PlatformNotSupportedException refusal = Assert.IsType<PlatformNotSupportedException>(error.InnerException);
            Assert.Contains("needs .NET 5 or later", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("this is the netstandard2.0 build of QosAnalyzers", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("QosSession.Open(new QwaveSimulator())", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            context.Unload();
        }
    }

    private static string[] Members(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => $"{m.MemberType} {m}")
            .Order(StringComparer.Ordinal)
            .ToArray();
}
