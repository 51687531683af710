// The one source of the names of this package's own API: QosSession's members and their parameters,
// the attributes, and the members the generator declares on a [QosFlow] class. The generator's emitter
// writes these names, the member-collision check of [QosFlow] reserves them, and the analyzers and the
// call-site filter recognize calls by them. The runtime declares the types themselves; its tests hold
// these names to the real types by reflection, and the generator's tests hold the wrapper's member
// list to what the generator emits.
using System.Collections.Generic;

namespace QosAnalyzers.Catalog
{
    internal static partial class PackageApi
    {
        /// <summary>The namespace of the runtime's public types.</summary>
        public const string Namespace = "QosAnalyzers";

        /// <summary>The runtime's public types that generated code names or the analyzers look up, by their name in <see cref="Namespace"/>.</summary>
        public static class Types
        {
            public const string Session = "QosSession";
            public const string FlowId = "QosFlowId";
            public const string Exception = "QosException";
            public const string TrafficType = "QosTrafficType";
            public const string Shaping = "QosShaping";
            public const string FlowRateReason = "QosFlowRateReason";
            public const string PacketPriority = "QosPacketPriority";
            public const string FlowFundamentals = "QosFlowFundamentals";
        }

        /// <summary>QosSession: the members generated code calls and the analyzers recognize.</summary>
        public static class Session
        {
            public const string MetadataName = Namespace + "." + Types.Session;

            public const string AddSocketToFlow = "AddSocketToFlow";
            public const string TryAddSocketToFlow = "TryAddSocketToFlow";
            public const string AddSocketToExistingFlow = "AddSocketToExistingFlow";
            public const string RemoveSocketFromFlow = "RemoveSocketFromFlow";
            public const string RemoveFlow = "RemoveFlow";
            public const string IsDisposed = "IsDisposed";
            public const string SetOutgoingRate = "SetOutgoingRate";
            public const string TrySetOutgoingRate = "TrySetOutgoingRate";
            public const string SetOutgoingDscp = "SetOutgoingDscp";
            public const string TrySetOutgoingDscp = "TrySetOutgoingDscp";
            public const string QueryFundamentals = "QueryFundamentals";
            public const string QueryFundamentalsAsync = "QueryFundamentalsAsync";
            public const string QueryOutgoingRate = "QueryOutgoingRate";
            public const string QueryPacketPriority = "QueryPacketPriority";
            public const string WhenCongestedAsync = "WhenCongestedAsync";
            public const string WhenUncongestedAsync = "WhenUncongestedAsync";
            public const string WhenAvailableAsync = "WhenAvailableAsync";
            public const string Dispose = "Dispose";
            public const string DisposeAsync = "DisposeAsync";

            private static readonly string[] s_needAdaptiveFlow = { QueryFundamentals, QueryFundamentalsAsync, WhenCongestedAsync, WhenUncongestedAsync, WhenAvailableAsync };

            private static readonly string[] s_endSession = { Dispose, DisposeAsync };

            /// <summary>The members that read path estimates or wait for notifications, which only an adaptive flow has.</summary>
            public static IReadOnlyList<string> NeedAdaptiveFlow => s_needAdaptiveFlow;

            /// <summary>The members that end the session rather than make a qWAVE request.</summary>
            public static IReadOnlyList<string> EndSession => s_endSession;
        }

        /// <summary>
        /// The parameter names of QosSession's members that the analyzers read arguments by. The generated
        /// wrappers give the same names to the parameters that take the same arguments.
        /// </summary>
        public static class Parameters
        {
            public const string Socket = "socket";
            public const string Destination = "destination";
            public const string TrafficType = "trafficType";
            public const string Adaptive = "adaptive";
            public const string FlowId = "flowId";
            public const string Error = "error";
            public const string BitsPerSecond = "bitsPerSecond";
            public const string Shaping = "shaping";
            public const string Reason = "reason";
            public const string Dscp = "dscp";
            public const string Fresh = "fresh";
            public const string CancellationToken = "cancellationToken";
        }

        /// <summary>[QosFlow]: the attribute that makes a partial class a generated flow wrapper, and its named arguments.</summary>
        public static class FlowAttribute
        {
            public const string Name = "QosFlowAttribute";
            public const string MetadataName = Namespace + "." + Name;

            /// <summary>The attribute as source code writes it.</summary>
            public const string ShortName = "QosFlow";

            public const string Adaptive = "Adaptive";
            public const string Dscp = "Dscp";
            public const string OutgoingRate = "OutgoingRate";
            public const string Shaping = "Shaping";
        }

        /// <summary>[QwaveNativeMethods]: the attribute that has the generator declare qWAVE bindings.</summary>
        public static class NativeMethodsAttribute
        {
            public const string Name = "QwaveNativeMethodsAttribute";
            public const string MetadataName = Namespace + "." + Name;

            /// <summary>The attribute as source code writes it.</summary>
            public const string ShortName = "QwaveNativeMethods";
        }

        /// <summary>[QwaveEntryPoint]: the attribute that marks a method as the binding of a qWAVE export under another name.</summary>
        public static class EntryPointAttribute
        {
            public const string Name = "QwaveEntryPointAttribute";
            public const string MetadataName = Namespace + "." + Name;

            /// <summary>The attribute as source code writes it.</summary>
            public const string ShortName = "QwaveEntryPoint";
        }

        /// <summary>
        /// The members the generator declares on a [QosFlow] class, which a member of the user's may not
        /// take, and the names of their parameters that the analyzers read.
        /// </summary>
        public static class FlowWrapper
        {
            public const string Add = "Add";
            public const string TryAdd = "TryAdd";
            public const string Id = "Id";
            public const string SetOutgoingRate = "SetOutgoingRate";
            public const string SetOutgoingDscp = "SetOutgoingDscp";
            public const string TrySetOutgoingDscp = "TrySetOutgoingDscp";
            public const string QueryOutgoingRate = "QueryOutgoingRate";
            public const string QueryPacketPriority = "QueryPacketPriority";
            public const string Dispose = "Dispose";
            public const string DisposeAsync = "DisposeAsync";

            // Adaptive flows only.
            public const string QueryFundamentals = "QueryFundamentals";
            public const string WhenCongestedAsync = "WhenCongestedAsync";
            public const string WhenUncongestedAsync = "WhenUncongestedAsync";
            public const string WhenAvailableAsync = "WhenAvailableAsync";

            // Non-adaptive flows only.
            public const string AddSocket = "AddSocket";
            public const string RemoveSocket = "RemoveSocket";

            // Private state.
            public const string SessionField = "__qosSession";
            public const string FlowIdField = "__qosFlowId";
            public const string RemovedField = "__qosRemoved";
            public const string SessionAccessor = "__QosLiveSession";
            public const string RemoveAfterFailedAdd = "__QosRemoveAfterFailedAdd";

            // The parameters of Add and TryAdd that QosSession's members lack; the others are named as in Parameters.
            public const string SessionParameter = "session";
            public const string FlowParameter = "flow";

            private static readonly string[] s_common =
            {
                Add, TryAdd, Id, SetOutgoingRate, SetOutgoingDscp, TrySetOutgoingDscp,
                QueryOutgoingRate, QueryPacketPriority, Dispose, DisposeAsync,
                SessionField, FlowIdField, RemovedField, SessionAccessor, RemoveAfterFailedAdd,
            };

            private static readonly string[] s_adaptiveOnly = { QueryFundamentals, WhenCongestedAsync, WhenUncongestedAsync, WhenAvailableAsync };

            private static readonly string[] s_nonAdaptiveOnly = { AddSocket, RemoveSocket };

            private static readonly string[] s_inspected = { SetOutgoingRate, WhenAvailableAsync, SetOutgoingDscp, TrySetOutgoingDscp };

            /// <summary>
            /// The wrapper members rules inspect the arguments of (a rate in bits per second, a DSCP value);
            /// the call-site filter admits files that mention them.
            /// </summary>
            public static IReadOnlyList<string> Inspected => s_inspected;

            /// <summary>Every member name the generator declares on a flow class of the given kind (its constructor aside).</summary>
            public static string[] Members(bool adaptive)
            {
                string[] kind = adaptive ? s_adaptiveOnly : s_nonAdaptiveOnly;
                var all = new string[s_common.Length + kind.Length];
                s_common.CopyTo(all, 0);
                kind.CopyTo(all, s_common.Length);
                return all;
            }
        }
    }
}
