using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>
/// The names the generator, the member-collision check and the analyzers know this package's API by
/// (src/Catalog/PackageApi.cs) are the runtime's own: every one exists on the real types, so a rename
/// in the runtime fails here instead of silently blinding the rules.
/// </summary>
public class PackageApiNameTests
{
    private static readonly Assembly s_runtime = typeof(QosSession).Assembly;

    [Fact]
    public void Every_type_name_is_a_public_type_of_the_runtime()
    {
        foreach (string name in Constants(typeof(PackageApi.Types)))
        {
            Type? type = s_runtime.GetType(PackageApi.Namespace + "." + name);
            Assert.True(type is { IsPublic: true }, name + " is not a public type in " + PackageApi.Namespace);
        }

        Assert.Equal(PackageApi.Session.MetadataName, typeof(QosSession).FullName);
        Assert.Equal(PackageApi.Types.Session, typeof(QosSession).Name);
        Assert.Equal(PackageApi.Types.FlowId, typeof(QosFlowId).Name);
    }

    [Fact]
    public void Every_session_member_name_is_a_public_member_of_QosSession()
    {
        string[] members = Constants(typeof(PackageApi.Session)).Where(n => n != PackageApi.Session.MetadataName).ToArray();
        Assert.True(members.Length >= 15);
        foreach (string name in members)
        {
            Assert.True(typeof(QosSession).GetMember(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Length > 0, "QosSession has no public member " + name);
        }

        foreach (string name in PackageApi.Session.NeedAdaptiveFlow.Concat(PackageApi.Session.EndSession))
        {
            Assert.Contains(name, members);
        }
    }

    [Fact]
    public void Every_parameter_name_is_a_parameter_of_a_QosSession_member()
    {
        var parameters = new HashSet<string>(PublicMethods().SelectMany(m => m.GetParameters()).Select(p => p.Name!), StringComparer.Ordinal);
        foreach (string name in Constants(typeof(PackageApi.Parameters)))
        {
            Assert.True(parameters.Contains(name), "No public method of QosSession has a parameter named " + name);
        }
    }

    [Theory]
    [InlineData(PackageApi.Session.AddSocketToFlow, new[] { PackageApi.Parameters.Socket, PackageApi.Parameters.Destination, PackageApi.Parameters.TrafficType, PackageApi.Parameters.Adaptive })]
    [InlineData(PackageApi.Session.TryAddSocketToFlow, new[] { PackageApi.Parameters.Socket, PackageApi.Parameters.Destination, PackageApi.Parameters.Adaptive, PackageApi.Parameters.FlowId, PackageApi.Parameters.Error })]
    [InlineData(PackageApi.Session.AddSocketToExistingFlow, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.Socket, PackageApi.Parameters.Destination, PackageApi.Parameters.TrafficType })]
    [InlineData(PackageApi.Session.RemoveSocketFromFlow, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.Socket })]
    [InlineData(PackageApi.Session.RemoveFlow, new[] { PackageApi.Parameters.FlowId })]
    [InlineData(PackageApi.Session.SetOutgoingRate, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.BitsPerSecond, PackageApi.Parameters.Shaping, PackageApi.Parameters.Reason })]
    [InlineData(PackageApi.Session.TrySetOutgoingRate, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.BitsPerSecond, PackageApi.Parameters.Error })]
    [InlineData(PackageApi.Session.SetOutgoingDscp, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.Dscp })]
    [InlineData(PackageApi.Session.TrySetOutgoingDscp, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.Dscp, PackageApi.Parameters.Error })]
    [InlineData(PackageApi.Session.QueryFundamentals, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.Fresh })]
    [InlineData(PackageApi.Session.QueryFundamentalsAsync, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.Fresh, PackageApi.Parameters.CancellationToken })]
    [InlineData(PackageApi.Session.QueryOutgoingRate, new[] { PackageApi.Parameters.FlowId })]
    [InlineData(PackageApi.Session.QueryPacketPriority, new[] { PackageApi.Parameters.FlowId })]
    [InlineData(PackageApi.Session.WhenCongestedAsync, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.CancellationToken })]
    [InlineData(PackageApi.Session.WhenUncongestedAsync, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.CancellationToken })]
    [InlineData(PackageApi.Session.WhenAvailableAsync, new[] { PackageApi.Parameters.FlowId, PackageApi.Parameters.BitsPerSecond, PackageApi.Parameters.CancellationToken })]
    public void The_session_members_take_the_parameters_the_analyzers_read_by_name(string member, string[] parameters)
    {
        MethodInfo[] overloads = PublicMethods().Where(m => m.Name == member).ToArray();
        Assert.NotEmpty(overloads);
        foreach (MethodInfo method in overloads)
        {
            string[] names = method.GetParameters().Select(p => p.Name!).ToArray();
            foreach (string parameter in parameters)
            {
                Assert.True(names.Contains(parameter), "QosSession." + member + "(" + string.Join(", ", names) + ") has no parameter " + parameter);
            }
        }
    }

    [Fact]
    public void The_adaptive_only_members_all_take_a_flow_id()
    {
        foreach (string member in PackageApi.Session.NeedAdaptiveFlow)
        {
            Assert.All(PublicMethods().Where(m => m.Name == member), m => Assert.Contains(m.GetParameters(), p => p.Name == PackageApi.Parameters.FlowId && p.ParameterType == typeof(QosFlowId)));
        }
    }

    [Fact]
    public void The_attribute_names_and_their_named_arguments_are_the_runtime_attributes()
    {
        Assert.Equal(PackageApi.FlowAttribute.MetadataName, typeof(QosFlowAttribute).FullName);
        Assert.Equal(PackageApi.FlowAttribute.Name, typeof(QosFlowAttribute).Name);
        Assert.Equal(PackageApi.FlowAttribute.Name, PackageApi.FlowAttribute.ShortName + "Attribute");
        foreach (string property in new[] { PackageApi.FlowAttribute.Adaptive, PackageApi.FlowAttribute.Dscp, PackageApi.FlowAttribute.OutgoingRate, PackageApi.FlowAttribute.Shaping })
        {
            Assert.True(typeof(QosFlowAttribute).GetProperty(property) is { CanWrite: true }, "QosFlowAttribute has no settable " + property);
        }

        Assert.Equal(PackageApi.NativeMethodsAttribute.MetadataName, typeof(QwaveNativeMethodsAttribute).FullName);
        Assert.Equal(PackageApi.NativeMethodsAttribute.Name, typeof(QwaveNativeMethodsAttribute).Name);
        Assert.Equal(PackageApi.NativeMethodsAttribute.Name, PackageApi.NativeMethodsAttribute.ShortName + "Attribute");
        Assert.Equal(PackageApi.EntryPointAttribute.MetadataName, typeof(QwaveEntryPointAttribute).FullName);
        Assert.Equal(PackageApi.EntryPointAttribute.Name, typeof(QwaveEntryPointAttribute).Name);
        Assert.Equal(PackageApi.EntryPointAttribute.Name, PackageApi.EntryPointAttribute.ShortName + "Attribute");
    }

    [Fact]
    public void The_wrapper_calls_into_the_session_by_the_session_names()
    {
        // The wrapper's forwarding members share their session call's name; the analyzers match both by it.
        foreach (string name in new[]
        {
            PackageApi.FlowWrapper.SetOutgoingRate, PackageApi.FlowWrapper.SetOutgoingDscp, PackageApi.FlowWrapper.TrySetOutgoingDscp,
            PackageApi.FlowWrapper.QueryOutgoingRate, PackageApi.FlowWrapper.QueryPacketPriority, PackageApi.FlowWrapper.QueryFundamentals,
            PackageApi.FlowWrapper.WhenCongestedAsync, PackageApi.FlowWrapper.WhenUncongestedAsync, PackageApi.FlowWrapper.WhenAvailableAsync,
        })
        {
            Assert.Contains(PublicMethods(), m => m.Name == name);
        }

        Assert.All(PackageApi.FlowWrapper.Inspected, name => Assert.Contains(name, PackageApi.FlowWrapper.Members(adaptive: true).Concat(PackageApi.FlowWrapper.Members(adaptive: false))));
    }

    private static MethodInfo[] PublicMethods() =>
        typeof(QosSession).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);

    private static string[] Constants(Type holder) =>
        holder.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();
}
