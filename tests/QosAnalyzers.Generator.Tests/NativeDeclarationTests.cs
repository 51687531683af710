// The [QwaveNativeMethods] output, compiled and loaded, checked against the native-API catalog:
// module, entry point, SetLastError, calling convention, blittable parameter types of the right
// size and order, and the markers the analyzers read.
using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Runtime.Versioning;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using QosAnalyzers.Catalog;
using QosAnalyzers.Generator.Tests.Infrastructure;

namespace QosAnalyzers.Generator.Tests;

public class NativeDeclarationTests
{
    private static Type CompileAndLoad(string source, string typeName)
    {
        var (output, _, _) = TestCompilation.Run(TestCompilation.Create(source));
        using var stream = new MemoryStream();
        EmitResult emitted = output.Emit(stream);
        Assert.True(emitted.Success, TestCompilation.Describe(emitted.Diagnostics));
        stream.Position = 0;

        // The runtime assembly resolves from the default context, where the tests loaded it.
        var context = new AssemblyLoadContext("native-declarations", isCollectible: true);
        return context.LoadFromStream(stream).GetType(typeName, throwOnError: true)!;
    }

    [Fact]
    public void Every_catalog_function_is_declared_exactly()
    {
        Type qwave = CompileAndLoad(Inputs.AllNativeMethods, "Contoso.Interop.Qwave");
        MethodInfo[] methods = qwave.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly);
        Assert.Equal(QwaveCatalog.Functions.Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal), methods.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));

        foreach (QwaveFunction function in QwaveCatalog.Functions)
        {
            MethodInfo method = methods.Single(m => m.Name == function.Name);
            AssertDeclaration(function, method);
        }
    }

    private static void AssertDeclaration(QwaveFunction function, MethodInfo method)
    {
        Assert.True((method.Attributes & MethodAttributes.PinvokeImpl) != 0, function.Name + " is not a P/Invoke");
        DllImportAttribute import = method.GetCustomAttribute<DllImportAttribute>()!;
        Assert.Equal(QwaveCatalog.ModuleName, import.Value);
        Assert.Equal(function.Name, import.EntryPoint);
        Assert.True(import.SetLastError, function.Name + " lacks SetLastError");
        Assert.True(import.ExactSpelling);
        Assert.Equal(CallingConvention.Winapi, import.CallingConvention);
        Assert.True((method.MethodImplementationFlags & MethodImplAttributes.PreserveSig) != 0);

        // BOOL is a 4-byte int.
        Assert.Equal(typeof(int), method.ReturnType);

        Assert.Equal(function.Name, method.GetCustomAttribute<QwaveEntryPointAttribute>()!.Name);
        Assert.Equal(QwaveCatalog.SupportedOSPlatform, method.GetCustomAttribute<SupportedOSPlatformAttribute>()!.PlatformName);

        ParameterInfo[] parameters = method.GetParameters();
        Assert.Equal(function.Parameters.Count, parameters.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            QwaveParameter native = function.Parameters[i];
            Type type = parameters[i].ParameterType;
            string where = function.Name + "." + native.Name;

            Assert.False(type.IsByRef, where + " is by-ref; the declaration must be blittable");
            Assert.Equal(native.IsPointerSized, type.IsPointer || type == typeof(nint));
            Assert.Equal(native.IsPointerSized ? IntPtr.Size : 4, SizeOf(type));
            Assert.Equal(ExpectedType(native), type);
        }

        // x86 stdcall argument bytes follow from the types: 4 per parameter there.
        Assert.Equal(function.X86StackBytes, 4 * parameters.Length);
    }

    private static int SizeOf(Type type) =>
        type.IsPointer || type == typeof(nint) ? IntPtr.Size : Marshal.SizeOf(type.IsEnum ? Enum.GetUnderlyingType(type) : type);

    private static Type ExpectedType(QwaveParameter native) => native.Kind switch
    {
        AbiKind.Handle or AbiKind.Socket => typeof(nint),
        AbiKind.HandlePointer => typeof(nint*),
        AbiKind.SockAddrPointer or AbiKind.BufferPointer => typeof(void*),
        AbiKind.VersionPointer => typeof(QosAnalyzers.Interop.QOS_VERSION*),
        AbiKind.Enum32 => typeof(QosSession).Assembly.GetType("QosAnalyzers.Interop." + native.EnumType, throwOnError: true)!,
        AbiKind.UInt32 or AbiKind.FlowId => typeof(uint),
        AbiKind.FlowIdPointer or AbiKind.UInt32Pointer => typeof(uint*),
        AbiKind.OverlappedPointer => typeof(NativeOverlapped*),
        _ => throw new ArgumentOutOfRangeException(nameof(native), native.Kind, null),
    };

    [Fact]
    public void Enums_and_structs_used_by_the_declarations_have_the_catalog_sizes()
    {
        foreach (QwaveParameter parameter in QwaveCatalog.Functions.SelectMany(f => f.Parameters).Where(p => p.Kind == AbiKind.Enum32))
        {
            Type type = ExpectedType(parameter);
            Assert.Equal(typeof(int), Enum.GetUnderlyingType(type));
        }

        Assert.Equal(QwaveCatalog.Struct("QOS_VERSION")!.Size, Marshal.SizeOf<QosAnalyzers.Interop.QOS_VERSION>());
    }

    [Fact]
    public void A_selection_declares_only_the_selected_functions_in_catalog_order()
    {
        Type handles = CompileAndLoad(Inputs.SelectedNativeMethods, "Contoso.Interop.Outer+Handles");
        string[] names = handles.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .OrderBy(m => m.MetadataToken).Select(m => m.Name).ToArray();
        Assert.Equal(new[] { "QOSCreateHandle", "QOSCloseHandle" }, names);
    }

    [Fact]
    public void Declarations_are_DllImport_so_they_work_without_the_LibraryImport_generator()
    {
        var (_, _, result) = TestCompilation.Run(TestCompilation.Create(Inputs.AllNativeMethods));
        string text = TestCompilation.GeneratedSources(result).Values.Single();
        Assert.DoesNotContain("LibraryImport", text, StringComparison.Ordinal);
        Assert.Equal(QwaveCatalog.Functions.Count, text.Split("static extern int ").Length - 1);
    }

    [Fact]
    public void With_runtime_marshalling_disabled_the_last_error_is_captured_without_SetLastError()
    {
        Type qwave = CompileAndLoad(Inputs.NativeMethodsWithoutRuntimeMarshalling, "Contoso.Interop.QwaveNoMarshalling");
        const BindingFlags Static = BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;

        foreach (string name in new[] { "QOSCreateHandle", "QOSSetFlow" })
        {
            QwaveFunction function = QwaveCatalog.Function(name);
            MethodInfo wrapper = qwave.GetMethods(Static).Single(m => m.Name == name);
            Assert.True((wrapper.Attributes & MethodAttributes.PinvokeImpl) == 0);
            Assert.Equal(name, wrapper.GetCustomAttribute<QwaveEntryPointAttribute>()!.Name);
            Assert.Equal(function.Parameters.Count, wrapper.GetParameters().Length);

            // The import itself is a local function: same signature, no SetLastError.
            MethodInfo import = qwave.GetMethods(Static).Single(m => m.Name.StartsWith("<" + name + ">", StringComparison.Ordinal));
            DllImportAttribute dllImport = import.GetCustomAttribute<DllImportAttribute>()!;
            Assert.Equal(QwaveCatalog.ModuleName, dllImport.Value);
            Assert.Equal(name, dllImport.EntryPoint);
            Assert.False(dllImport.SetLastError);
            Assert.Equal(wrapper.GetParameters().Select(p => p.ParameterType), import.GetParameters().Select(p => p.ParameterType));
        }
    }
}
