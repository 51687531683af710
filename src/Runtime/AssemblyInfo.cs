using System.Runtime.InteropServices;

// qwave.dll is a system DLL: never load it from the application directory.
[assembly: DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
