using System;
using System.Globalization;
using QosAnalyzers.Catalog;

namespace QosAnalyzers;

/// <summary>
/// A qWAVE call failed. Carries the function, the Win32 error code and the catalog's meaning of
/// that code for that function. Never thrown for ERROR_IO_PENDING, which is not a failure.
/// </summary>
public class QosException : Exception
{
    /// <summary>Creates the exception for <paramref name="functionName"/> failing with <paramref name="nativeErrorCode"/>.</summary>
    /// <param name="functionName">The qWAVE entry point, e.g. "QOSSetFlow".</param>
    /// <param name="nativeErrorCode">The Win32 error code from the last error.</param>
    /// <exception cref="ArgumentNullException"><paramref name="functionName"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nativeErrorCode"/> is ERROR_IO_PENDING.</exception>
    public QosException(string functionName, int nativeErrorCode)
        : this(functionName, nativeErrorCode, detail: null)
    {
    }

    /// <summary>The same exception with a sentence about the caller's arguments appended to the message.</summary>
    internal QosException(string functionName, int nativeErrorCode, string? detail)
        : this(functionName, nativeErrorCode, detail, innerException: null)
    {
    }

    private QosException(string functionName, int nativeErrorCode, string? detail, Exception? innerException)
        : base(FormatMessage(functionName ?? throw new ArgumentNullException(nameof(functionName)), nativeErrorCode, detail), innerException)
    {
        if (nativeErrorCode == QwaveCatalog.ERROR_IO_PENDING)
        {
            throw new ArgumentOutOfRangeException(nameof(nativeErrorCode), "ERROR_IO_PENDING means the request was queued; it is not a failure.");
        }

        FunctionName = functionName;
        NativeErrorCode = nativeErrorCode;
        ErrorName = QwaveCatalog.ErrorName(nativeErrorCode);
        Meaning = QwaveCatalog.Describe(functionName, nativeErrorCode);
        HResult = unchecked((int)0x80070000 | (nativeErrorCode & 0xFFFF));
    }

    /// <summary>The qWAVE entry point that failed, e.g. "QOSSetFlow".</summary>
    public string FunctionName { get; }

    /// <summary>The Win32 error code, e.g. 54.</summary>
    public int NativeErrorCode { get; }

    /// <summary>The winerror.h name of the code, e.g. "ERROR_NETWORK_BUSY".</summary>
    public string ErrorName { get; }

    /// <summary>What the code means for this function, per the qWAVE documentation.</summary>
    public string Meaning { get; }

    /// <summary>
    /// True when the docs require closing the handle and starting over with a new session
    /// (ERROR_DEVICE_REINITIALIZATION_NEEDED, or ERROR_GEN_FAILURE after sleep or standby).
    /// </summary>
    public bool RequiresNewSession =>
        NativeErrorCode is QwaveCatalog.ERROR_DEVICE_REINITIALIZATION_NEEDED or QwaveCatalog.ERROR_GEN_FAILURE;

    /// <summary>qwave.dll could not be loaded: Windows Server without the qWAVE feature (ERROR_MOD_NOT_FOUND).</summary>
    internal static QosException QwaveNotInstalled(DllNotFoundException cause) =>
        new(
            QwaveCatalog.QOSCreateHandle,
            ErrorModuleNotFound,
            "qwave.dll is not installed on this machine; on Windows Server, add the feature \"Quality Windows Audio Video Experience\" (Install-WindowsFeature qWave).",
            cause);

    private const int ErrorModuleNotFound = 126;

    private static string FormatMessage(string functionName, int code, string? detail) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "{0} failed with {1} ({2}): {3}{4}",
            functionName,
            QwaveCatalog.ErrorName(code),
            code,
            QwaveCatalog.Describe(functionName, code),
            detail is null ? string.Empty : " " + detail);
}
