using System;
using System.Runtime.InteropServices;

namespace QosAnalyzers;

/// <summary>
/// A QOS handle from QOSCreateHandle, released by QOSCloseHandle through the backend that
/// created it (qwave.dll or the simulator).
/// </summary>
public sealed class QosHandle : SafeHandle
{
    private readonly QwaveBackend _backend;

    internal QosHandle(QwaveBackend backend, nint handle)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _backend = backend;
        SetHandle(handle);
    }

    /// <summary>The backend whose QOSCloseHandle releases this handle.</summary>
    public QwaveBackend Backend => _backend;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero || handle == new IntPtr(-1);

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => _backend.QOSCloseHandle(handle) != 0;
}
