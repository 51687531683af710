using QosAnalyzers.Catalog;

namespace QosAnalyzers.Interop;

/// <summary>The qos2.h constants and the Win32 error codes the qWAVE pages name.</summary>
public static class QwaveConstants
{
    /// <summary>QOSQueryFlow Flags: ask for fresh data (QOSQueryFlowFundamentals only).</summary>
    public const uint QOS_QUERYFLOW_FRESH = QwaveCatalog.QOS_QUERYFLOW_FRESH;

    /// <summary>QOSAddSocketToFlow Flags: create a non-adaptive flow.</summary>
    public const uint QOS_NON_ADAPTIVE_FLOW = QwaveCatalog.QOS_NON_ADAPTIVE_FLOW;

    /// <summary>Bandwidth sentinel 0x00000000FFFFFFFF (not ulong.MaxValue): let the system grant a small default rate.</summary>
    public const ulong QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH = QwaveCatalog.QOS_OUTGOING_DEFAULT_MINIMUM_BANDWIDTH;

    /// <summary>The only QOS_VERSION major version.</summary>
    public const ushort QOS_VERSION_MAJOR = QwaveCatalog.VersionMajor;

    /// <summary>The only QOS_VERSION minor version.</summary>
    public const ushort QOS_VERSION_MINOR = QwaveCatalog.VersionMinor;

    /// <summary>Windows AF_INET, as stored in sockaddr_in.sin_family.</summary>
    public const ushort AF_INET = 2;

    /// <summary>Windows AF_INET6, as stored in sockaddr_in6.sin6_family (23 on Windows, unlike Linux).</summary>
    public const ushort AF_INET6 = 23;

    /// <summary>5: access is denied.</summary>
    public const int ERROR_ACCESS_DENIED = QwaveCatalog.ERROR_ACCESS_DENIED;

    /// <summary>6: the handle is invalid.</summary>
    public const int ERROR_INVALID_HANDLE = QwaveCatalog.ERROR_INVALID_HANDLE;

    /// <summary>8: not enough memory.</summary>
    public const int ERROR_NOT_ENOUGH_MEMORY = QwaveCatalog.ERROR_NOT_ENOUGH_MEMORY;

    /// <summary>31: initialization failed (e.g. after standby); create a new handle.</summary>
    public const int ERROR_GEN_FAILURE = QwaveCatalog.ERROR_GEN_FAILURE;

    /// <summary>50: the request is not supported.</summary>
    public const int ERROR_NOT_SUPPORTED = QwaveCatalog.ERROR_NOT_SUPPORTED;

    /// <summary>54: the path lacks the bandwidth for the requested flow properties.</summary>
    public const int ERROR_NETWORK_BUSY = QwaveCatalog.ERROR_NETWORK_BUSY;

    /// <summary>57: network adapter hardware error.</summary>
    public const int ERROR_ADAP_HDW_ERR = QwaveCatalog.ERROR_ADAP_HDW_ERR;

    /// <summary>59: unexpected network error.</summary>
    public const int ERROR_UNEXP_NET_ERR = QwaveCatalog.ERROR_UNEXP_NET_ERR;

    /// <summary>87: a parameter is invalid.</summary>
    public const int ERROR_INVALID_PARAMETER = QwaveCatalog.ERROR_INVALID_PARAMETER;

    /// <summary>122: the buffer is too small; Size holds the required size in bytes.</summary>
    public const int ERROR_INSUFFICIENT_BUFFER = QwaveCatalog.ERROR_INSUFFICIENT_BUFFER;

    /// <summary>183: a notification of this type is already pending on the flow.</summary>
    public const int ERROR_ALREADY_EXISTS = QwaveCatalog.ERROR_ALREADY_EXISTS;

    /// <summary>232: no valid data yet.</summary>
    public const int ERROR_NO_DATA = QwaveCatalog.ERROR_NO_DATA;

    /// <summary>995: the operation was aborted (cancelled, or the handle was closed).</summary>
    public const int ERROR_OPERATION_ABORTED = QwaveCatalog.ERROR_OPERATION_ABORTED;

    /// <summary>997: the overlapped request was queued; not a failure.</summary>
    public const int ERROR_IO_PENDING = QwaveCatalog.ERROR_IO_PENDING;

    /// <summary>1068: the qWAVE service could not start because a dependency is unavailable.</summary>
    public const int ERROR_SERVICE_DEPENDENCY_FAIL = QwaveCatalog.ERROR_SERVICE_DEPENDENCY_FAIL;

    /// <summary>1117: I/O device error.</summary>
    public const int ERROR_IO_DEVICE = QwaveCatalog.ERROR_IO_DEVICE;

    /// <summary>1164: close the handle, create a new one and recreate the flows.</summary>
    public const int ERROR_DEVICE_REINITIALIZATION_NEEDED = QwaveCatalog.ERROR_DEVICE_REINITIALIZATION_NEEDED;

    /// <summary>1168: no such flow on the handle.</summary>
    public const int ERROR_NOT_FOUND = QwaveCatalog.ERROR_NOT_FOUND;

    /// <summary>1225: the peer refused the connection.</summary>
    public const int ERROR_CONNECTION_REFUSED = QwaveCatalog.ERROR_CONNECTION_REFUSED;

    /// <summary>1232: the destination host is unreachable.</summary>
    public const int ERROR_HOST_UNREACHABLE = QwaveCatalog.ERROR_HOST_UNREACHABLE;

    /// <summary>1237: not enough information yet; retry.</summary>
    public const int ERROR_RETRY = QwaveCatalog.ERROR_RETRY;

    /// <summary>1260: policy forbids the operation on this path.</summary>
    public const int ERROR_ACCESS_DISABLED_BY_POLICY = QwaveCatalog.ERROR_ACCESS_DISABLED_BY_POLICY;

    /// <summary>1450: not enough system resources.</summary>
    public const int ERROR_NO_SYSTEM_RESOURCES = QwaveCatalog.ERROR_NO_SYSTEM_RESOURCES;

    /// <summary>1460: qWAVE gave up before gathering enough information.</summary>
    public const int ERROR_TIMEOUT = QwaveCatalog.ERROR_TIMEOUT;

    /// <summary>4309: a resource the qWAVE service needs is unavailable.</summary>
    public const int ERROR_RESOURCE_DISABLED = QwaveCatalog.ERROR_RESOURCE_DISABLED;
}
