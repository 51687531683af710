using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;

namespace QosAnalyzers.Analyzers.Tests.QOS008;

public class Valid
{
    [Fact]
    public Task Canonical_order_remove_then_close() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            void M(IntPtr h, IntPtr s)
            {
                uint id = 0;
                if (!Qwave.QOSAddSocketToFlow(h, s, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, 0, ref id))
                {
                    _ = Qwave.QOSCloseHandle(h);
                    return;
                }

                try
                {
                    Console.WriteLine("streaming");
                }
                finally
                {
                    _ = Qwave.QOSRemoveSocketFromFlow(h, s, id, 0);
                    _ = Qwave.QOSCloseHandle(h);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Reassigned_or_recreated_after_close() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private IntPtr _handle;

            void Dispose()
            {
                if (_handle != IntPtr.Zero)
                {
                    _ = Qwave.QOSCloseHandle(_handle);
                    _handle = IntPtr.Zero;
                }
            }

            void Recover(IntPtr h, uint id)
            {
                _ = Qwave.QOSCloseHandle(h);
                var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                if (!Qwave.QOSCreateHandle(ref version, out h))
                {
                    return;
                }

                _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, IntPtr.Zero);
                _ = Qwave.QOSCloseHandle(h);
            }

            void Loop(IntPtr[] handles)
            {
                foreach (IntPtr h in handles)
                {
                    _ = Qwave.QOSCloseHandle(h);
                }
            }
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task Incomplete_evidence_stays_silent() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>("""
        using System;
        using Interop;

        class C
        {
            private IntPtr _handle;

            void Member(uint id)
            {
                _ = Qwave.QOSCloseHandle(_handle);
                Reopen();
                _ = Qwave.QOSSetFlow(_handle, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, IntPtr.Zero);
            }

            void Reopen() => _handle = Open();

            static IntPtr Open() => new IntPtr(1);

            void Other(IntPtr first, IntPtr second, uint id)
            {
                _ = Qwave.QOSCloseHandle(first);
                _ = Qwave.QOSSetFlow(second, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, IntPtr.Zero);
                Log(first);
            }

            void Captured(IntPtr h, uint id)
            {
                _ = Qwave.QOSCloseHandle(h);
                Action later = () => _ = Qwave.QOSSetFlow(h, id, QOS_SET_FLOW.QOSSetTrafficType, 4, IntPtr.Zero, 0, IntPtr.Zero);
                later();
            }

            void Conditional(IntPtr h, bool done)
            {
                if (done)
                {
                    _ = Qwave.QOSCloseHandle(h);
                    return;
                }

                _ = Qwave.QOSCloseHandle(h);
            }

            static void Log(IntPtr value) => Console.WriteLine(value);
        }
        """, Bindings.DllImportBool);

    [Fact]
    public Task SafeHandle_disposed_twice_and_its_own_ReleaseHandle() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Runtime.InteropServices;
            using Interop;
            using QosAnalyzers;

            class C
            {
                void M(Func<QosHandle> open)
                {
                    QosHandle session = open();
                    session.Dispose();
                    session.Dispose();
                }
            }

            sealed class OwnHandle : SafeHandle
            {
                public OwnHandle() : base(IntPtr.Zero, true) { }
                public override bool IsInvalid => handle == IntPtr.Zero;
                protected override bool ReleaseHandle() => Qwave.QOSCloseHandle(DangerousGetHandle());
            }
            """,
            Bindings.DllImportBool,
        });
}
