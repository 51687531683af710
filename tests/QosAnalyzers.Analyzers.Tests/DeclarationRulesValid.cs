using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests;

/// <summary>
/// The declaration and value rules over canonical code: every binding style of the tests, the runtime's
/// own interop, the [QwaveNativeMethods] output, and calls in the documented order. Nothing may be reported.
/// </summary>
public class DeclarationRulesValid
{
    // The runtime is referenced but its generators do not run: the second test has the generator's output among its sources, as hand-written code.
    private static QosAnalyzerTest Test()
    {
        var test = new QosAnalyzerTest(
            new SignatureDoesNotMatchAbiAnalyzer(),
            new VersionNotOnePointZeroAnalyzer(),
            new SizeDoesNotMatchOperationAnalyzer(),
            new BoolComparedWithTrueAnalyzer(),
            new UndefinedOrMisplacedFlagAnalyzer(),
            new SynchronousNotifyFlowAnalyzer(),
            new DscpOutOfRangeAnalyzer(),
            new CancelWithNullOverlappedAnalyzer(),
            new BandwidthMisuseAnalyzer(),
            new DefaultHandleAnalyzer());
        test.TestState.AdditionalReferences.AddRange(ShippedPackage.References(test.ReferenceAssemblies));
        return test;
    }

    private static string WithoutTypes(string bindings) => bindings.Replace(Bindings.Types, string.Empty, StringComparison.Ordinal);

    [Fact]
    public Task Canonical_declarations_and_the_documented_lifecycle()
    {
        QosAnalyzerTest test = Test();
        test.TestState.Sources.Add("""
            using System;
            using System.ComponentModel;
            using System.Runtime.InteropServices;
            using System.Threading;
            using Interop;

            unsafe sealed class Sender : IDisposable
            {
                private const int ERROR_IO_PENDING = 997;
                private readonly nint _handle;
                private uint _flowId;

                public Sender()
                {
                    var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                    if (!Qwave.QOSCreateHandle(ref version, out IntPtr handle))
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }

                    _handle = handle;
                }

                public void Start(nint socket, NativeOverlapped* overlapped)
                {
                    uint id = 0;
                    if (!Qos.QOSAddSocketToFlow(_handle, socket, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, &id))
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }

                    _flowId = id;
                    var rate = new QOS_FLOWRATE_OUTGOING { Bandwidth = 2_000_000, ShapingBehavior = 1 };
                    _ = Qos.QOSSetFlow(_handle, _flowId, QOS_SET_FLOW.QOSSetOutgoingRate, (uint)sizeof(QOS_FLOWRATE_OUTGOING), &rate, 0, null);
                    uint dscp = 46;
                    _ = Qos.QOSSetFlow(_handle, _flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), &dscp, 0, null);

                    QOS_FLOW_FUNDAMENTALS fundamentals;
                    uint size = (uint)sizeof(QOS_FLOW_FUNDAMENTALS);
                    _ = Qos.QOSQueryFlow(_handle, _flowId, QOS_QUERY_FLOW.QOSQueryFlowFundamentals, &size, &fundamentals, QosConstants.QOS_QUERYFLOW_FRESH, null);

                    if (Native.NotifyFlow(_handle, _flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, 0, 0, 0, (nint)overlapped) == 0
                        && Marshal.GetLastPInvokeError() != ERROR_IO_PENDING)
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }

                    _ = Qos.QOSCancel(_handle, overlapped);
                }

                public void Dispose()
                {
                    _ = Qos.QOSRemoveSocketFromFlow(_handle, 0, _flowId, 0);
                    if (Native.CloseHandle(_handle) == 0)
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }
                }
            }
            """);
        test.TestState.Sources.Add(Bindings.DllImportBool);
        test.TestState.Sources.Add(WithoutTypes(Bindings.DllImportIntAlias));
        test.TestState.Sources.Add(WithoutTypes(Bindings.LibraryImportPointers));
        test.TestState.Sources.Add(WithoutTypes(Bindings.CsWin32));
        test.TestState.Sources.Add(WithoutTypes(Bindings.EntryPointMarked));
        test.TestState.Sources.Add(NativeStructs.Source);
        return test.RunAsync();
    }

    [Fact]
    public Task The_runtime_interop_and_the_generator_output()
    {
        const string User = """
            using QosAnalyzers;

            namespace Contoso.Interop
            {
                [QwaveNativeMethods]
                internal static partial class Qwave
                {
                }
            }
            """;
        QosAnalyzerTest test = Test();
        test.TestState.Sources.AddRange(new[]
        {
            User,
            CanonicalDeclarations.Generated(User),
            CanonicalDeclarations.RuntimeInterop("QwaveNative.cs"),
        }.Concat(CanonicalDeclarations.RuntimeTypes()).Concat(CanonicalDeclarations.Catalog()));
        return test.RunAsync();
    }
}
