using System;
using System.Linq;
using System.Reflection;
using QosAnalyzers.Catalog;
using QosAnalyzers.Interop;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>Every constant and enum value against the catalog.</summary>
public class ConstantTests
{
    public static TheoryData<string> EnumNames() => new(QwaveCatalog.Enums.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(EnumNames))]
    public void Interop_enum_has_exactly_the_catalog_members_and_values(string name)
    {
        QwaveEnum native = QwaveCatalog.Enum(name)!;
        Type managed = typeof(QOS_VERSION).Assembly.GetType("QosAnalyzers.Interop." + name)!;
        Assert.NotNull(managed);
        Assert.True(managed.IsPublic);
        Assert.Equal(typeof(int), Enum.GetUnderlyingType(managed));
        Assert.Equal(
            native.Members.Select(m => (m.Key, m.Value)),
            Enum.GetNames(managed).Select(n => (n, (int)Enum.Parse(managed, n))));
    }

    [Theory]
    [InlineData(typeof(QosTrafficType), "QOS_TRAFFIC_TYPE", "QOSTrafficType")]
    [InlineData(typeof(QosShaping), "QOS_SHAPING", "QOS")]
    [InlineData(typeof(QosFlowRateReason), "QOS_FLOWRATE_REASON", "QOSFlowRate")]
    public void Public_enum_mirrors_the_native_enum(Type managed, string nativeName, string nativePrefix)
    {
        QwaveEnum native = QwaveCatalog.Enum(nativeName)!;
        Assert.Equal(typeof(int), Enum.GetUnderlyingType(managed));
        Assert.Equal(
            native.Members.Select(m => (m.Key.Substring(nativePrefix.Length), m.Value)),
            Enum.GetNames(managed).Select(n => (n, (int)Enum.Parse(managed, n))));
    }

    [Fact]
    public void Flag_and_bandwidth_constants_equal_the_header_values()
    {
        Assert.Equal(0x00000001u, QwaveConstants.QOS_QUERYFLOW_FRESH);
        Assert.Equal(0x00000002u, QwaveConstants.QOS_NON_ADAPTIVE_FLOW);

        // A 32-bit sentinel in the 64-bit field, not ulong.MaxValue.
        Assert.Equal(0x00000000FFFFFFFFUL, QwaveConstants.QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH);
        Assert.NotEqual(ulong.MaxValue, QwaveConstants.QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH);
        Assert.Equal(QwaveCatalog.QOS_QUERYFLOW_FRESH, QwaveConstants.QOS_QUERYFLOW_FRESH);
        Assert.Equal(QwaveCatalog.QOS_NON_ADAPTIVE_FLOW, QwaveConstants.QOS_NON_ADAPTIVE_FLOW);
        Assert.Equal((1, 0), (QwaveConstants.QOS_VERSION_MAJOR, QwaveConstants.QOS_VERSION_MINOR));
        Assert.Equal((2, 23), (QwaveConstants.AF_INET, QwaveConstants.AF_INET6));
    }

    [Fact]
    public void Every_catalog_error_code_is_a_public_constant_with_its_value()
    {
        var constants = typeof(QwaveConstants).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.Name.StartsWith("ERROR_", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
        Assert.Equal(QwaveCatalog.ErrorCodes.Count, constants.Count);
        foreach (QwaveErrorCode code in QwaveCatalog.ErrorCodes)
        {
            Assert.Equal(code.Value, constants[code.Name]);
        }
    }

    [Theory]
    [InlineData("ERROR_ACCESS_DENIED", 5)]
    [InlineData("ERROR_INVALID_HANDLE", 6)]
    [InlineData("ERROR_GEN_FAILURE", 31)]
    [InlineData("ERROR_NOT_SUPPORTED", 50)]
    [InlineData("ERROR_NETWORK_BUSY", 54)]
    [InlineData("ERROR_INVALID_PARAMETER", 87)]
    [InlineData("ERROR_INSUFFICIENT_BUFFER", 122)]
    [InlineData("ERROR_ALREADY_EXISTS", 183)]
    [InlineData("ERROR_NO_DATA", 232)]
    [InlineData("ERROR_OPERATION_ABORTED", 995)]
    [InlineData("ERROR_IO_PENDING", 997)]
    [InlineData("ERROR_DEVICE_REINITIALIZATION_NEEDED", 1164)]
    [InlineData("ERROR_NOT_FOUND", 1168)]
    [InlineData("ERROR_RETRY", 1237)]
    public void Error_codes_have_their_winerror_values(string name, int value)
    {
        Assert.Equal(value, (int)typeof(QwaveConstants).GetField(name)!.GetRawConstantValue()!);
    }

    [Fact]
    public void Buffer_contracts_match_the_interop_struct_sizes()
    {
        foreach (QwaveBufferContract contract in QwaveCatalog.BufferContracts.Where(c => c.BufferType is not null))
        {
            int expected = contract.BufferType switch
            {
                "QOS_TRAFFIC_TYPE" => sizeof(QOS_TRAFFIC_TYPE),
                "DWORD" => sizeof(uint),
                "UINT64" => sizeof(ulong),
                _ => System.Runtime.InteropServices.Marshal.SizeOf(typeof(QOS_VERSION).Assembly.GetType("QosAnalyzers.Interop." + contract.BufferType)!),
            };
            Assert.Equal(expected, contract.Size);
        }
    }
}
