// The value-equatable models the pipeline caches. They hold only strings, numbers and
// EquatableArrays: no ISymbol, SyntaxNode, Location or Compilation, so an edit elsewhere leaves
// them equal and no old compilation is kept alive.
namespace QosAnalyzers.Generator.Model
{
    /// <summary>What the compilation offers the generated code: optional BCL types and language features.</summary>
    /// <param name="HasNotNullWhen">[NotNullWhen] exists (not on .NET Framework).</param>
    /// <param name="HasAsyncDisposable">IAsyncDisposable and ValueTask exist.</param>
    /// <param name="HasSupportedOSPlatform">[SupportedOSPlatform] exists (.NET 5+).</param>
    /// <param name="HasDefaultDllImportSearchPaths">[DefaultDllImportSearchPaths] exists.</param>
    /// <param name="RuntimeMarshallingDisabled">The assembly has [DisableRuntimeMarshalling].</param>
    /// <param name="NullableAnnotations">C# 8 or later: <c>#nullable enable</c>, <c>T?</c>, <c>!</c> and <c>??=</c> may be emitted.</param>
    /// <param name="NativeIntegers">C# 9 or later: <c>nint</c> may be emitted (else <c>System.IntPtr</c>).</param>
    internal sealed record GeneratorEnvironment(
        bool HasNotNullWhen,
        bool HasAsyncDisposable,
        bool HasSupportedOSPlatform,
        bool HasDefaultDllImportSearchPaths,
        bool RuntimeMarshallingDisabled,
        bool NullableAnnotations = true,
        bool NativeIntegers = true)
    {
        /// <summary><paramref name="type"/> as a nullable reference where the language has them.</summary>
        public string Nullable(string type) => NullableAnnotations ? type + "?" : type;

        /// <summary><paramref name="expression"/> with the null-forgiving operator where the language has it.</summary>
        public string Forgiven(string expression) => NullableAnnotations ? expression + "!" : expression;
    }

    /// <summary>A [QosFlow] class that can be generated.</summary>
    /// <param name="Hierarchy">Where the partial declaration goes.</param>
    /// <param name="TrafficType">The C# member name of QosTrafficType, e.g. "Voice".</param>
    /// <param name="Adaptive">False: the flow is added with QOS_NON_ADAPTIVE_FLOW.</param>
    /// <param name="Dscp">-1 when not set; otherwise 0-63.</param>
    /// <param name="OutgoingRate">0 when not set; bits per second at the IP level.</param>
    /// <param name="Shaping">The C# member name of QosShaping applied with the rate.</param>
    internal sealed record QosFlowModel(
        HierarchyInfo Hierarchy,
        string TrafficType,
        bool Adaptive,
        int Dscp,
        long OutgoingRate,
        string Shaping);

    /// <summary>A [QwaveNativeMethods] class and the catalog entry points to declare in it, in catalog order.</summary>
    internal sealed record NativeMethodsModel(HierarchyInfo Hierarchy, EquatableArray<string> Functions);
}
