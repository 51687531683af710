namespace QosAnalyzers.Analyzers.Tests.QOS005;

/// <summary>The declarations QOS005 reports, shared by the diagnostic tests and the check that the fix repairs each.</summary>
internal static class WrongDeclarations
{
    public const string Handles_and_sockets_declared_32_bit_DllImport_bool = """
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(ref QOS_VERSION version, {|#0:out int handle|});

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCloseHandle({|#1:uint handle|});

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSAddSocketToFlow({|#2:long handle|}, {|#3:int socket|}, IntPtr destAddr, QOS_TRAFFIC_TYPE trafficType, uint flags, ref uint flowId);
        }
        """;

    public const string FlowId_by_reference_where_it_is_by_value_and_vice_versa_DllImport_int_alias = """
        using System.Runtime.InteropServices;
        using Interop;

        static unsafe class Native
        {
            private const string Library = "QWAVE";

            [DllImport(Library, EntryPoint = "QOSSetFlow", SetLastError = true)]
            public static extern int SetFlow(nint handle, {|#0:ref uint flow|}, QOS_SET_FLOW operation, uint size, nint buffer, uint reserved, nint overlapped);

            [DllImport(Library, EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
            public static extern int RemoveSocket(nint handle, nint socket, {|#1:uint* flow|}, uint reserved);

            [DllImport(Library, EntryPoint = "QOSAddSocketToFlow", SetLastError = true)]
            public static extern int AddSocket(nint handle, nint socket, nint destination, QOS_TRAFFIC_TYPE type, uint options, {|#2:uint flow|});

            [DllImport(Library, EntryPoint = "QOSAddSocketToFlow", SetLastError = true)]
            public static extern int AddSocketOut(nint handle, nint socket, nint destination, QOS_TRAFFIC_TYPE type, uint options, {|#3:out uint flow|});
        }
        """;

    public const string One_byte_BOOL_returns = """
        using System.Runtime.InteropServices;

        static partial class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.U1)]
            public static extern {|#0:bool|} QOSCloseHandle(nint handle);

            [DllImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            public static extern {|#1:byte|} CloseByte(nint handle);

            [DllImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            public static extern {|#2:void|} CloseVoid(nint handle);

            [LibraryImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            internal static partial {|#3:bool|} {|SYSLIB1051:CloseLibrary|}(nint handle);

            [LibraryImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.I1)]
            internal static partial {|#4:bool|} CloseLibraryI1(nint handle);

            [DllImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            public static extern {|#5:long|} CloseLong(nint handle);
        }
        """;

    public const string Bool_return_under_DisableRuntimeMarshalling = """
        using System.Runtime.InteropServices;

        [assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]

        static class Qwave
        {
            [DllImport("qwave.dll")]
            public static extern [|bool|] QOSCloseHandle(nint handle);
        }
        """;

    public const string Enums_and_DWORDs_that_are_not_32_bit_LibraryImport = """
        using System.Runtime.InteropServices;
        using System.Threading;

        enum SetOperation : byte { TrafficType, OutgoingRate, Dscp }
        enum TrafficType : long { BestEffort, Voice = 4 }

        static unsafe partial class Qos
        {
            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSSetFlow(nint QOSHandle, uint FlowId, {|#0:SetOperation Operation|}, {|#1:ulong Size|}, void* Buffer, {|#2:[MarshalAs(UnmanagedType.U2)] uint {|SYSLIB1052:Flags|}|}, NativeOverlapped* Overlapped);

            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSAddSocketToFlow(nint QOSHandle, nint Socket, void* DestAddr, {|#3:TrafficType TrafficType|}, uint Flags, uint* FlowId);
        }
        """;

    public const string Cdecl_in_DllImport_and_in_UnmanagedCallConv = """
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;

        static partial class Qwave
        {
            [DllImport("qwave.dll", {|#0:CallingConvention = CallingConvention.Cdecl|}, SetLastError = true)]
            public static extern bool QOSCloseHandle(nint handle);

            [LibraryImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            [{|#1:UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })|}]
            internal static partial int Close(nint handle);
        }
        """;

    public const string Entry_points_misspelled_or_unknown = """
        using System.Runtime.InteropServices;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool {|#0:QosCreateHandle|}(ref Interop.QOS_VERSION version, out nint handle);

            [DllImport("qwave.dll", {|#1:EntryPoint = "QOSCloseHandleW"|}, SetLastError = true)]
            public static extern bool Close(nint handle);

            [DllImport("qwave.dll", {|#2:EntryPoint = "_QOSCancel@8"|}, SetLastError = true)]
            public static extern bool Cancel(nint handle, nint overlapped);

            [DllImport("qwave.dll", {|#3:EntryPoint = "QOSSetFlowEx"|}, SetLastError = true)]
            public static extern bool SetFlowEx(nint handle);
        }
        """;

    public const string QWAVE_exports_imported_from_the_header_or_the_import_library = """
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        static class Lookalike
        {
            [DllImport({|#0:"qos2.dll"|}, SetLastError = true)]
            public static extern bool QOSSetFlow(IntPtr QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, IntPtr Buffer, uint Flags, IntPtr Overlapped);

            [DllImport({|#1:"Qwave.lib"|}, EntryPoint = "QOSCloseHandle", SetLastError = true)]
            public static extern bool Close(IntPtr QOSHandle);

            [DllImport({|#2:"qos2"|}, SetLastError = true)]
            public static extern bool {|#3:QOSCANCEL|}(IntPtr QOSHandle, IntPtr Overlapped);
        }
        """;

    public const string Parameter_count_and_order = """
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        static class Qwave
        {
            // QW029e: the real order is (..., DestAddr, TrafficType, Flags, FlowId).
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSAddSocketToFlow{|#0:(IntPtr QOSHandle, IntPtr Socket, IntPtr DestAddr, QOS_TRAFFIC_TYPE TrafficType, ref uint FlowId, uint Flags)|};

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSSetFlow{|#1:(IntPtr h, uint id, QOS_SET_FLOW op, uint size, IntPtr buffer, IntPtr overlapped)|};
        }
        """;

    public const string Ref_and_out_OVERLAPPED_of_asynchronous_calls = """
        using System;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interop;

        static class Vanara
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSSetFlow(IntPtr QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, IntPtr Buffer, uint Flags, {|#0:out NativeOverlapped Overlapped|});

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSNotifyFlow(IntPtr QOSHandle, uint FlowId, QOS_NOTIFY_FLOW Operation, ref uint Size, ref ulong Buffer, uint Flags, {|#1:ref NativeOverlapped Overlapped|});

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCancel(IntPtr QOSHandle, {|#2:NativeOverlapped Overlapped|});

            [DllImport("qwave.dll", EntryPoint = "QOSCancel", SetLastError = true)]
            public static extern bool CancelManaged(IntPtr QOSHandle, {|#3:Overlapped Overlapped|});
        }
        """;

    public const string Values_passed_where_pointers_are_expected_and_PreserveSig = """
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        [StructLayout(LayoutKind.Sequential)]
        struct QOS_FLOWRATE_OUTGOING { public ulong Bandwidth; public int ShapingBehavior; public int Reason; }

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle({|#0:QOS_VERSION Version|}, out IntPtr QOSHandle);

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSSetFlow(IntPtr QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, {|#1:QOS_FLOWRATE_OUTGOING Buffer|}, uint Flags, IntPtr Overlapped);

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSQueryFlow(IntPtr QOSHandle, uint FlowId, QOS_QUERY_FLOW Operation, {|#2:in uint Size|}, IntPtr Buffer, uint Flags, IntPtr Overlapped);

            [DllImport("qwave.dll", {|#3:PreserveSig = false|}, SetLastError = true)]
            public static extern int QOSCloseHandle(IntPtr QOSHandle);
        }
        """;

    public const string CsWin32_style_with_a_wrong_HANDLE_struct = """
        namespace Windows.Win32
        {
            using System.Runtime.InteropServices;

            public readonly struct BOOL { private readonly int value; }
            public readonly struct SmallHandle { public readonly int Value; }

            public static partial class PInvoke
            {
                [DllImport("qwave.dll", ExactSpelling = true, SetLastError = true)]
                public static extern BOOL QOSCloseHandle([|SmallHandle QOSHandle|]);
            }
        }
        """;

    public const string Native_structs_with_a_wrong_layout = """
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential, {|#0:Pack = 1|})]
        struct QOS_FLOW_FUNDAMENTALS
        {
            public int BottleneckBandwidthSet;
            public ulong BottleneckBandwidth;
            public int AvailableBandwidthSet;
            public ulong AvailableBandwidth;
            public int RTTSet;
            public uint RTT;
        }

        struct QOS_FLOWRATE_OUTGOING
        {
            public {|#1:uint|} Bandwidth;
            public int ShapingBehavior;
            public int Reason;
        }

        // Recognized by its field names.
        struct PacketPriority
        {
            public uint ConformantDSCPValue, NonConformantDSCPValue, ConformantL2Value;
            public {|#3:byte|} NonConformantL2Value;
        }

        [{|#4:StructLayout(LayoutKind.Auto)|}]
        struct QOS_PACKET_PRIORITY
        {
            public uint ConformantDSCPValue, NonConformantDSCPValue, ConformantL2Value, NonConformantL2Value;
        }
        """;
}
