using System;
using System.Linq;
using System.Net;
using System.Reflection;
using QosAnalyzers.Interop;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>The attributes read by the generator and analyzers, and the Windows sockaddr encoding.</summary>
public class PublicSurfaceTests
{
    [Fact]
    public void QosFlow_defaults_to_a_non_adaptive_flow_with_nothing_else_set()
    {
        var attribute = new QosFlowAttribute(QosTrafficType.Voice);
        Assert.Equal(QosTrafficType.Voice, attribute.TrafficType);
        Assert.False(attribute.Adaptive);
        Assert.Equal(-1, attribute.Dscp);
        Assert.Equal(0, attribute.OutgoingRate);
        Assert.Equal(QosShaping.ShapeOnly, attribute.Shaping);
        AttributeUsageAttribute usage = typeof(QosFlowAttribute).GetCustomAttribute<AttributeUsageAttribute>()!;
        Assert.Equal((AttributeTargets.Class, false), (usage.ValidOn, usage.Inherited));
    }

    [Fact]
    public void QwaveNativeMethods_with_no_names_selects_all_and_keeps_the_names_given()
    {
        Assert.Empty(new QwaveNativeMethodsAttribute().Functions);
        Assert.Equal(new[] { "QOSCreateHandle", "QOSCancel" }, new QwaveNativeMethodsAttribute("QOSCreateHandle", "QOSCancel").Functions);
        Assert.Equal(AttributeTargets.Class, typeof(QwaveNativeMethodsAttribute).GetCustomAttribute<AttributeUsageAttribute>()!.ValidOn);
    }

    [Fact]
    public void QwaveEntryPoint_marks_methods_with_the_export_name()
    {
        Assert.Equal("QOSSetFlow", new QwaveEntryPointAttribute("QOSSetFlow").Name);
        Assert.Equal(AttributeTargets.Method, typeof(QwaveEntryPointAttribute).GetCustomAttribute<AttributeUsageAttribute>()!.ValidOn);
    }

    [Fact]
    public void Interop_types_are_public_and_the_declarations_internal()
    {
        string[] publicInterop = typeof(QOS_VERSION).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "QosAnalyzers.Interop").Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[]
            {
                "QOS_FLOW_FUNDAMENTALS", "QOS_FLOWRATE_OUTGOING", "QOS_FLOWRATE_REASON", "QOS_NOTIFY_FLOW", "QOS_PACKET_PRIORITY",
                "QOS_QUERY_FLOW", "QOS_SET_FLOW", "QOS_SHAPING", "QOS_TRAFFIC_TYPE", "QOS_VERSION", "QwaveConstants",
            }.OrderBy(n => n, StringComparer.Ordinal),
            publicInterop);
    }

    [Theory]
    [InlineData("127.0.0.1", 5004)]
    [InlineData("10.1.2.3", 65535)]
    [InlineData("::1", 5004)]
    [InlineData("fe80::1", 1)]
    public unsafe void The_session_writes_the_Windows_sockaddr_layout(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var written = new byte[WindowsSockAddr.MaxSize];
        int length = WindowsSockAddr.Write(endPoint, written);
        Assert.Equal(endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 16 : 28, length);
        Assert.Equal(RawQwave.SockAddr(endPoint), written);
        fixed (byte* p = written)
        {
            Assert.True(WindowsSockAddr.TryRead(p, out IPEndPoint read));
            Assert.Equal(endPoint, read);
        }
    }

    [Fact]
    public unsafe void An_IPv6_scope_id_travels_in_sin6_scope_id()
    {
        var endPoint = new IPEndPoint(new IPAddress(IPAddress.Parse("fe80::1").GetAddressBytes(), scopeid: 7), 5004);
        var written = new byte[WindowsSockAddr.MaxSize];
        WindowsSockAddr.Write(endPoint, written);
        Assert.Equal(7, BitConverter.ToInt32(written, 24));
        fixed (byte* p = written)
        {
            Assert.True(WindowsSockAddr.TryRead(p, out IPEndPoint read));
            Assert.Equal(7, read.Address.ScopeId);
        }
    }
}
