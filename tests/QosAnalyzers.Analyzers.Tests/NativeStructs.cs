namespace QosAnalyzers.Analyzers.Tests;

/// <summary>The qos2.h buffer structs and an import of QOSEnumerateFlows, for the rules about buffers and values.</summary>
internal static class NativeStructs
{
    public const string Source = """
        namespace Interop
        {
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential)]
            public struct QOS_FLOWRATE_OUTGOING { public ulong Bandwidth; public int ShapingBehavior; public int Reason; }

            [StructLayout(LayoutKind.Sequential)]
            public struct QOS_FLOW_FUNDAMENTALS
            {
                public int BottleneckBandwidthSet;
                public ulong BottleneckBandwidth;
                public int AvailableBandwidthSet;
                public ulong AvailableBandwidth;
                public int RTTSet;
                public uint RTT;
            }

            [StructLayout(LayoutKind.Sequential)]
            public struct QOS_PACKET_PRIORITY { public uint ConformantDSCPValue, NonConformantDSCPValue, ConformantL2Value, NonConformantL2Value; }

            public static unsafe class Enumeration
            {
                [DllImport("qwave.dll", SetLastError = true)]
                public static extern bool QOSEnumerateFlows(nint QOSHandle, ref uint Size, uint[] Buffer);

                [DllImport("qwave.dll", EntryPoint = "QOSEnumerateFlows", SetLastError = true)]
                public static extern bool QOSEnumerateFlowsRaw(nint QOSHandle, uint* Size, void* Buffer);
            }
        }
        """;
}
