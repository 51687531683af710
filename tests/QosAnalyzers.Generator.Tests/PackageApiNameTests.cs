// The generated wrapper declares exactly the members PackageApi lists, under the parameter names it
// lists: the member-collision check and the analyzers read that list, so it cannot drift from the emitter.
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Catalog;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class PackageApiNameTests
{
    private const string Flows = """
        using QosAnalyzers;

        namespace App
        {
            [QosFlow(QosTrafficType.Voice, Dscp = 46, OutgoingRate = 64_000, Shaping = QosShaping.ShapeAndMark)]
            public sealed partial class FixedFlow { }

            [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
            public sealed partial class AdaptiveFlow { }
        }
        """;

    [Theory]
    [InlineData("App.FixedFlow", false)]
    [InlineData("App.AdaptiveFlow", true)]
    public void The_generated_members_are_exactly_the_listed_ones(string flow, bool adaptive)
    {
        INamedTypeSymbol type = GeneratedType(flow);
        string[] generated = GeneratedMembers(type)
            .Where(m => m is not IMethodSymbol method || method.MethodKind == MethodKind.Ordinary)
            .Select(m => m.Name)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(PackageApi.FlowWrapper.Members(adaptive).OrderBy(n => n, StringComparer.Ordinal), generated);
        Assert.Equal(PackageApi.FlowWrapper.Members(adaptive).Length, PackageApi.FlowWrapper.Members(adaptive).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("App.FixedFlow")]
    [InlineData("App.AdaptiveFlow")]
    public void Every_generated_parameter_is_named_from_the_list(string flow)
    {
        var names = new HashSet<string>(
            Constants(typeof(PackageApi.Parameters)).Concat(new[] { PackageApi.FlowWrapper.SessionParameter, PackageApi.FlowWrapper.FlowParameter }),
            StringComparer.Ordinal);
        foreach (IMethodSymbol method in GeneratedMembers(GeneratedType(flow)).OfType<IMethodSymbol>())
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                Assert.True(names.Contains(parameter.Name), method.Name + " has a parameter " + parameter.Name + " that PackageApi does not name");
            }
        }
    }

    [Fact]
    public void Add_and_TryAdd_take_the_session_socket_and_destination_in_the_order_the_analyzers_read()
    {
        INamedTypeSymbol type = GeneratedType("App.FixedFlow");
        IMethodSymbol add = type.GetMembers(PackageApi.FlowWrapper.Add).OfType<IMethodSymbol>().Single();
        IMethodSymbol tryAdd = type.GetMembers(PackageApi.FlowWrapper.TryAdd).OfType<IMethodSymbol>().Single();

        Assert.True(add.IsStatic && tryAdd.IsStatic);
        Assert.Equal(
            new[] { PackageApi.FlowWrapper.SessionParameter, PackageApi.Parameters.Socket, PackageApi.Parameters.Destination },
            add.Parameters.Select(p => p.Name));
        Assert.Equal(
            new[] { PackageApi.FlowWrapper.SessionParameter, PackageApi.Parameters.Socket, PackageApi.Parameters.Destination, PackageApi.FlowWrapper.FlowParameter, PackageApi.Parameters.Error },
            tryAdd.Parameters.Select(p => p.Name));
        Assert.Equal(PackageApi.Session.MetadataName, add.Parameters[0].Type.ToDisplayString());
    }

    [Fact]
    public void The_inspected_members_carry_the_inspected_parameters()
    {
        INamedTypeSymbol adaptive = GeneratedType("App.AdaptiveFlow");
        foreach (string name in PackageApi.FlowWrapper.Inspected)
        {
            IMethodSymbol method = adaptive.GetMembers(name).OfType<IMethodSymbol>().Single();
            Assert.Contains(method.Parameters, p => p.Name is PackageApi.Parameters.BitsPerSecond or PackageApi.Parameters.Dscp);
        }
    }

    private static INamedTypeSymbol GeneratedType(string metadataName)
    {
        var (output, diagnostics, _) = TestCompilation.Run(TestCompilation.Create(Flows));
        Assert.Empty(diagnostics);
        Assert.True(output.GetDiagnostics().IsEmpty, TestCompilation.Describe(output.GetDiagnostics()));
        return output.GetTypeByMetadataName(metadataName) ?? throw new InvalidOperationException(metadataName + " not found");
    }

    private static IEnumerable<ISymbol> GeneratedMembers(INamedTypeSymbol type) =>
        type.GetMembers().Where(m => !m.IsImplicitlyDeclared
            && m.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath.EndsWith(".QosFlow.g.cs", StringComparison.Ordinal)));

    private static string[] Constants(Type holder) =>
        holder.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();
}
