using System;
using System.Runtime.Versioning;
#if !NET
using System.Runtime.InteropServices;
#endif

namespace QosAnalyzers.Compat;

/// <summary>
/// The OS checks the runtime makes: <see cref="OperatingSystem"/> on net8.0, RuntimeInformation.IsOSPlatform
/// and <see cref="Environment.OSVersion"/> on netstandard2.0. The guard attributes let the platform
/// analyzer treat these as it treats the <see cref="OperatingSystem"/> checks.
/// </summary>
internal static class Platform
{
    [SupportedOSPlatformGuard("windows")]
    public static bool IsWindows() =>
#if NET
        OperatingSystem.IsWindows();
#else
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
#endif

    /// <summary>Windows Vista (6.0.6000) or later: where qwave.dll exists.</summary>
    [SupportedOSPlatformGuard("windows6.0.6000")]
    public static bool IsWindowsVistaOrLater() =>
#if NET
        OperatingSystem.IsWindowsVersionAtLeast(6, 0, 6000);
#else
        IsWindows() && Environment.OSVersion.Version >= new Version(6, 0, 6000);
#endif
}
