using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>Every rule over correct code in the documented order: nothing may be reported.</summary>
public class AllAnalyzersValid
{
    [Fact]
    public Task Documented_lifecycle_reports_nothing()
    {
        var test = new QosAnalyzerTest(new ReservedFlagsAnalyzer(), new HandleClosedWithActiveFlowAnalyzer(), new IgnoredResultAnalyzer(), new MissingSetLastErrorAnalyzer());
        test.TestState.Sources.Add("""
            using System;
            using System.ComponentModel;
            using System.Runtime.InteropServices;
            using System.Threading;
            using Interop;

            unsafe sealed class VoiceSender : IDisposable
            {
                private readonly nint _handle;
                private readonly nint _socket;
                private uint _flowId;

                public VoiceSender(nint socket)
                {
                    var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                    if (!Qwave.QOSCreateHandle(ref version, out nint handle))
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }

                    _handle = handle;
                    _socket = socket;
                }

                public void Start()
                {
                    uint id = 0;
                    if (!Qos.QOSAddSocketToFlow(_handle, _socket, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, QosConstants.QOS_NON_ADAPTIVE_FLOW, &id))
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }

                    _flowId = id;
                    uint dscp = 46;
                    // Best effort: needs Administrators or Network Configuration Operators.
                    _ = Qos.QOSSetFlow(_handle, _flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &dscp, 0, null);
                }

                public void WaitForCongestion(NativeOverlapped* overlapped)
                {
                    if (!Qos.QOSNotifyFlow(_handle, _flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped)
                        && Marshal.GetLastPInvokeError() != 997)
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }

                    _ = Qos.QOSCancel(_handle, overlapped);
                }

                public void Dispose()
                {
                    _ = Qos.QOSRemoveSocketFromFlow(_handle, 0, _flowId, 0);
                    _ = Qos.QOSCloseHandle(_handle);
                }
            }
            """);
        test.TestState.Sources.Add(Bindings.DllImportBool);
        test.TestState.Sources.Add(Bindings.LibraryImportPointers.Replace(Bindings.Types, string.Empty, System.StringComparison.Ordinal));
        return test.RunAsync();
    }
}
