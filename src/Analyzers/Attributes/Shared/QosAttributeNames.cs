// Names shared by the attribute analyzer and the generator (linked into both), so the analyzer
// checks exactly what the generator emits.
namespace QosAnalyzers.Attributes
{
    internal static class QosAttributeNames
    {
        public const string QosFlowAttribute = "QosAnalyzers.QosFlowAttribute";
        public const string QwaveNativeMethodsAttribute = "QosAnalyzers.QwaveNativeMethodsAttribute";

        public const string Adaptive = "Adaptive";
        public const string Dscp = "Dscp";
        public const string OutgoingRate = "OutgoingRate";
        public const string Shaping = "Shaping";

        /// <summary>Hint-name suffix of a generated flow wrapper; the analyzer uses it to tell generated members from the user's.</summary>
        public const string QosFlowHintSuffix = ".QosFlow.g.cs";

        /// <summary>Hint-name suffix of generated native declarations.</summary>
        public const string NativeMethodsHintSuffix = ".QwaveNativeMethods.g.cs";

        /// <summary>Private state of a generated flow wrapper (also checked for collisions).</summary>
        public const string SessionField = "__qosSession";
        public const string FlowIdField = "__qosFlowId";
        public const string RemovedField = "__qosRemoved";
        public const string SessionAccessor = "__QosLiveSession";
        public const string RemoveAfterFailedAdd = "__QosRemoveAfterFailedAdd";

        private static readonly string[] s_common =
        {
            "Add", "TryAdd", "Id", "SetOutgoingRate", "SetOutgoingDscp", "TrySetOutgoingDscp",
            "QueryOutgoingRate", "QueryPacketPriority", "Dispose", "DisposeAsync",
            SessionField, FlowIdField, RemovedField, SessionAccessor, RemoveAfterFailedAdd,
        };

        private static readonly string[] s_adaptiveOnly = { "QueryFundamentals", "WhenCongestedAsync", "WhenUncongestedAsync", "WhenAvailableAsync" };

        private static readonly string[] s_nonAdaptiveOnly = { "AddSocket", "RemoveSocket" };

        /// <summary>Every member name the generator declares on a flow class of the given kind.</summary>
        public static string[] GeneratedFlowMembers(bool adaptive)
        {
            string[] kind = adaptive ? s_adaptiveOnly : s_nonAdaptiveOnly;
            var all = new string[s_common.Length + kind.Length];
            s_common.CopyTo(all, 0);
            kind.CopyTo(all, s_common.Length);
            return all;
        }
    }
}
