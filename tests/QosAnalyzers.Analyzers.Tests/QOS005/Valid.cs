using System;
using System.Linq;
using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS005;

public class Valid
{
    private static string WithoutTypes(string bindings) => bindings.Replace(Bindings.Types, string.Empty, StringComparison.Ordinal);

    [Fact]
    public Task Every_binding_style_of_the_tests() => Run.Analyzer<SignatureDoesNotMatchAbiAnalyzer>(new[]
    {
        Bindings.DllImportBool,
        WithoutTypes(Bindings.DllImportIntAlias),
        WithoutTypes(Bindings.LibraryImportPointers),
        WithoutTypes(Bindings.CsWin32),
        WithoutTypes(Bindings.EntryPointMarked),
    });

    [Fact]
    public Task The_runtimes_own_declarations_and_structs() => Run.Analyzer<SignatureDoesNotMatchAbiAnalyzer>(new[]
    {
        CanonicalDeclarations.RuntimeInterop("QwaveNative.cs"),
    }.Concat(CanonicalDeclarations.RuntimeTypes()).Concat(CanonicalDeclarations.Catalog()).ToArray());

    [Fact]
    public Task The_generators_declarations() => VerifyGenerated("""
        using QosAnalyzers;

        namespace Contoso.Interop;

        [QwaveNativeMethods]
        internal static partial class Qwave
        {
        }
        """);

    [Fact]
    public Task The_generators_declarations_under_DisableRuntimeMarshalling() => VerifyGenerated("""
        using QosAnalyzers;

        [assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]

        namespace Contoso.Interop
        {
            [QwaveNativeMethods]
            internal static partial class QwaveNoMarshalling
            {
            }
        }
        """);

    /// <summary>
    /// The generator's output, added as a hand-written document (header removed) so the analyzer looks at
    /// it; the generator itself does not run again here.
    /// </summary>
    private static Task VerifyGenerated(string user)
    {
        var test = new QosAnalyzerTest(new SignatureDoesNotMatchAbiAnalyzer());
        test.TestState.Sources.AddRange(new[] { user, CanonicalDeclarations.Generated(user) }.Concat(CanonicalDeclarations.RuntimeTypes()));
        test.TestState.AdditionalReferences.AddRange(ShippedPackage.References(test.ReferenceAssemblies));
        return test.RunAsync();
    }

    /// <summary>
    /// A SafeHandle is marshalled as its handle value, so one that owns native sockaddr or buffer memory is a
    /// valid pointer parameter, however deep below SafeHandle it derives (as public binding libraries declare it).
    /// </summary>
    [Fact]
    public Task SafeHandle_subclasses_owning_native_memory_as_pointer_parameters() => Run.Analyzer<SignatureDoesNotMatchAbiAnalyzer>(new[]
    {
        """
        using System;
        using System.Runtime.InteropServices;
        using Interop;
        using Microsoft.Win32.SafeHandles;

        abstract class SafeMemoryHandle : SafeHandleZeroOrMinusOneIsInvalid
        {
            protected SafeMemoryHandle() : base(true) { }
            protected override bool ReleaseHandle() { Marshal.FreeHGlobal(handle); return true; }
        }

        class SafeSockAddr : SafeMemoryHandle { }

        sealed class SafeSockAddrIn6 : SafeSockAddr { }

        sealed class SafeCoTaskMemBuffer : SafeMemoryHandle { }

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, IntPtr Socket, SafeSockAddrIn6 DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, ref uint FlowId);

            [DllImport("qwave.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static extern bool QOSStartTrackingClient(IntPtr QOSHandle, SafeSockAddr DestAddr, uint Flags);

            [DllImport("qwave.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static extern bool QOSSetFlow(IntPtr QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, SafeCoTaskMemBuffer Buffer, uint Flags, IntPtr Overlapped);
        }
        """,
        Bindings.Types,
    });

    [Fact]
    public Task Every_valid_spelling_of_each_parameter() => Run.Analyzer<SignatureDoesNotMatchAbiAnalyzer>(new[]
    {
        """
        using System;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interop;
        using Microsoft.Win32.SafeHandles;

        sealed class QosSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
        {
            public QosSafeHandle() : base(true) { }
            protected override bool ReleaseHandle() => true;
        }

        enum TrafficType : uint { BestEffort, Voice = 4 }

        [StructLayout(LayoutKind.Sequential)]
        sealed class SockAddrIn
        {
            public short Family;
            public ushort Port;
            public uint Address;
            public ulong Zero;
        }

        static unsafe partial class Spellings
        {
            // SafeHandles, in and pointer versions, UIntPtr and nuint, uint enums, arrays, ref byte.
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(in QOS_VERSION Version, out QosSafeHandle QOSHandle);
            [DllImport("qwave", EntryPoint = "QOSCreateHandle", SetLastError = true, CallingConvention = CallingConvention.StdCall)]
            public static extern uint CreateRaw(QOS_VERSION* version, void* handle);
            [DllImport("qwave", EntryPoint = "QOSCreateHandle", SetLastError = true, CallingConvention = CallingConvention.Winapi)]
            public static extern int CreateRawPointer(IntPtr version, ref UIntPtr handle);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCloseHandle(QosSafeHandle QOSHandle);
            [DllImport("qwave.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static extern bool QOSAddSocketToFlow(SafeHandle QOSHandle, nuint Socket, SockAddrIn DestAddr, TrafficType TrafficType, int Flags, uint[] FlowId);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSRemoveSocketFromFlow(UIntPtr QOSHandle, SafeSocketHandleLike Socket, int FlowId, [MarshalAs(UnmanagedType.U4)] uint Flags);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSSetFlow(nint QOSHandle, uint FlowId, int Operation, int Size, ref byte Buffer, uint Flags, NativeOverlapped* Overlapped);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSQueryFlow(nint QOSHandle, uint FlowId, uint Operation, uint* Size, out QOS_VERSION Buffer, uint Flags, nint Overlapped);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSEnumerateFlows(nint QOSHandle, ref int Size, uint[] Buffer);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSStartTrackingClient(nint QOSHandle, byte[] DestAddr, uint Flags);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSStopTrackingClient(nint QOSHandle, in SockAddrInStruct DestAddr, uint Flags);

            // A LibraryImport with an explicit stdcall (a ref NativeOverlapped would need DisableRuntimeMarshalling: SYSLIB1051 in a real build).
            [LibraryImport("qwave.dll", SetLastError = true)]
            [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvStdcall), typeof(CallConvSuppressGCTransition) })]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static partial bool QOSCancel(nint QOSHandle, NativeOverlapped* Overlapped);
            [LibraryImport("qwave.dll", EntryPoint = "QOSNotifyFlow", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.I4)]
            public static partial int Notify(nint handle, uint flowId, QOS_NOTIFY_FLOW operation, uint* size, void* buffer, uint flags, NativeOverlapped* overlapped);
        }

        sealed class SafeSocketHandleLike : SafeHandleZeroOrMinusOneIsInvalid
        {
            public SafeSocketHandleLike() : base(true) { }
            protected override bool ReleaseHandle() => true;
        }

        struct SockAddrInStruct { public short Family; public ushort Port; public uint Address; public ulong Zero; }
        """,
        Bindings.Types,
    });

    [Fact]
    public Task Exports_outside_the_API_ordinals_and_other_modules_are_not_judged() => Run.Analyzer<SignatureDoesNotMatchAbiAnalyzer>(new[]
    {
        """
        using System;
        using System.Runtime.InteropServices;

        static class Misc
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern int QDLHPathDiagnostics(IntPtr a);

            [DllImport("qwave.dll", EntryPoint = "#7", SetLastError = true)]
            public static extern int ByOrdinal(long whatever);

            // A shim of the user's own, or another library: not qWAVE's to judge.
            [DllImport("kernel32.dll", EntryPoint = "QOSCloseHandle")]
            public static extern byte CloseElsewhere(int handle);

            [DllImport("myqos.dll")]
            public static extern void QOSSetFlow(int handle);
        }
        """,
    });

    [Fact]
    public Task Native_structs_with_the_exact_layout() => Run.Analyzer<SignatureDoesNotMatchAbiAnalyzer>(new[]
    {
        """
        using System.Runtime.InteropServices;

        // bool fields are marshalled as the 4-byte BOOL; explicit offsets that match are fine.
        struct QOS_FLOW_FUNDAMENTALS
        {
            public bool BottleneckBandwidthSet;
            public ulong BottleneckBandwidth;
            public bool AvailableBandwidthSet;
            public ulong AvailableBandwidth;
            public bool RTTSet;
            public uint RTT;
        }

        [StructLayout(LayoutKind.Explicit, Size = 16)]
        struct QosFlowrateOutgoing
        {
            [FieldOffset(0)] public ulong Bandwidth;
            [FieldOffset(8)] public int ShapingBehavior;
            [FieldOffset(12)] public int Reason;
        }

        [StructLayout(LayoutKind.Sequential, Pack = 4)]
        struct PacketPriority
        {
            public uint ConformantDSCPValue, NonConformantDSCPValue, ConformantL2Value, NonConformantL2Value;
        }

        // Not a qWAVE struct: other names, other fields.
        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        struct FlowStats { public uint Bandwidth; public byte Reason; }
        """,
        Bindings.DllImportBool,
    });
}
