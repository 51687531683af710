using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.HandleUsedAfterCloseAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS008;

/// <summary>QOS008 on this package's API: a QosSession used after it was disposed (every member but Dispose then throws ObjectDisposedException).</summary>
public class SessionApi
{
    [Fact]
    public Task Session_used_after_Dispose() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        new[]
        {
            """
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using QosAnalyzers;

            class C
            {
                void Stop(QosSession session, QosFlowId flow)
                {
                    {|#1:session.Dispose()|};
                    {|#0:session.RemoveFlow(flow)|};
                }

                async Task OnOnePath(QosSession session, QosFlowId flow, bool failed)
                {
                    if (failed)
                    {
                        await {|#3:session.DisposeAsync()|};
                    }

                    await {|#2:session.WhenCongestedAsync(flow)|};
                }
            }
            """,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("session", "is used by RemoveFlow after it was disposed"),
        Diagnostic().WithLocation(2).WithAdditionalLocations(3).WithArguments("session", "is used by WhenCongestedAsync after it was disposed"));

    [Fact]
    public Task Field_session_disposed_by_a_helper_then_used() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        new[]
        {
            """
            using System;
            using QosAnalyzers;

            sealed class Call : IDisposable
            {
                private readonly QosSession _session = QosSession.Open();
                private QosFlowId _flow;

                public void Dispose()
                {
                    {|#1:Shutdown()|};
                    {|#0:_session.RemoveFlow(_flow)|};
                }

                private void Shutdown() => _session.Dispose();
            }
            """,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("_session", "is used by RemoveFlow after it was disposed"));

    [Fact]
    public Task Use_before_Dispose_a_second_Dispose_or_a_checked_use_is_silent() => Run.Analyzer<HandleUsedAfterCloseAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using QosAnalyzers;

            class C
            {
                void Documented(QosSession session, QosFlowId flow)
                {
                    session.RemoveFlow(flow);
                    session.Dispose();
                    session.Dispose();
                }

                void Checked(QosSession session, QosFlowId flow, bool failed)
                {
                    if (failed)
                    {
                        session.Dispose();
                    }

                    if (!session.IsDisposed)
                    {
                        session.RemoveFlow(flow);
                    }
                }

                void Early(QosSession session, QosFlowId flow)
                {
                    if (session.IsDisposed)
                    {
                        return;
                    }

                    session.RemoveFlow(flow);
                }

                void Reopened(QosSession session, Socket socket, IPEndPoint peer)
                {
                    session.Dispose();
                    session = QosSession.Open();
                    _ = session.AddSocketToFlow(socket, peer, QosTrafficType.Voice, adaptive: false);
                    session.Dispose();
                }

                void Scoped(Socket socket, IPEndPoint peer)
                {
                    using QosSession session = QosSession.Open();
                    _ = session.AddSocketToFlow(socket, peer, QosTrafficType.Voice, adaptive: false);
                }

                void Loop(Socket socket, IPEndPoint peer)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        using var session = QosSession.Open();
                        _ = session.AddSocketToFlow(socket, peer, QosTrafficType.Voice, adaptive: false);
                    }
                }
            }
            """,
        });
}
