using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.SignatureDoesNotMatchAbiAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS005;

public class Diagnostics
{
    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        Run.Analyzer<SignatureDoesNotMatchAbiAnalyzer>(new[] { source, Bindings.Types }, expected);

    /// <summary>A SafeHandle by value passes the handle it holds; where the call writes a new handle it must be 'out'.</summary>
    [Fact]
    public Task SafeHandle_by_value_where_the_call_writes_the_handle() => Verify("""
        using System.Runtime.InteropServices;
        using Interop;
        using Microsoft.Win32.SafeHandles;

        sealed class SafeQosHandle : SafeHandleZeroOrMinusOneIsInvalid
        {
            public SafeQosHandle() : base(true) { }
            protected override bool ReleaseHandle() => true;
        }

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static extern bool QOSCreateHandle(ref QOS_VERSION Version, {|#0:SafeQosHandle QOSHandle|});
        }
        """,
        Diagnostic().WithLocation(0));

    [Fact]
    public Task Handles_and_sockets_declared_32_bit_DllImport_bool() => Verify(WrongDeclarations.Handles_and_sockets_declared_32_bit_DllImport_bool,
        Diagnostic().WithLocation(0).WithArguments("QOSCreateHandle", "parameter 'handle' is 'out int' (it points to 4 bytes); the handle QOSCreateHandle writes is pointer-sized: PHANDLE, a pointer to the pointer-sized HANDLE the call writes: declare out nint, out IntPtr, nint* or an out SafeHandle"),
        Diagnostic().WithLocation(1).WithArguments("QOSCloseHandle", "parameter 'handle' is 'uint' (4 bytes); QOSHandle is HANDLE, pointer-sized: declare nint, IntPtr or a SafeHandle"),
        Diagnostic().WithLocation(2),
        Diagnostic().WithLocation(3).WithArguments("QOSAddSocketToFlow", "parameter 'socket' is 'int' (4 bytes); Socket is SOCKET (UINT_PTR), pointer-sized: declare nint, nuint or IntPtr"));

    [Fact]
    public Task FlowId_by_reference_where_it_is_by_value_and_vice_versa_DllImport_int_alias() => Verify(WrongDeclarations.FlowId_by_reference_where_it_is_by_value_and_vice_versa_DllImport_int_alias,
        Diagnostic().WithLocation(0).WithArguments("SetFlow", "parameter 'flow' is 'ref uint'; FlowId is passed by value, not by reference: QOS_FLOWID by value, 4 bytes: declare uint"),
        Diagnostic().WithLocation(1),
        Diagnostic().WithLocation(2).WithArguments("AddSocket", "parameter 'flow' is 'uint' (4 bytes); FlowId is PQOS_FLOWID, a pointer to the 4-byte id the call reads and writes: declare ref uint or uint*"),
        Diagnostic().WithLocation(3).WithArguments("AddSocketOut", "parameter 'flow' is 'out uint': QOSAddSocketToFlow reads FlowId on input (0 creates a new flow), and 'out' does not pass the caller's value: PQOS_FLOWID, a pointer to the 4-byte id the call reads and writes: declare ref uint or uint*"));

    [Fact]
    public Task One_byte_BOOL_returns() => Verify(WrongDeclarations.One_byte_BOOL_returns,
        Diagnostic().WithLocation(0).WithArguments("QOSCloseHandle", "it returns bool marshalled as 1 byte; qWAVE returns BOOL, a 4-byte int: return int, or bool marshalled as a 4-byte BOOL ([return: MarshalAs(UnmanagedType.Bool)])"),
        Diagnostic().WithLocation(1).WithArguments("CloseByte", "it returns 'byte' (1 byte); qWAVE returns BOOL, a 4-byte int: return int, or bool marshalled as a 4-byte BOOL"),
        Diagnostic().WithLocation(2).WithArguments("CloseVoid", "it returns void; qWAVE returns BOOL, a 4-byte int: return int, or bool marshalled as a 4-byte BOOL (the only failure signal)"),
        Diagnostic().WithLocation(3).WithArguments("CloseLibrary", "it returns bool without [return: MarshalAs(UnmanagedType.Bool)], which LibraryImport requires to read the 4-byte BOOL"),
        Diagnostic().WithLocation(4),
        Diagnostic().WithLocation(5));

    [Fact]
    public Task Bool_return_under_DisableRuntimeMarshalling() => Verify(WrongDeclarations.Bool_return_under_DisableRuntimeMarshalling);

    [Fact]
    public Task Enums_and_DWORDs_that_are_not_32_bit_LibraryImport() => Verify(WrongDeclarations.Enums_and_DWORDs_that_are_not_32_bit_LibraryImport,
        Diagnostic().WithLocation(0).WithArguments("QOSSetFlow", "parameter 'Operation' is 'SetOperation' (1 byte); Operation is QOS_SET_FLOW, a 4-byte C enum: declare int, uint or an enum over int"),
        Diagnostic().WithLocation(1),
        Diagnostic().WithLocation(2).WithArguments("QOSSetFlow", "parameter 'Flags' is 'uint' marshalled as 2 bytes; Flags is DWORD, 4 bytes: declare uint or int"),
        Diagnostic().WithLocation(3));

    [Fact]
    public Task Cdecl_in_DllImport_and_in_UnmanagedCallConv() => Verify(WrongDeclarations.Cdecl_in_DllImport_and_in_UnmanagedCallConv,
        Diagnostic().WithLocation(0).WithArguments("QOSCloseHandle", "it uses the Cdecl calling convention; qWAVE functions are WINAPI (stdcall on x86), so on x86 the stack is left unbalanced"),
        Diagnostic().WithLocation(1));

    [Fact]
    public Task Entry_points_misspelled_or_unknown() => Verify(WrongDeclarations.Entry_points_misspelled_or_unknown,
        Diagnostic().WithLocation(0).WithArguments("QosCreateHandle", "qwave.dll exports 'QOSCreateHandle', not 'QosCreateHandle'; export names are case-sensitive and have neither A/W variants nor decorations"),
        Diagnostic().WithLocation(1),
        Diagnostic().WithLocation(2),
        Diagnostic().WithLocation(3).WithArguments("SetFlowEx", "qwave.dll exports no 'QOSSetFlowEx'"));

    [Fact]
    public Task QWAVE_exports_imported_from_the_header_or_the_import_library() => Verify(WrongDeclarations.QWAVE_exports_imported_from_the_header_or_the_import_library,
        Diagnostic().WithLocation(0).WithArguments("QOSSetFlow", "QOSSetFlow is exported by qwave.dll, not by 'qos2.dll'"),
        Diagnostic().WithLocation(1).WithArguments("Close", "QOSCloseHandle is exported by qwave.dll, not by 'Qwave.lib'"),
        Diagnostic().WithLocation(2),
        Diagnostic().WithLocation(3).WithArguments("QOSCANCEL", "the export is 'QOSCancel', not 'QOSCANCEL'; export names are case-sensitive"));

    [Fact]
    public Task Parameter_count_and_order() => Verify(WrongDeclarations.Parameter_count_and_order,
        Diagnostic().WithLocation(0).WithArguments("QOSAddSocketToFlow", "the parameters are out of order: QOSAddSocketToFlow takes (HANDLE QOSHandle, SOCKET Socket, PSOCKADDR DestAddr, QOS_TRAFFIC_TYPE TrafficType, DWORD Flags, PQOS_FLOWID FlowId)"),
        Diagnostic().WithLocation(1).WithArguments("QOSSetFlow", "QOSSetFlow takes 7 parameters (HANDLE QOSHandle, QOS_FLOWID FlowId, QOS_SET_FLOW Operation, ULONG Size, PVOID Buffer, DWORD Flags, LPOVERLAPPED Overlapped), but 6 parameters are declared"));

    [Fact]
    public Task Ref_and_out_OVERLAPPED_of_asynchronous_calls() => Verify(WrongDeclarations.Ref_and_out_OVERLAPPED_of_asynchronous_calls,
        Diagnostic().WithLocation(0).WithArguments("QOSSetFlow", "parameter 'Overlapped' is 'out NativeOverlapped', fixed in memory only during the call; QOSSetFlow may complete later and write the OVERLAPPED then: declare NativeOverlapped* (or nint) and pass memory that outlives the operation"),
        Diagnostic().WithLocation(1),
        Diagnostic().WithLocation(2),
        Diagnostic().WithLocation(3).WithArguments("CancelManaged", "parameter 'Overlapped' is 'Overlapped' (a managed object, not the native OVERLAPPED); Overlapped is LPOVERLAPPED, a pointer: declare NativeOverlapped* or nint"));

    [Fact]
    public Task Values_passed_where_pointers_are_expected_and_PreserveSig() => Verify(WrongDeclarations.Values_passed_where_pointers_are_expected_and_PreserveSig,
        Diagnostic().WithLocation(0).WithArguments("QOSCreateHandle", "parameter 'Version' is 'QOS_VERSION' (4 bytes); Version is PQOS_VERSION, a pointer the call reads: declare ref or in QOS_VERSION, or QOS_VERSION*"),
        Diagnostic().WithLocation(1),
        Diagnostic().WithLocation(2).WithArguments("QOSQueryFlow", "parameter 'Size' is 'in uint': QOSQueryFlow writes Size, which 'in' declares read-only: PULONG, a pointer to the 4-byte size the call reads and writes: declare ref uint or uint*"),
        Diagnostic().WithLocation(3));

    [Fact]
    public Task CsWin32_style_with_a_wrong_HANDLE_struct() => Verify(WrongDeclarations.CsWin32_style_with_a_wrong_HANDLE_struct);

    [Fact]
    public Task Native_structs_with_a_wrong_layout() => Run.Analyzer<SignatureDoesNotMatchAbiAnalyzer>(new[] { WrongDeclarations.Native_structs_with_a_wrong_layout,
        // Struct layouts are judged only where qWAVE is reachable at all.
        Bindings.DllImportBool,
    },
        Diagnostic().WithLocation(0).WithArguments("QOS_FLOW_FUNDAMENTALS", "Pack = 1 puts field 'BottleneckBandwidth' at offset 4; qos2.h has BottleneckBandwidth at offset 8 (natural alignment, 40 bytes in all)"),
        Diagnostic().WithLocation(1).WithArguments("QOS_FLOWRATE_OUTGOING", "field 'Bandwidth' is 'uint' (4 bytes); qos2.h has UINT64 Bandwidth (8 bytes) in the 16-byte QOS_FLOWRATE_OUTGOING: declare ulong"),
        Diagnostic().WithLocation(3).WithArguments("PacketPriority", "field 'NonConformantL2Value' is 'byte' (1 byte); qos2.h has ULONG NonConformantL2Value (4 bytes) in the 16-byte QOS_PACKET_PRIORITY: declare uint"),
        Diagnostic().WithLocation(4).WithArguments("QOS_PACKET_PRIORITY", "LayoutKind.Auto lets the runtime reorder the fields; QOS_PACKET_PRIORITY needs LayoutKind.Sequential"));
}
