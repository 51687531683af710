using System;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;
using QosAnalyzers.Catalog;
using QosAnalyzers.Interop;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>Every raw P/Invoke and every backend seam member, by reflection, against the catalog.</summary>
public class SignatureTests
{
    private static readonly Type s_native = typeof(QOS_VERSION).Assembly.GetType("QosAnalyzers.Interop.QwaveNative", throwOnError: true)!;

    public static TheoryData<string> FunctionNames() => new(QwaveCatalog.Functions.Select(f => f.Name));

    [Fact]
    public void There_is_one_declaration_per_export_and_no_other()
    {
        string[] declared = s_native.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<LibraryImportAttribute>() is not null)
            .Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(QwaveCatalog.Functions.Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal), declared);
        Assert.Equal(11, declared.Length);
    }

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void PInvoke_binds_the_exact_export_with_SetLastError_and_WINAPI(string name)
    {
        MethodInfo method = NativeMethod(name);
        LibraryImportAttribute import = method.GetCustomAttribute<LibraryImportAttribute>()!;
        Assert.Equal(QwaveCatalog.ModuleName, import.LibraryName);
        Assert.Equal(name, import.EntryPoint);
        Assert.True(import.SetLastError);
        Assert.Null(import.StringMarshallingCustomType);

        // WINAPI is the platform default (stdcall on x86); any explicit convention must be stdcall.
        UnmanagedCallConvAttribute? callConv = method.GetCustomAttribute<UnmanagedCallConvAttribute>();
        Assert.True(callConv is null || callConv.CallConvs!.SequenceEqual(new[] { typeof(System.Runtime.CompilerServices.CallConvStdcall) }));

        // The public marker the analyzers recognize.
        Assert.Equal(name, method.GetCustomAttribute<QwaveEntryPointAttribute>()!.Name);

        // Internal: the public surface is the session and the interop types.
        Assert.False(method.IsPublic);
    }

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void PInvoke_parameters_match_the_native_ABI(string name) => AssertAbi(QwaveCatalog.Function(name), NativeMethod(name));

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Backend_seam_member_mirrors_the_native_signature(string name)
    {
        MethodInfo method = typeof(QwaveBackend).GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic)!;
        Assert.NotNull(method);
        Assert.True(method.IsAbstract);
        Assert.True(method.IsAssembly);
        AssertAbi(QwaveCatalog.Function(name), method);
    }

    [Fact]
    public void Native_declarations_are_marked_for_Windows_Vista()
    {
        Assert.Equal(
            "windows" + "6.0.6000",
            s_native.GetCustomAttribute<SupportedOSPlatformAttribute>()!.PlatformName);
        Assert.Equal(QwaveCatalog.SupportedOSPlatform, s_native.GetCustomAttribute<SupportedOSPlatformAttribute>()!.PlatformName);
        Type backend = typeof(QOS_VERSION).Assembly.GetType("QosAnalyzers.Interop.NativeQwaveBackend", throwOnError: true)!;
        Assert.Equal(QwaveCatalog.SupportedOSPlatform, backend.GetCustomAttribute<SupportedOSPlatformAttribute>()!.PlatformName);
    }

    /// <summary>
    /// The P/Invoke the SDK's LibraryImport generator made for each declaration: the import that really
    /// binds the export on net8.0. Blittable, so it takes the declaration's parameters unchanged.
    /// </summary>
    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void LibraryImport_stub_binds_the_exact_export_with_WINAPI_and_passes_every_argument_unchanged(string name)
    {
        MethodInfo declaration = NativeMethod(name);
        MethodInfo stub = Assert.Single(
            s_native.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly),
            m => m.GetCustomAttribute<DllImportAttribute>()?.EntryPoint == name);
        DllImportAttribute import = stub.GetCustomAttribute<DllImportAttribute>()!;
        Assert.Equal(QwaveCatalog.ModuleName, import.Value);
        Assert.True(import.ExactSpelling);
        Assert.Equal(CallingConvention.Winapi, import.CallingConvention);
        Assert.True(import.PreserveSig);
        Assert.Equal(declaration.ReturnType, stub.ReturnType);
        Assert.Equal(declaration.GetParameters().Select(p => p.ParameterType), stub.GetParameters().Select(p => p.ParameterType));
    }

    [Fact]
    public void NetStandard_build_has_one_DllImport_per_export_and_no_other()
    {
        Type native = NetStandardNative();
        string[] declared = native.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => (m.Attributes & MethodAttributes.PinvokeImpl) != 0)
            .Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(QwaveCatalog.Functions.Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal), declared);

        // The polyfilled [SupportedOSPlatform] carries the same platform as on net8.0.
        CustomAttributeData platform = Assert.Single(native.GetCustomAttributesData(), a => a.AttributeType.FullName == typeof(SupportedOSPlatformAttribute).FullName);
        Assert.Equal(QwaveCatalog.SupportedOSPlatform, platform.ConstructorArguments.Single().Value);
    }

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void NetStandard_DllImport_binds_the_exact_export_with_SetLastError_WINAPI_and_the_native_ABI(string name)
    {
        MethodInfo method = NetStandardNative().GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("No netstandard2.0 declaration for " + name);
        DllImportAttribute import = method.GetCustomAttribute<DllImportAttribute>()!;
        Assert.Equal(QwaveCatalog.ModuleName, import.Value);
        Assert.Equal(name, import.EntryPoint);
        Assert.True(import.SetLastError);
        Assert.True(import.ExactSpelling);
        Assert.Equal(CallingConvention.Winapi, import.CallingConvention);
        Assert.True(import.PreserveSig);
        Assert.False(method.IsPublic);

        CustomAttributeData entryPoint = Assert.Single(method.GetCustomAttributesData(), a => a.AttributeType.FullName == typeof(QwaveEntryPointAttribute).FullName);
        Assert.Equal(name, entryPoint.ConstructorArguments.Single().Value);

        AssertAbi(QwaveCatalog.Function(name), method);
    }

    [Fact]
    public void Both_builds_load_qwave_dll_from_System32_only()
    {
        foreach (Assembly runtime in new[] { typeof(QOS_VERSION).Assembly, NetStandardBuildTests.ForReflection })
        {
            Assert.Equal(DllImportSearchPath.System32, runtime.GetCustomAttribute<DefaultDllImportSearchPathsAttribute>()!.Paths);
        }
    }

    [Fact]
    public void Backend_cannot_be_derived_outside_the_runtime()
    {
        ConstructorInfo ctor = typeof(QwaveBackend).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic).Single();
        Assert.True(ctor.IsFamilyAndAssembly);
        Assert.NotNull(typeof(QwaveSimulator).GetConstructor(Type.EmptyTypes));
    }

    private static Type NetStandardNative() => NetStandardBuildTests.ForReflection.GetType("QosAnalyzers.Interop.QwaveNative", throwOnError: true)!;

    private static MethodInfo NativeMethod(string name) =>
        s_native.GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
        ?? throw new InvalidOperationException("No declaration for " + name);

    private static void AssertAbi(QwaveFunction function, MethodInfo method)
    {
        // BOOL is a 4-byte int, never a 1-byte bool.
        Assert.Equal(typeof(int), method.ReturnType);
        ParameterInfo[] parameters = method.GetParameters();
        Assert.Equal(function.Parameters.Count, parameters.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            QwaveParameter expected = function.Parameters[i];
            ParameterInfo actual = parameters[i];
            Assert.Equal(expected.Name, actual.Name, StringComparer.OrdinalIgnoreCase);
            Assert.False(actual.ParameterType.IsByRef, $"{function.Name}.{expected.Name} must be a pointer or value, not ref/out");
            // By name and assembly: the netstandard2.0 build's interop types are other types of the same names.
            Assert.Equal(Describe(ClrType(expected)), Describe(actual.ParameterType));

            // Pointer-sized where qos2.h has a pointer, HANDLE or SOCKET; 32-bit otherwise (QOS_FLOWID by value included).
            bool pointerSized = actual.ParameterType.IsPointer || actual.ParameterType == typeof(nint) || actual.ParameterType == typeof(nuint);
            Assert.Equal(expected.IsPointerSized, pointerSized);
            if (!pointerSized)
            {
                Type storage = actual.ParameterType.IsEnum ? Enum.GetUnderlyingType(actual.ParameterType) : actual.ParameterType;
                Assert.Equal(4, System.Runtime.InteropServices.Marshal.SizeOf(storage));
            }
        }
    }

    private static string Describe(Type type)
    {
        Type element = type;
        while (element.HasElementType)
        {
            element = element.GetElementType()!;
        }

        return type.FullName + ", " + element.Assembly.GetName().Name;
    }

    private static Type ClrType(QwaveParameter p) => p.Kind switch
    {
        AbiKind.Handle or AbiKind.Socket => typeof(nint),
        AbiKind.HandlePointer => typeof(nint*),
        AbiKind.SockAddrPointer => typeof(byte*),
        AbiKind.VersionPointer => typeof(QOS_VERSION*),
        AbiKind.Enum32 => typeof(QOS_VERSION).Assembly.GetType("QosAnalyzers.Interop." + p.EnumType, throwOnError: true)!,
        AbiKind.UInt32 or AbiKind.FlowId => typeof(uint),
        AbiKind.FlowIdPointer or AbiKind.UInt32Pointer => typeof(uint*),
        AbiKind.BufferPointer => typeof(void*),
        AbiKind.OverlappedPointer => typeof(NativeOverlapped*),
        _ => throw new InvalidOperationException("Unmapped ABI kind " + p.Kind),
    };
}
