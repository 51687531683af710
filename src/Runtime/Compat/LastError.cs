using System.Runtime.InteropServices;
#if !NET
using System;
#endif

namespace QosAnalyzers.Compat;

/// <summary>
/// The "last P/Invoke error" every <see cref="QwaveBackend"/> reports its failures through.
/// <para>
/// net8.0: exactly Marshal.GetLastPInvokeError / Marshal.SetLastPInvokeError,
/// so a caller that reads Marshal after a simulator call sees the same value as before.
/// </para>
/// <para>
/// netstandard2.0 has no public setter (kernel32's SetLastError exists only on Windows, and the
/// simulator and socket backend must "set" the error on every OS). There the error lives in a
/// [ThreadStatic] field: every backend stores it (the native backend copies
/// <see cref="Marshal.GetLastWin32Error"/> right after each qwave.dll call), and <see cref="Get"/> reads it,
/// falling back to <see cref="Marshal.GetLastWin32Error"/> on a thread where no backend has stored one.
/// </para>
/// </summary>
internal static class LastError
{
#if !NET
    [ThreadStatic]
    private static int t_error;

    [ThreadStatic]
    private static bool t_stored;
#endif

    /// <summary>The error of the last backend call on this thread.</summary>
    public static int Get()
    {
#if NET
        return Marshal.GetLastPInvokeError();
#else
        return t_stored ? t_error : Marshal.GetLastWin32Error();
#endif
    }

    /// <summary>Stores <paramref name="error"/> as the error of the last backend call on this thread.</summary>
    public static void Set(int error)
    {
#if NET
        Marshal.SetLastPInvokeError(error);
#else
        t_error = error;
        t_stored = true;
#endif
    }

#if !NET
    /// <summary>
    /// netstandard2.0: stores the Win32 error of the P/Invoke that just returned <paramref name="result"/>
    /// (a DllImport with SetLastError = true) and passes <paramref name="result"/> through.
    /// </summary>
    public static int CaptureWin32(int result)
    {
        Set(Marshal.GetLastWin32Error());
        return result;
    }
#endif
}
