namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>How a method is bound to a qWAVE entry point.</summary>
    internal enum QwaveBindingKind
    {
        /// <summary><c>[DllImport("qwave")]</c> extern method (also CsWin32's raw externs).</summary>
        DllImport,

        /// <summary><c>[LibraryImport("qwave")]</c> partial method.</summary>
        LibraryImport,

        /// <summary>A method marked <c>[QosAnalyzers.QwaveEntryPoint("QOSxxx")]</c>.</summary>
        EntryPointAttribute,

        /// <summary>A CsWin32 friendly overload in <c>Windows.Win32.PInvoke</c> (SafeHandle, span or dropped reserved parameters).</summary>
        CsWin32Overload,
    }
}
