using System.Threading.Tasks;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;
using static QosAnalyzers.Testing.AnalyzerVerifier<QosAnalyzers.Analyzers.Rules.SocketClosedBeforeFlowRemovedAnalyzer>;

namespace QosAnalyzers.Analyzers.Tests.QOS020;

/// <summary>
/// QOS020 on this package's API: QosSession.RemoveSocketFromFlow (or a generated RemoveSocket) written after the socket
/// was closed. The removal throws ObjectDisposedException, and until the session ends the flow keeps the closed socket's
/// handle value.
/// </summary>
public class SessionApi
{
    [Fact]
    public Task Removal_after_the_socket_was_closed() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(
        new[]
        {
            """
            using System.Net;
            using System.Net.Sockets;
            using QosAnalyzers;

            class C
            {
                void Stop(QosSession session, QosFlowId flow, Socket socket)
                {
                    {|#0:socket.Close()|};
                    {|#1:session.RemoveSocketFromFlow(flow, socket)|};
                }

                void OnOnePath(QosSession session, Socket socket, IPEndPoint peer, bool failed)
                {
                    QosFlowId flow = session.AddSocketToFlow(socket, peer, QosTrafficType.Voice, adaptive: false);
                    if (failed)
                    {
                        {|#2:socket.Dispose()|};
                    }

                    {|#3:session.RemoveSocketFromFlow(flow, socket)|};
                }

                void Udp(QosSession session, QosFlowId flow, UdpClient client)
                {
                    {|#4:client.Close()|};
                    {|#5:session.RemoveSocketFromFlow(flow, client.Client)|};
                }
            }
            """,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("socket", "QosSession"),
        Diagnostic().WithLocation(2).WithAdditionalLocations(3).WithArguments("socket", "QosSession"),
        Diagnostic().WithLocation(4).WithAdditionalLocations(5).WithArguments("client", "QosSession"));

    [Fact]
    public Task Field_socket_closed_in_Dispose_before_its_removal() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net;
            using System.Net.Sockets;
            using QosAnalyzers;

            sealed class Stream : IDisposable
            {
                private readonly QosSession _session = QosSession.Open();
                private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                private QosFlowId _flow;

                public void Start(IPEndPoint peer) => _flow = _session.AddSocketToFlow(_socket, peer, QosTrafficType.AudioVideo, adaptive: true);

                public void Dispose()
                {
                    {|#0:_socket.Dispose()|};
                    {|#1:_session.RemoveSocketFromFlow(_flow, _socket)|};
                    _session.Dispose();
                }
            }
            """,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("_socket", "QosSession"));

    [Fact]
    public Task Socket_closed_by_a_helper_before_the_removal() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(
        new[]
        {
            """
            using System;
            using System.Net.Sockets;
            using QosAnalyzers;

            sealed class Stream : IDisposable
            {
                private readonly QosSession _session = QosSession.Open();
                private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                private QosFlowId _flow;

                public void Dispose()
                {
                    {|#0:CloseSocket()|};
                    {|#1:_session.RemoveSocketFromFlow(_flow, _socket)|};
                }

                private void CloseSocket() => _socket.Close();
            }
            """,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("_socket", "QosSession"));

    [Fact]
    public Task Generated_RemoveSocket_after_the_socket_was_closed() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(
        new[]
        {
            """
            using System.Net.Sockets;
            using App;

            class C
            {
                void Stop(VoiceFlow voice, Socket extra)
                {
                    {|#0:extra.Close()|};
                    {|#1:voice.RemoveSocket(extra)|};
                }
            }
            """,
            FlowClasses.Voice,
        },
        Diagnostic().WithLocation(0).WithAdditionalLocations(1).WithArguments("extra", "VoiceFlow"));

    [Fact]
    public Task Removal_first_or_no_removal_after_the_close_is_silent() => Run.Analyzer<SocketClosedBeforeFlowRemovedAnalyzer>(
        new[]
        {
            """
            using System.Net;
            using System.Net.Sockets;
            using QosAnalyzers;
            using App;

            class C
            {
                void Documented(QosSession session, QosFlowId flow, Socket socket)
                {
                    session.RemoveSocketFromFlow(flow, socket);
                    socket.Close();
                }

                void OtherSocket(QosSession session, QosFlowId flow, Socket socket, Socket other)
                {
                    other.Close();
                    session.RemoveSocketFromFlow(flow, socket);
                }

                void Replaced(QosSession session, QosFlowId flow, Socket socket)
                {
                    socket.Close();
                    socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    session.RemoveSocketFromFlow(flow, socket);
                }

                // The whole flow goes by its id: the closed socket is not touched.
                void WholeFlow(QosSession session, QosFlowId flow, Socket socket)
                {
                    socket.Close();
                    session.RemoveFlow(flow);
                }

                // The session removes what is left when it ends.
                void SessionEnds(Socket socket, IPEndPoint peer)
                {
                    using QosSession session = QosSession.Open();
                    using (socket)
                    {
                        _ = session.AddSocketToFlow(socket, peer, QosTrafficType.Voice, adaptive: false);
                    }
                }

                void Wrapper(VoiceFlow voice, Socket extra)
                {
                    voice.RemoveSocket(extra);
                    extra.Dispose();
                    voice.Dispose();
                }

                void Loop(QosSession session, QosFlowId flow, IPEndPoint peer)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                        session.AddSocketToExistingFlow(flow, socket, peer, QosTrafficType.Voice);
                        session.RemoveSocketFromFlow(flow, socket);
                        socket.Close();
                    }
                }
            }
            """,
            FlowClasses.Voice,
        });

    [Fact]
    public Task Fix_moves_the_removal_before_the_close() => Run.CodeFix<SocketClosedBeforeFlowRemovedAnalyzer, RemoveFlowBeforeCloseCodeFix>(
        """
        using System.Net.Sockets;
        using QosAnalyzers;

        class C
        {
            void Stop(QosSession session, QosFlowId flow, Socket socket)
            {
                [|socket.Close()|];
                session.RemoveSocketFromFlow(flow, socket);
            }
        }
        """,
        """
        using System.Net.Sockets;
        using QosAnalyzers;

        class C
        {
            void Stop(QosSession session, QosFlowId flow, Socket socket)
            {
                session.RemoveSocketFromFlow(flow, socket);
                socket.Close();
            }
        }
        """);
}
