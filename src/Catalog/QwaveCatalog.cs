// The one source of truth for the qWAVE native API (qos2.h / qwave.dll). Every fact here comes
// from the public qos2.h and its reference documentation (docs/design describes the rules); the runtime's interop is checked against it by tests, and the
// generator and the analyzers read it directly.
using System;
using System.Collections.Generic;

namespace QosAnalyzers.Catalog
{
    internal static class QwaveCatalog
    {
        /// <summary>The DLL that exports the API.</summary>
        public const string ModuleName = "qwave.dll";

        /// <summary>The module name without extension, as DllImport/LibraryImport may spell it.</summary>
        public const string ModuleBaseName = "qwave";

        /// <summary>The header that declares the API; not a module, though imports sometimes name it.</summary>
        public const string HeaderName = "qos2.h";

        /// <summary>The import library C code links with; not loadable at run time.</summary>
        public const string ImportLibraryName = "Qwave.lib";

        /// <summary>win32metadata's platform for all eleven functions (Windows Vista).</summary>
        public const string SupportedOSPlatform = "windows6.0.6000";

        /// <summary>QOSSetOutgoingDSCPValue's platform (Windows 7).</summary>
        public const string DscpOSPlatform = "windows6.1";

        public const ushort VersionMajor = 1;
        public const ushort VersionMinor = 0;

        public const uint QOS_QUERYFLOW_FRESH = 0x00000001;
        public const uint QOS_NON_ADAPTIVE_FLOW = 0x00000002;

        /// <summary>A 32-bit sentinel stored in the 64-bit Bandwidth field: 0x00000000FFFFFFFF, not ulong.MaxValue.</summary>
        public const ulong QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH = 0xFFFFFFFF;

        /// <summary>The largest meaningful DSCP value (6 bits).</summary>
        public const int MaxDscp = 63;

        // Win32 error codes the qWAVE pages name (winerror.h values).
        public const int ERROR_ACCESS_DENIED = 5;
        public const int ERROR_INVALID_HANDLE = 6;
        public const int ERROR_NOT_ENOUGH_MEMORY = 8;
        public const int ERROR_GEN_FAILURE = 31;
        public const int ERROR_NOT_SUPPORTED = 50;
        public const int ERROR_NETWORK_BUSY = 54;
        public const int ERROR_ADAP_HDW_ERR = 57;
        public const int ERROR_UNEXP_NET_ERR = 59;
        public const int ERROR_INVALID_PARAMETER = 87;
        public const int ERROR_INSUFFICIENT_BUFFER = 122;
        public const int ERROR_ALREADY_EXISTS = 183;
        public const int ERROR_NO_DATA = 232;
        public const int ERROR_OPERATION_ABORTED = 995;
        public const int ERROR_IO_PENDING = 997;
        public const int ERROR_SERVICE_DEPENDENCY_FAIL = 1068;
        public const int ERROR_IO_DEVICE = 1117;
        public const int ERROR_DEVICE_REINITIALIZATION_NEEDED = 1164;
        public const int ERROR_NOT_FOUND = 1168;
        public const int ERROR_CONNECTION_REFUSED = 1225;
        public const int ERROR_HOST_UNREACHABLE = 1232;
        public const int ERROR_RETRY = 1237;
        public const int ERROR_ACCESS_DISABLED_BY_POLICY = 1260;
        public const int ERROR_NO_SYSTEM_RESOURCES = 1450;
        public const int ERROR_TIMEOUT = 1460;
        public const int ERROR_RESOURCE_DISABLED = 4309;

        public const string QOSCreateHandle = "QOSCreateHandle";
        public const string QOSCloseHandle = "QOSCloseHandle";
        public const string QOSStartTrackingClient = "QOSStartTrackingClient";
        public const string QOSStopTrackingClient = "QOSStopTrackingClient";
        public const string QOSEnumerateFlows = "QOSEnumerateFlows";
        public const string QOSAddSocketToFlow = "QOSAddSocketToFlow";
        public const string QOSRemoveSocketFromFlow = "QOSRemoveSocketFromFlow";
        public const string QOSSetFlow = "QOSSetFlow";
        public const string QOSQueryFlow = "QOSQueryFlow";
        public const string QOSNotifyFlow = "QOSNotifyFlow";
        public const string QOSCancel = "QOSCancel";

        /// <summary>qwave.dll exports that are not part of the documented API (the export list in qwave.def).</summary>
        private static readonly string[] s_otherExports = { "QDLHPathDiagnostics", "QDLHStartDiagnosingPath", "ServiceMain" };

        private static readonly QwaveFlag s_nonAdaptiveFlow = new QwaveFlag(nameof(QOS_NON_ADAPTIVE_FLOW), QOS_NON_ADAPTIVE_FLOW);

        // FRESH asks for fresh path estimates, which only QOSQueryFlowFundamentals returns.
        private static readonly QwaveFlag s_queryFlowFresh = new QwaveFlag(nameof(QOS_QUERYFLOW_FRESH), QOS_QUERYFLOW_FRESH, "QOSQueryFlowFundamentals");

        private static readonly QwaveErrorCode[] s_errorCodes =
        {
            new QwaveErrorCode("ERROR_ACCESS_DENIED", ERROR_ACCESS_DENIED, "Access is denied."),
            new QwaveErrorCode("ERROR_INVALID_HANDLE", ERROR_INVALID_HANDLE, "The QOS handle is invalid."),
            new QwaveErrorCode("ERROR_NOT_ENOUGH_MEMORY", ERROR_NOT_ENOUGH_MEMORY, "There is not enough memory to complete the request."),
            new QwaveErrorCode("ERROR_GEN_FAILURE", ERROR_GEN_FAILURE, "The QOS subsystem failed to initialize (for example after sleep or standby); create a new handle."),
            new QwaveErrorCode("ERROR_NOT_SUPPORTED", ERROR_NOT_SUPPORTED, "The request is not supported."),
            new QwaveErrorCode("ERROR_NETWORK_BUSY", ERROR_NETWORK_BUSY, "The network does not have the bandwidth for the requested flow properties."),
            new QwaveErrorCode("ERROR_ADAP_HDW_ERR", ERROR_ADAP_HDW_ERR, "A network adapter hardware error occurred."),
            new QwaveErrorCode("ERROR_UNEXP_NET_ERR", ERROR_UNEXP_NET_ERR, "An unexpected network error occurred."),
            new QwaveErrorCode("ERROR_INVALID_PARAMETER", ERROR_INVALID_PARAMETER, "A parameter is invalid."),
            new QwaveErrorCode("ERROR_INSUFFICIENT_BUFFER", ERROR_INSUFFICIENT_BUFFER, "The buffer is too small; Size holds the required size in bytes."),
            new QwaveErrorCode("ERROR_ALREADY_EXISTS", ERROR_ALREADY_EXISTS, "A notification of this type is already pending on the flow."),
            new QwaveErrorCode("ERROR_NO_DATA", ERROR_NO_DATA, "No valid data is available yet."),
            new QwaveErrorCode("ERROR_OPERATION_ABORTED", ERROR_OPERATION_ABORTED, "The operation was aborted (cancelled, or the QOS handle was closed)."),
            new QwaveErrorCode("ERROR_IO_PENDING", ERROR_IO_PENDING, "The request was received; the result arrives on overlapped completion."),
            new QwaveErrorCode("ERROR_SERVICE_DEPENDENCY_FAIL", ERROR_SERVICE_DEPENDENCY_FAIL, "The qWAVE service could not start because a dependency is unavailable."),
            new QwaveErrorCode("ERROR_IO_DEVICE", ERROR_IO_DEVICE, "An I/O device error occurred."),
            new QwaveErrorCode("ERROR_DEVICE_REINITIALIZATION_NEEDED", ERROR_DEVICE_REINITIALIZATION_NEEDED, "The QOS subsystem is in an unstable state: close the handle, create a new one and recreate the flows."),
            new QwaveErrorCode("ERROR_NOT_FOUND", ERROR_NOT_FOUND, "No flow with this id exists on the handle."),
            new QwaveErrorCode("ERROR_CONNECTION_REFUSED", ERROR_CONNECTION_REFUSED, "The peer refused the connection."),
            new QwaveErrorCode("ERROR_HOST_UNREACHABLE", ERROR_HOST_UNREACHABLE, "The destination host is unreachable."),
            new QwaveErrorCode("ERROR_RETRY", ERROR_RETRY, "Not enough information about the network yet; retry later."),
            new QwaveErrorCode("ERROR_ACCESS_DISABLED_BY_POLICY", ERROR_ACCESS_DISABLED_BY_POLICY, "Policy forbids this operation on the path (by default, experiments toward off-link hosts)."),
            new QwaveErrorCode("ERROR_NO_SYSTEM_RESOURCES", ERROR_NO_SYSTEM_RESOURCES, "There are not enough system resources to complete the request."),
            new QwaveErrorCode("ERROR_TIMEOUT", ERROR_TIMEOUT, "qWAVE gave up before gathering enough information."),
            new QwaveErrorCode("ERROR_RESOURCE_DISABLED", ERROR_RESOURCE_DISABLED, "A resource the qWAVE service needs is unavailable (for example the firewall exception)."),
        };

        private static QwaveParameter Handle() =>
            new QwaveParameter("QOSHandle", "HANDLE", AbiKind.Handle, ParameterDirection.In, ParameterRole.QosHandle);

        private static QwaveParameter ReservedFlags() =>
            new QwaveParameter("Flags", "DWORD", AbiKind.UInt32, ParameterDirection.In, ParameterRole.Flags, isReserved: true);

        private static QwaveParameter FlowIdByValue() =>
            new QwaveParameter("FlowId", "QOS_FLOWID", AbiKind.FlowId, ParameterDirection.In, ParameterRole.FlowId);

        private static QwaveParameter Overlapped() =>
            new QwaveParameter("Overlapped", "LPOVERLAPPED", AbiKind.OverlappedPointer, ParameterDirection.Out, ParameterRole.Overlapped, isOptional: true);

        private static QwaveFunctionError E(int code, string? meaning = null) => new QwaveFunctionError(code, meaning ?? Summary(code));

        private static readonly QwaveFunction[] s_functions =
        {
            new QwaveFunction(
                QOSCreateHandle,
                new[]
                {
                    new QwaveParameter("Version", "PQOS_VERSION", AbiKind.VersionPointer, ParameterDirection.In, ParameterRole.Version),
                    new QwaveParameter("QOSHandle", "PHANDLE", AbiKind.HandlePointer, ParameterDirection.Out, ParameterRole.QosHandle),
                },
                new[]
                {
                    E(ERROR_GEN_FAILURE, "Initialization failed; after sleep or standby every existing handle and flow is invalid."),
                    E(ERROR_INVALID_PARAMETER, "Version is not 1.0, or Version or QOSHandle is NULL."),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_RESOURCE_DISABLED),
                    E(ERROR_SERVICE_DEPENDENCY_FAIL),
                }),
            new QwaveFunction(
                QOSCloseHandle,
                new[] { Handle() },
                new[]
                {
                    E(ERROR_INVALID_HANDLE, "The handle is NULL, invalid or already closed."),
                    E(ERROR_INVALID_PARAMETER, "The handle is invalid."),
                }),
            new QwaveFunction(
                QOSStartTrackingClient,
                new[]
                {
                    Handle(),
                    new QwaveParameter("DestAddr", "PSOCKADDR", AbiKind.SockAddrPointer, ParameterDirection.In, ParameterRole.DestAddr),
                    ReservedFlags(),
                },
                new[]
                {
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_INVALID_PARAMETER, "DestAddr is NULL or not a valid IPv4/IPv6 address, or Flags is not 0."),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                    E(ERROR_NOT_SUPPORTED, "The client cannot be tracked (the sink must implement LLTD)."),
                    E(ERROR_ADAP_HDW_ERR),
                    E(ERROR_HOST_UNREACHABLE),
                }),
            new QwaveFunction(
                QOSStopTrackingClient,
                new[]
                {
                    Handle(),
                    new QwaveParameter("DestAddr", "PSOCKADDR", AbiKind.SockAddrPointer, ParameterDirection.In, ParameterRole.DestAddr),
                    ReservedFlags(),
                },
                new[]
                {
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_INVALID_PARAMETER, "DestAddr is NULL, not a valid address or not being tracked, or Flags is not 0."),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                    E(ERROR_ADAP_HDW_ERR),
                }),
            new QwaveFunction(
                QOSEnumerateFlows,
                new[]
                {
                    Handle(),
                    new QwaveParameter("Size", "PULONG", AbiKind.UInt32Pointer, ParameterDirection.InOut, ParameterRole.Size),
                    new QwaveParameter("Buffer", "PVOID", AbiKind.BufferPointer, ParameterDirection.Out, ParameterRole.Buffer),
                },
                new[]
                {
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_INSUFFICIENT_BUFFER, "The buffer is too small for the flow ids; Size now holds the required size in bytes. Flows may be added before the next call, so retry in a loop."),
                    E(ERROR_INVALID_PARAMETER, "Size or Buffer is invalid."),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                }),
            new QwaveFunction(
                QOSAddSocketToFlow,
                new[]
                {
                    Handle(),
                    new QwaveParameter("Socket", "SOCKET", AbiKind.Socket, ParameterDirection.In, ParameterRole.Socket),
                    new QwaveParameter("DestAddr", "PSOCKADDR", AbiKind.SockAddrPointer, ParameterDirection.In, ParameterRole.DestAddr, isOptional: true),
                    new QwaveParameter("TrafficType", "QOS_TRAFFIC_TYPE", AbiKind.Enum32, ParameterDirection.In, ParameterRole.TrafficType, enumType: "QOS_TRAFFIC_TYPE"),
                    new QwaveParameter("Flags", "DWORD", AbiKind.UInt32, ParameterDirection.In, ParameterRole.Flags, isOptional: true),
                    new QwaveParameter("FlowId", "PQOS_FLOWID", AbiKind.FlowIdPointer, ParameterDirection.InOut, ParameterRole.FlowId, mustBeZeroOnInput: true),
                },
                new[]
                {
                    E(ERROR_CONNECTION_REFUSED),
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_INVALID_PARAMETER, "FlowId is not 0 and names no flow this socket can join, DestAddr is missing for an unconnected socket or lacks a port, or DestAddr mixes IPv4 and IPv6."),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                    E(ERROR_NOT_SUPPORTED, "The request is not supported; also how a peer without adaptive support shows up, and what a second socket on an adaptive flow gets."),
                    E(ERROR_ADAP_HDW_ERR),
                    E(ERROR_HOST_UNREACHABLE),
                },
                flags: new[] { s_nonAdaptiveFlow }),
            new QwaveFunction(
                QOSRemoveSocketFromFlow,
                new[]
                {
                    Handle(),
                    new QwaveParameter("Socket", "SOCKET", AbiKind.Socket, ParameterDirection.In, ParameterRole.Socket, isOptional: true),
                    FlowIdByValue(),
                    ReservedFlags(),
                },
                new[]
                {
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_NOT_FOUND, "FlowId names no flow on this handle, or the socket is not part of it."),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_OPERATION_ABORTED, "The request was blocked; also the result when the handle is closed while this call runs."),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                    E(ERROR_HOST_UNREACHABLE),
                    E(ERROR_INVALID_PARAMETER, "Flags is not 0."),
                }),
            new QwaveFunction(
                QOSSetFlow,
                new[]
                {
                    Handle(),
                    FlowIdByValue(),
                    new QwaveParameter("Operation", "QOS_SET_FLOW", AbiKind.Enum32, ParameterDirection.In, ParameterRole.Operation, enumType: "QOS_SET_FLOW"),
                    new QwaveParameter("Size", "ULONG", AbiKind.UInt32, ParameterDirection.In, ParameterRole.Size),
                    new QwaveParameter("Buffer", "PVOID", AbiKind.BufferPointer, ParameterDirection.In, ParameterRole.Buffer),
                    ReservedFlags(),
                    Overlapped(),
                },
                new[]
                {
                    E(ERROR_ACCESS_DISABLED_BY_POLICY),
                    E(ERROR_IO_PENDING),
                    E(ERROR_ACCESS_DENIED, "The caller lacks the privilege: QOSSetOutgoingDSCPValue needs Administrators or Network Configuration Operators."),
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_INVALID_PARAMETER, "FlowId, Operation, Size, Buffer or Flags is invalid."),
                    E(ERROR_NETWORK_BUSY, "The path lacks the bandwidth for the requested rate: the application may still send, but without priority marks. Use QOSNotifyFlow(QOSNotifyAvailable) to learn when the rate becomes available."),
                    E(ERROR_NOT_FOUND),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NOT_SUPPORTED, "The operation needs information qWAVE lacks, e.g. bandwidth estimates to an off-link host."),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                    E(ERROR_ADAP_HDW_ERR),
                    E(ERROR_HOST_UNREACHABLE),
                    E(ERROR_RETRY),
                    E(ERROR_UNEXP_NET_ERR),
                },
                operationEnum: "QOS_SET_FLOW"),
            new QwaveFunction(
                QOSQueryFlow,
                new[]
                {
                    Handle(),
                    FlowIdByValue(),
                    new QwaveParameter("Operation", "QOS_QUERY_FLOW", AbiKind.Enum32, ParameterDirection.In, ParameterRole.Operation, enumType: "QOS_QUERY_FLOW"),
                    new QwaveParameter("Size", "PULONG", AbiKind.UInt32Pointer, ParameterDirection.InOut, ParameterRole.Size),
                    new QwaveParameter("Buffer", "PVOID", AbiKind.BufferPointer, ParameterDirection.Out, ParameterRole.Buffer),
                    new QwaveParameter("Flags", "DWORD", AbiKind.UInt32, ParameterDirection.In, ParameterRole.Flags, isOptional: true),
                    Overlapped(),
                },
                new[]
                {
                    E(ERROR_ACCESS_DISABLED_BY_POLICY),
                    E(ERROR_TIMEOUT),
                    E(ERROR_INSUFFICIENT_BUFFER),
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_INVALID_PARAMETER, "FlowId is invalid, the buffer is too small, or Flags is not legal for the Operation."),
                    E(ERROR_NOT_FOUND),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NOT_SUPPORTED, "No estimates are available, e.g. for an off-link destination or a non-adaptive flow."),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_IO_PENDING),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                    E(ERROR_ADAP_HDW_ERR),
                    E(ERROR_HOST_UNREACHABLE),
                    E(ERROR_NO_DATA, "No valid data is available yet; poll again later."),
                    E(ERROR_RETRY, "QOS_QUERYFLOW_FRESH was given but fresh data could not be obtained."),
                },
                flags: new[] { s_queryFlowFresh },
                operationEnum: "QOS_QUERY_FLOW"),
            new QwaveFunction(
                QOSNotifyFlow,
                new[]
                {
                    Handle(),
                    FlowIdByValue(),
                    new QwaveParameter("Operation", "QOS_NOTIFY_FLOW", AbiKind.Enum32, ParameterDirection.In, ParameterRole.Operation, enumType: "QOS_NOTIFY_FLOW"),
                    new QwaveParameter("Size", "PULONG", AbiKind.UInt32Pointer, ParameterDirection.InOut, ParameterRole.Size, isOptional: true),
                    new QwaveParameter("Buffer", "PVOID", AbiKind.BufferPointer, ParameterDirection.InOut, ParameterRole.Buffer),
                    ReservedFlags(),
                    Overlapped(),
                },
                new[]
                {
                    E(ERROR_ACCESS_DISABLED_BY_POLICY),
                    E(ERROR_IO_PENDING),
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_INVALID_PARAMETER, "FlowId, Operation, Size, Buffer or Flags is invalid (Buffer must be NULL for Congested/Uncongested)."),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NOT_FOUND),
                    E(ERROR_NOT_SUPPORTED, "The information is unavailable or the operation cannot complete on this path (notifications need an adaptive flow)."),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                    E(ERROR_ADAP_HDW_ERR),
                    E(ERROR_HOST_UNREACHABLE),
                    E(ERROR_UNEXP_NET_ERR),
                    E(ERROR_ALREADY_EXISTS, "A notification of the same type is already pending on this flow."),
                },
                operationEnum: "QOS_NOTIFY_FLOW"),
            new QwaveFunction(
                QOSCancel,
                new[]
                {
                    Handle(),
                    new QwaveParameter("Overlapped", "LPOVERLAPPED", AbiKind.OverlappedPointer, ParameterDirection.In, ParameterRole.Overlapped),
                },
                new[]
                {
                    E(ERROR_INVALID_HANDLE),
                    E(ERROR_INVALID_PARAMETER, "Overlapped is NULL or is not a pending operation on this handle."),
                    E(ERROR_NOT_ENOUGH_MEMORY),
                    E(ERROR_NO_SYSTEM_RESOURCES),
                    E(ERROR_IO_DEVICE),
                    E(ERROR_DEVICE_REINITIALIZATION_NEEDED),
                    E(ERROR_ADAP_HDW_ERR),
                    E(ERROR_OPERATION_ABORTED, "The handle was closed while QOSCancel was running."),
                }),
        };

        private static KeyValuePair<string, int> M(string name, int value) => new KeyValuePair<string, int>(name, value);

        private static readonly QwaveEnum[] s_enums =
        {
            new QwaveEnum(
                "QOS_TRAFFIC_TYPE",
                M("QOSTrafficTypeBestEffort", 0),
                M("QOSTrafficTypeBackground", 1),
                M("QOSTrafficTypeExcellentEffort", 2),
                M("QOSTrafficTypeAudioVideo", 3),
                M("QOSTrafficTypeVoice", 4),
                M("QOSTrafficTypeControl", 5)),
            new QwaveEnum("QOS_SET_FLOW", M("QOSSetTrafficType", 0), M("QOSSetOutgoingRate", 1), M("QOSSetOutgoingDSCPValue", 2)),
            new QwaveEnum("QOS_QUERY_FLOW", M("QOSQueryFlowFundamentals", 0), M("QOSQueryPacketPriority", 1), M("QOSQueryOutgoingRate", 2)),
            new QwaveEnum("QOS_NOTIFY_FLOW", M("QOSNotifyCongested", 0), M("QOSNotifyUncongested", 1), M("QOSNotifyAvailable", 2)),
            new QwaveEnum("QOS_SHAPING", M("QOSShapeOnly", 0), M("QOSShapeAndMark", 1), M("QOSUseNonConformantMarkings", 2)),
            new QwaveEnum(
                "QOS_FLOWRATE_REASON",
                M("QOSFlowRateNotApplicable", 0),
                M("QOSFlowRateContentChange", 1),
                M("QOSFlowRateCongestion", 2),
                M("QOSFlowRateHigherContentEncoding", 3),
                M("QOSFlowRateUserCaused", 4)),
        };

        private static readonly QwaveStruct[] s_structs =
        {
            new QwaveStruct(
                "QOS_VERSION", 4, 2,
                new QwaveField("MajorVersion", "USHORT", 0, 2),
                new QwaveField("MinorVersion", "USHORT", 2, 2)),
            new QwaveStruct(
                "QOS_FLOW_FUNDAMENTALS", 40, 8,
                new QwaveField("BottleneckBandwidthSet", "BOOL", 0, 4),
                new QwaveField("BottleneckBandwidth", "UINT64", 8, 8),
                new QwaveField("AvailableBandwidthSet", "BOOL", 16, 4),
                new QwaveField("AvailableBandwidth", "UINT64", 24, 8),
                new QwaveField("RTTSet", "BOOL", 32, 4),
                new QwaveField("RTT", "UINT32", 36, 4)),
            new QwaveStruct(
                "QOS_FLOWRATE_OUTGOING", 16, 8,
                new QwaveField("Bandwidth", "UINT64", 0, 8),
                new QwaveField("ShapingBehavior", "QOS_SHAPING", 8, 4),
                new QwaveField("Reason", "QOS_FLOWRATE_REASON", 12, 4)),
            new QwaveStruct(
                "QOS_PACKET_PRIORITY", 16, 4,
                new QwaveField("ConformantDSCPValue", "ULONG", 0, 4),
                new QwaveField("NonConformantDSCPValue", "ULONG", 4, 4),
                new QwaveField("ConformantL2Value", "ULONG", 8, 4),
                new QwaveField("NonConformantL2Value", "ULONG", 12, 4)),
        };

        private static readonly QwaveBufferContract[] s_bufferContracts =
        {
            new QwaveBufferContract(QOSSetFlow, "QOSSetTrafficType", 0, "QOS_TRAFFIC_TYPE", 4),
            new QwaveBufferContract(QOSSetFlow, "QOSSetOutgoingRate", 1, "QOS_FLOWRATE_OUTGOING", 16),
            new QwaveBufferContract(QOSSetFlow, "QOSSetOutgoingDSCPValue", 2, "DWORD", 4),
            new QwaveBufferContract(QOSQueryFlow, "QOSQueryFlowFundamentals", 0, "QOS_FLOW_FUNDAMENTALS", 40),
            new QwaveBufferContract(QOSQueryFlow, "QOSQueryPacketPriority", 1, "QOS_PACKET_PRIORITY", 16),
            new QwaveBufferContract(QOSQueryFlow, "QOSQueryOutgoingRate", 2, "UINT64", 8),
            new QwaveBufferContract(QOSNotifyFlow, "QOSNotifyCongested", 0, null, null),
            new QwaveBufferContract(QOSNotifyFlow, "QOSNotifyUncongested", 1, null, null),
            new QwaveBufferContract(QOSNotifyFlow, "QOSNotifyAvailable", 2, "UINT64", 8),
        };

        /// <summary>DSCP and 802.1p marks per traffic type (-1: none). Index = QOS_TRAFFIC_TYPE value.</summary>
        private static readonly int[] s_trafficTypeDscp = { -1, 0x08, 0x28, 0x28, 0x38, 0x38 };
        private static readonly int[] s_trafficTypeL2 = { -1, 2, 5, 5, 7, 7 };

        private static readonly Dictionary<string, QwaveFunction> s_byName = CreateIndex();

        private static Dictionary<string, QwaveFunction> CreateIndex()
        {
            var index = new Dictionary<string, QwaveFunction>(StringComparer.Ordinal);
            foreach (QwaveFunction f in s_functions)
            {
                index.Add(f.Name, f);
            }

            return index;
        }

        /// <summary>All eleven entry points, in qos2.h order of the docs' table of contents.</summary>
        public static IReadOnlyList<QwaveFunction> Functions => s_functions;

        public static IReadOnlyList<QwaveErrorCode> ErrorCodes => s_errorCodes;

        public static IReadOnlyList<QwaveEnum> Enums => s_enums;

        public static IReadOnlyList<QwaveStruct> Structs => s_structs;

        public static IReadOnlyList<QwaveBufferContract> BufferContracts => s_bufferContracts;

        /// <summary>Exports of qwave.dll outside the documented API; importing them is not a mistake.</summary>
        public static IReadOnlyList<string> OtherExports => s_otherExports;

        /// <summary>True when qwave.dll exports <paramref name="name"/> (exact case): an API function or another export.</summary>
        public static bool IsExport(string name) => TryGetFunction(name, out _) || Array.IndexOf(s_otherExports, name) >= 0;

        /// <summary>The function whose Flags documents <paramref name="value"/>, with the flag; null when none does.</summary>
        public static QwaveFlag? FindFlag(uint value, out QwaveFunction? owner)
        {
            foreach (QwaveFunction f in s_functions)
            {
                foreach (QwaveFlag flag in f.Flags)
                {
                    if (flag.Value == value)
                    {
                        owner = f;
                        return flag;
                    }
                }
            }

            owner = null;
            return null;
        }

        /// <summary>Looks up an entry point by its exact (case-sensitive) exported name.</summary>
        public static bool TryGetFunction(string name, out QwaveFunction function)
        {
            if (name is not null && s_byName.TryGetValue(name, out QwaveFunction? f))
            {
                function = f;
                return true;
            }

            function = null!;
            return false;
        }

        public static QwaveFunction Function(string name) =>
            TryGetFunction(name, out QwaveFunction f) ? f : throw new ArgumentException("Not a qWAVE entry point: " + name, nameof(name));

        /// <summary>Finds an entry point whose name differs from <paramref name="name"/> only in case (a wrong-case import).</summary>
        public static QwaveFunction? FindIgnoringCase(string name)
        {
            foreach (QwaveFunction f in s_functions)
            {
                if (string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return f;
                }
            }

            return null;
        }

        public static QwaveEnum? Enum(string name)
        {
            foreach (QwaveEnum e in s_enums)
            {
                if (e.Name == name)
                {
                    return e;
                }
            }

            return null;
        }

        public static QwaveStruct? Struct(string name)
        {
            foreach (QwaveStruct s in s_structs)
            {
                if (s.Name == name)
                {
                    return s;
                }
            }

            return null;
        }

        /// <summary>What Buffer/Size must be for <paramref name="operation"/> of <paramref name="function"/>, or null if the pair is undefined.</summary>
        public static QwaveBufferContract? BufferContract(string function, long operation)
        {
            foreach (QwaveBufferContract c in s_bufferContracts)
            {
                if (c.Function == function && c.Operation == operation)
                {
                    return c;
                }
            }

            return null;
        }

        public static string ErrorName(int code)
        {
            foreach (QwaveErrorCode e in s_errorCodes)
            {
                if (e.Value == code)
                {
                    return e.Name;
                }
            }

            return "error " + code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public static string Summary(int code)
        {
            foreach (QwaveErrorCode e in s_errorCodes)
            {
                if (e.Value == code)
                {
                    return e.Summary;
                }
            }

            return "An error qWAVE does not document for this call.";
        }

        /// <summary>The documented meaning of <paramref name="code"/> for <paramref name="function"/>, falling back to the code's general meaning.</summary>
        public static string Describe(string function, int code)
        {
            if (TryGetFunction(function, out QwaveFunction f) && f.MeaningOf(code) is string meaning)
            {
                return meaning;
            }

            return Summary(code);
        }

        /// <summary>The DSCP mark the docs give a traffic type, or -1 for none (BestEffort).</summary>
        public static int DscpFor(int trafficType) =>
            trafficType >= 0 && trafficType < s_trafficTypeDscp.Length ? s_trafficTypeDscp[trafficType] : -1;

        /// <summary>The 802.1p priority the docs give a traffic type, or -1 for none.</summary>
        public static int L2PriorityFor(int trafficType) =>
            trafficType >= 0 && trafficType < s_trafficTypeL2.Length ? s_trafficTypeL2[trafficType] : -1;

        /// <summary>IP + transport header bytes per packet (the SDK's QOS_HEADER_OVERHEAD).</summary>
        public static int HeaderOverhead(bool ipv6, bool tcp) => (ipv6 ? 40 : 20) + (tcp ? 20 : 8);
    }
}
