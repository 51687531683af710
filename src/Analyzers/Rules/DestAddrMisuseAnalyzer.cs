using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS019 (info): QOSAddSocketToFlow with a null DestAddr for a socket that this method created as
    /// an unconnected datagram socket (<c>new Socket(..., SocketType.Dgram, ...)</c>, <c>new UdpClient(port)</c>)
    /// and did not connect on some path (QW006). Sockets from elsewhere, or handed to other code, are
    /// not judged.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DestAddrMisuseAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.DestAddrMisuse,
            title: "DestAddr missing for an unconnected socket, without port, or mixing IPv4/IPv6",
            messageFormat: "DestAddr passed to {0} is null, but socket '{1}' is a datagram socket created here that is not connected on some path; pass the destination address with its port, or connect first",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "QOSAddSocketToFlow needs DestAddr, the destination address including its port, unless the socket is connected. The address must be of the socket's own family: no IPv4 or IPv4-mapped address on a dual-mode IPv6 socket.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.DestAddrMisuse));

        private protected override DiagnosticDescriptor Descriptor => Rule;

        internal static void Interpret(HandleLifetimeAnalysis analysis, QwaveRecognizer recognizer, List<FlowFinding> findings)
        {
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<IOperation>> add in analysis.UnconnectedAdds.OrderBy(p => p.Key.Syntax.SpanStart))
            {
                if (add.Value.IsEmpty)
                {
                    continue;
                }

                // A qWAVE binding, or this package's QosSession.AddSocketToFlow(socket, destination, ...).
                string function;
                IArgumentOperation? socketArgument;
                IArgumentOperation? destination;
                if (recognizer.TryGetCall(add.Key, out QwaveCall call))
                {
                    function = call.FunctionName;
                    socketArgument = call.Argument(ParameterRole.Socket);
                    destination = call.Argument(ParameterRole.DestAddr);
                }
                else
                {
                    function = "QosSession." + add.Key.TargetMethod.Name;
                    socketArgument = add.Key.Arguments.FirstOrDefault(a => a.Parameter?.Name == "socket");
                    destination = add.Key.Arguments.FirstOrDefault(a => a.Parameter?.Name == "destination");
                }

                if (analysis.Symbols.SocketKeyOf(socketArgument?.Value) is not ISymbol socket)
                {
                    continue;
                }

                IOperation creation = add.Value.OrderBy(c => c.Syntax.SpanStart).First();
                Location location = destination is { ArgumentKind: ArgumentKind.Explicit }
                    ? destination.Syntax.GetLocation()
                    : add.Key.Syntax.GetLocation();
                findings.Add(new FlowFinding(Rule.Id, location, new[] { creation.Syntax.GetLocation() }, null, function, socket.Name));
            }
        }
    }
}
