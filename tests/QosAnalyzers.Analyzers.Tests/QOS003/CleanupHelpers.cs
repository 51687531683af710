using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.IgnoredResultAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS003;

/// <summary>
/// A release in a private helper that only cleanup code calls (<c>Dispose(bool) { RemoveFlow(); CloseQos(); }</c>)
/// is on a cleanup path too; a helper that anything else can reach is not.
/// </summary>
public class CleanupHelpers
{
    [Fact]
    public Task DllImport_teardown_split_into_private_helpers_is_cleanup() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System;
        using Interop;

        class Streamer : IDisposable
        {
            private IntPtr _handle;
            private IntPtr _socket;
            private uint _flowId;

            protected virtual void Dispose(bool disposing)
            {
                if (_handle != IntPtr.Zero)
                {
                    RemoveFlow();
                    this.CloseQos();
                }
            }

            private void RemoveFlow()
            {
                if (_flowId != 0)
                {
                    Qwave.QOSRemoveSocketFromFlow(_handle, _socket, _flowId, 0);
                    _flowId = 0;
                }
            }

            private void CloseQos() => ReleaseNative();

            // Two helpers deep, still only reached from Dispose(bool).
            private void ReleaseNative()
            {
                Qwave.QOSCloseHandle(_handle);
                _handle = IntPtr.Zero;
            }

            ~Streamer() => Dispose(false);

            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task LibraryImport_helper_called_from_finally_and_from_a_lambda_in_Dispose_is_cleanup() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System;
        using Interop;

        sealed class Sender : IDisposable
        {
            private nint _handle;
            private nint _socket;
            private uint _flowId;

            public bool Send(Func<bool> send)
            {
                try
                {
                    return send();
                }
                finally
                {
                    Detach();
                }
            }

            private void Detach() => Qos.QOSRemoveSocketFromFlow(_handle, _socket, _flowId, 0);

            public void Dispose()
            {
                Action close = () => Close();
                close();
            }

            private void Close() => Qos.QOSCloseHandle(_handle);
        }
        """, Bindings.LibraryImportPointers);

    [Fact]
    public Task Helpers_that_other_code_can_reach_are_not_cleanup() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System;
        using Interop;

        class Channel : IDisposable
        {
            private IntPtr _handle;
            private IntPtr _socket;
            private uint _flowId;

            public void Reset() => RemoveFlow();

            public void Dispose()
            {
                RemoveFlow();
                CloseQos();
                Forget();
                Unused();
            }

            // Also called from Reset, where a failure could still be handled.
            private void RemoveFlow() => {|#0:Qwave.QOSRemoveSocketFromFlow(_handle, _socket, _flowId, 0)|};

            // Not private: a derived class or a caller outside may use it anywhere.
            protected void CloseQos() => {|#1:Qwave.QOSCloseHandle(_handle)|};

            // Handed out as a delegate: it may run anywhere.
            private void StopTracking() => {|#2:Qwave.QOSCloseHandle(_handle)|};

            public Action Stopper => StopTracking;

            private void Forget() { }

            private void Unused() { }

            // Never called.
            private void Orphan() => {|#3:Qwave.QOSCloseHandle(_handle)|};
        }
        """, Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("QOSRemoveSocketFromFlow"),
        Diagnostic().WithLocation(1).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(2).WithArguments("QOSCloseHandle"),
        Diagnostic().WithLocation(3).WithArguments("QOSCloseHandle"));

    [Fact]
    public Task Results_that_are_not_releases_are_reported_in_cleanup_helpers_too() => Run.Analyzer<IgnoredResultAnalyzer>("""
        using System;
        using Interop;

        class Channel : IDisposable
        {
            private IntPtr _handle;
            private uint _flowId;

            public void Dispose() => Mark();

            private unsafe void Mark()
            {
                uint dscp = 0;
                {|#0:Qwave.QOSSetFlow(_handle, _flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), (IntPtr)(&dscp), 0, IntPtr.Zero)|};
            }
        }
        """, Bindings.DllImportBool,
        Diagnostic().WithLocation(0).WithArguments("QOSSetFlow"));
}
