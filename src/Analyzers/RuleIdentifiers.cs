namespace QosAnalyzers.Analyzers
{
    /// <summary>The QOSnnn diagnostic IDs (contract: users suppress and configure by these).</summary>
    internal static class RuleIdentifiers
    {
        public const string ReservedFlagsMustBeZero = "QOS001";
        public const string HandleClosedWithActiveFlowOrPendingOperation = "QOS002";
        public const string BoolResultIgnored = "QOS003";
        public const string MissingSetLastError = "QOS004";
        public const string SignatureDoesNotMatchAbi = "QOS005";
        public const string FlowIdNotZeroOnInput = "QOS006";
        public const string VersionNotOnePointZero = "QOS007";
        public const string HandleUsedAfterClose = "QOS008";
        public const string FlowOrTrackingNeverReleased = "QOS009";
        public const string OperationNeedsAdaptiveFlow = "QOS010";
        public const string SizeDoesNotMatchOperation = "QOS011";
        public const string BoolComparedWithTrue = "QOS012";
        public const string UndefinedOrMisplacedFlag = "QOS013";
        public const string IoPendingTreatedAsFailure = "QOS014";
        public const string OverlappedNotStable = "QOS015";
        public const string SynchronousNotifyFlow = "QOS016";
        public const string DscpOutOfRange = "QOS017";
        public const string CancelWithNullOverlapped = "QOS018";
        public const string DestAddrMisuse = "QOS019";
        public const string SocketClosedBeforeFlowRemoved = "QOS020";
        public const string BandwidthMisuse = "QOS021";
        public const string DefaultHandle = "QOS022";
        public const string TypeOfServiceIgnoredOnWindows = "QOS023";
    }

    /// <summary>Diagnostic categories.</summary>
    internal static class RuleCategories
    {
        public const string Usage = "Usage";
        public const string Reliability = "Reliability";
        public const string Interoperability = "Interoperability";
        public const string Design = "Design";
    }

    /// <summary>Help links: every rule's page is docs/rules/{ID}.md in the repository.</summary>
    internal static class HelpLinks
    {
        public const string RulesBase = "https://github.com/qosanalyzers/qosanalyzers/blob/main/docs/rules/";

        public static string For(string id) => RulesBase + id + ".md";
    }
}
