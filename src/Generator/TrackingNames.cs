// Names of the incremental steps, so tests can assert what was cached (after
// NetEscapades.EnumGenerators' TrackingNames).
namespace QosAnalyzers.Generator
{
    public static class TrackingNames
    {
        /// <summary>Compilation facts the output depends on.</summary>
        public const string Environment = nameof(Environment);

        /// <summary>[QosFlow] classes, one model or null per attributed declaration.</summary>
        public const string QosFlowModels = nameof(QosFlowModels);

        /// <summary>[QosFlow] classes that can be generated.</summary>
        public const string QosFlowValidModels = nameof(QosFlowValidModels);

        /// <summary>Each flow model paired with the environment.</summary>
        public const string QosFlowWithEnvironment = nameof(QosFlowWithEnvironment);

        /// <summary>[QwaveNativeMethods] classes, one model or null per attributed declaration.</summary>
        public const string NativeMethodsModels = nameof(NativeMethodsModels);

        /// <summary>[QwaveNativeMethods] classes that can be generated.</summary>
        public const string NativeMethodsValidModels = nameof(NativeMethodsValidModels);

        /// <summary>Each native-methods model paired with the environment.</summary>
        public const string NativeMethodsWithEnvironment = nameof(NativeMethodsWithEnvironment);
    }
}
