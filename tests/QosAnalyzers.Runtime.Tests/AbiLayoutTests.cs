using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using QosAnalyzers.Catalog;
using QosAnalyzers.Interop;

namespace QosAnalyzers.Runtime.Tests;

/// <summary>Every struct's size and every field's offset and width, against the catalog.</summary>
public class AbiLayoutTests
{
    public static TheoryData<string> StructNames() => new(QwaveCatalog.Structs.Select(s => s.Name));

    private static Type ManagedStruct(string name) =>
        typeof(QOS_VERSION).Assembly.GetType("QosAnalyzers.Interop." + name) ?? throw new InvalidOperationException("No managed struct " + name);

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Struct_size_matches_the_catalog(string name)
    {
        QwaveStruct native = QwaveCatalog.Struct(name)!;
        Type managed = ManagedStruct(name);
        Assert.True(managed.IsValueType);
        Assert.True(managed.IsLayoutSequential);
        Assert.Equal(native.Size, Marshal.SizeOf(managed));
        Assert.Equal(native.Size, UnsafeSizeOf(managed));
    }

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Every_field_sits_at_the_catalog_offset_with_the_catalog_width(string name)
    {
        QwaveStruct native = QwaveCatalog.Struct(name)!;
        Type managed = ManagedStruct(name);
        FieldInfo[] fields = managed.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.Equal(native.Fields.Select(f => f.Name), fields.Select(f => f.Name));
        foreach (QwaveField field in native.Fields)
        {
            FieldInfo info = managed.GetField(field.Name)!;
            Assert.True(info.IsPublic);
            Assert.Equal(field.Offset, (int)Marshal.OffsetOf(managed, field.Name));
            Assert.Equal(field.Size, UnsafeSizeOf(info.FieldType));

            // Blittable and exact: BOOL is int (not bool), enums are 32-bit, no pointer-sized fields.
            Type storage = info.FieldType.IsEnum ? Enum.GetUnderlyingType(info.FieldType) : info.FieldType;
            Assert.Contains(storage, new[] { typeof(ushort), typeof(int), typeof(uint), typeof(ulong) });
            Assert.Equal(ExpectedClrType(field.NativeType), info.FieldType);
        }
    }

    /// <summary>
    /// x86 cannot run here, so the layout is computed with MSVC's rules for both pointer sizes (UINT64
    /// aligned to 8 inside structs on x86 too, default 8-byte packing). Every qWAVE struct is
    /// pointer-free, so the two results must be identical and equal the catalog.
    /// </summary>
    [Theory]
    [MemberData(nameof(StructNames))]
    public void Computed_x86_and_x64_layouts_equal_the_catalog(string name)
    {
        QwaveStruct native = QwaveCatalog.Struct(name)!;
        foreach (int pointerSize in new[] { 4, 8 })
        {
            (int size, int alignment, int[] offsets) = MsvcLayout(native.Fields.Select(f => f.NativeType), pointerSize);
            Assert.Equal(native.Size, size);
            Assert.Equal(native.Alignment, alignment);
            Assert.Equal(native.Fields.Select(f => f.Offset), offsets);
        }
    }

    [Theory]
    [MemberData(nameof(StructNames))]
    public void NetStandard_build_struct_has_the_catalog_size_and_offsets(string name)
    {
        QwaveStruct native = QwaveCatalog.Struct(name)!;
        Type managed = NetStandardBuildTests.ForReflection.GetType("QosAnalyzers.Interop." + name, throwOnError: true)!;
        Assert.True(managed.IsLayoutSequential);
        Assert.Equal(native.Size, Marshal.SizeOf(managed));
        Assert.Equal(native.Fields.Select(f => f.Name), managed.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Select(f => f.Name));
        Assert.Equal(native.Fields.Select(f => f.Offset), native.Fields.Select(f => (int)Marshal.OffsetOf(managed, f.Name)));
    }

    [Fact]
    public void Overlapped_is_20_bytes_on_x86_and_32_on_x64()
    {
        // OVERLAPPED = ULONG_PTR Internal, ULONG_PTR InternalHigh, {DWORD Offset, DWORD OffsetHigh}, HANDLE hEvent.
        // The struct's layout is platform-independent; its Windows-only annotation is about its use.
#pragma warning disable CA1416
        Assert.Equal(IntPtr.Size == 8 ? 32 : 20, Marshal.SizeOf<NativeOverlapped>());
#pragma warning restore CA1416
        Assert.Equal(20, MsvcLayout(new[] { "ULONG_PTR", "ULONG_PTR", "DWORD", "DWORD", "HANDLE" }, 4).Size);
        Assert.Equal(32, MsvcLayout(new[] { "ULONG_PTR", "ULONG_PTR", "DWORD", "DWORD", "HANDLE" }, 8).Size);
    }

    [Fact]
    public void The_catalog_covers_exactly_the_public_interop_structs()
    {
        string[] managed = typeof(QOS_VERSION).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "QosAnalyzers.Interop" && t.IsValueType && !t.IsEnum)
            .Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(QwaveCatalog.Structs.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal), managed);
    }

    private static Type ExpectedClrType(string nativeType) => nativeType switch
    {
        "USHORT" => typeof(ushort),
        "BOOL" => typeof(int),
        "UINT64" => typeof(ulong),
        "UINT32" or "ULONG" or "DWORD" => typeof(uint),
        "QOS_SHAPING" => typeof(QOS_SHAPING),
        "QOS_FLOWRATE_REASON" => typeof(QOS_FLOWRATE_REASON),
        _ => throw new InvalidOperationException("Unmapped native type " + nativeType),
    };

    private static (int Size, int Alignment, int[] Offsets) MsvcLayout(IEnumerable<string> nativeTypes, int pointerSize)
    {
        int offset = 0;
        int maxAlign = 1;
        var offsets = new List<int>();
        foreach (string type in nativeTypes)
        {
            int size = type switch
            {
                "USHORT" => 2,
                "BOOL" or "UINT32" or "ULONG" or "DWORD" or "QOS_SHAPING" or "QOS_FLOWRATE_REASON" => 4,
                "UINT64" => 8,
                "ULONG_PTR" or "HANDLE" => pointerSize,
                _ => throw new InvalidOperationException("Unmapped native type " + type),
            };
            int align = Math.Min(size, 8);
            offset = (offset + align - 1) / align * align;
            offsets.Add(offset);
            offset += size;
            maxAlign = Math.Max(maxAlign, align);
        }

        return ((offset + maxAlign - 1) / maxAlign * maxAlign, maxAlign, offsets.ToArray());
    }

    private static int UnsafeSizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
}
