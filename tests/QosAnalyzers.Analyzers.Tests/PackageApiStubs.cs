namespace QosAnalyzers.Analyzers.Tests;

/// <summary>The shape of this package's public API that the rules look at, declared in source.</summary>
internal static class PackageApiStubs
{
    public const string Source = """
        namespace QosAnalyzers
        {
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public readonly record struct QosFlowId(uint Value);
            public enum QosTrafficType { BestEffort, Background, ExcellentEffort, AudioVideo, Voice, Control }
            public enum QosShaping { ShapeOnly, ShapeAndMark, UseNonConformantMarkings }
            public enum QosFlowRateReason { NotApplicable, ContentChange, Congestion, HigherContentEncoding, UserCaused }
            public sealed class QosException : Exception { }

            [AttributeUsage(AttributeTargets.Class, Inherited = false)]
            public sealed class QosFlowAttribute : Attribute
            {
                public QosFlowAttribute(QosTrafficType trafficType) { }
                public bool Adaptive { get; set; }
            }

            [AttributeUsage(AttributeTargets.Method, Inherited = false)]
            public sealed class QwaveEntryPointAttribute : Attribute
            {
                public QwaveEntryPointAttribute(string name) { }
            }

            public sealed class QosSession
            {
                public void SetOutgoingDscp(QosFlowId flowId, int dscp) { }
                public bool TrySetOutgoingDscp(QosFlowId flowId, int dscp, out QosException? error) { error = null; return true; }
                public void SetOutgoingRate(QosFlowId flowId, ulong bitsPerSecond, QosShaping shaping = QosShaping.ShapeAndMark, QosFlowRateReason reason = QosFlowRateReason.NotApplicable) { }
                public Task WhenAvailableAsync(QosFlowId flowId, ulong bitsPerSecond, CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
        }

        namespace App
        {
            using QosAnalyzers;

            // What the generator adds to a [QosFlow] class, reduced to the members the rules look at.
            [QosFlow(QosTrafficType.Voice)]
            public sealed partial class VoiceFlow
            {
                public void SetOutgoingDscp(int dscp) { }
                public bool TrySetOutgoingDscp(int dscp, out QosException? error) { error = null; return true; }
                public void SetOutgoingRate(ulong bitsPerSecond) { }
            }
        }
        """;
}
