using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Platforms;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS023: Socket.SetSocketOption(IP, TypeOfService) or (IPv6, IPV6_TCLASS), or SetRawSocketOption with
    /// the IP_TOS/IPV6_TCLASS numbers of Windows, Linux or macOS, on a path that can run on Windows, where
    /// the stack ignores the value. Level and name must be constants; code proven not to run on Windows
    /// (OperatingSystem guards, platform attributes) is silent. Needs no qWAVE, so not a
    /// <see cref="QwaveDiagnosticAnalyzer"/>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TypeOfServiceIgnoredOnWindowsAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the option set, IP_TOS or IPV6_TCLASS.</summary>
        internal const string OptionProperty = "Option";

        internal const string IpTos = "IP_TOS";
        internal const string Ipv6TrafficClass = "IPV6_TCLASS";

        private const long IpProtocolLevel = 0;      // IPPROTO_IP, SocketOptionLevel.IP
        private const long Ipv6ProtocolLevel = 41;   // IPPROTO_IPV6, SocketOptionLevel.IPv6
        private const long WindowsIpTos = 3;         // SocketOptionName.TypeOfService
        private const long UnixIpTos = 1;            // Linux and macOS
        private const long WindowsIpv6TrafficClass = 39;
        private const long LinuxIpv6TrafficClass = 67;
        private const long MacIpv6TrafficClass = 36;

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.TypeOfServiceIgnoredOnWindows,
            title: "IP type-of-service socket option has no effect on Windows",
            messageFormat: "{0} sets {1}, which Windows ignores: packets leave unmarked; mark them with qWAVE (QosSession, or QOSSetFlow with QOSSetOutgoingDSCPValue) on Windows, or guard the call with !OperatingSystem.IsWindows()",
            category: RuleCategories.Interoperability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "On Windows, setting IP_TOS (SocketOptionLevel.IP, SocketOptionName.TypeOfService) succeeds but the TCP/IP stack does not put the value in the IP header, and an IP-level TOS on an IPv6 socket fails. Windows marks DSCP through qWAVE (QOSSetFlow with QOSSetOutgoingDSCPValue, this package's QosSession) or Group Policy QoS. IP_TOS and IPV6_TCLASS do work on Linux and macOS: guard such code with !OperatingSystem.IsWindows().",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.TypeOfServiceIgnoredOnWindows));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? socket = start.Compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
                if (socket is null)
                {
                    return;
                }

                var symbols = new Symbols(
                    socket,
                    start.Compilation.GetTypeByMetadataName("System.Net.Sockets.SocketOptionLevel"),
                    start.Compilation.GetTypeByMetadataName("System.Net.Sockets.SocketOptionName"),
                    new OperatingSystemGuards(start.Compilation));
                start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, Symbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            bool raw;
            if (method.Name == "SetSocketOption")
            {
                raw = false;
            }
            else if (method.Name == "SetRawSocketOption")
            {
                raw = true;
            }
            else
            {
                return;
            }

            if (method.IsStatic
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Socket)
                || method.Parameters.Length != 3
                || !IsLevelAndName(method, raw, symbols)
                || Constant(invocation, 0) is not long level
                || Constant(invocation, 1) is not long name
                || Option(level, name, raw) is not string option
                || symbols.Guards.ExcludesWindows(invocation, context.ContainingSymbol))
            {
                return;
            }

            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(OptionProperty, option);
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, "Socket." + method.Name, option));
        }

        /// <summary>SetSocketOption(SocketOptionLevel, SocketOptionName, …) or SetRawSocketOption(int, int, …).</summary>
        private static bool IsLevelAndName(IMethodSymbol method, bool raw, Symbols symbols)
        {
            ITypeSymbol level = method.Parameters[0].Type;
            ITypeSymbol name = method.Parameters[1].Type;
            return raw
                ? level.SpecialType == SpecialType.System_Int32 && name.SpecialType == SpecialType.System_Int32
                : SymbolEqualityComparer.Default.Equals(level, symbols.OptionLevel) && SymbolEqualityComparer.Default.Equals(name, symbols.OptionName);
        }

        /// <summary>
        /// The option the constant pair names: SocketOptionLevel/SocketOptionName use Windows' numbers; raw
        /// options are reported with the numbers of any platform the call may mean, since it can run on Windows.
        /// </summary>
        private static string? Option(long level, long name, bool raw)
        {
            if (level == IpProtocolLevel && (name == WindowsIpTos || (raw && name == UnixIpTos)))
            {
                return IpTos;
            }

            if (level == Ipv6ProtocolLevel && (name == WindowsIpv6TrafficClass || (raw && (name == LinuxIpv6TrafficClass || name == MacIpv6TrafficClass))))
            {
                return Ipv6TrafficClass;
            }

            return null;
        }

        /// <summary>The compile-time constant passed for the parameter at <paramref name="ordinal"/>, as a number.</summary>
        private static long? Constant(IInvocationOperation invocation, int ordinal)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: object value } ? Number(value) : null;
                }
            }

            return null;
        }

        private static long? Number(object value) => value switch
        {
            int i => i,
            uint u => u,
            long l => l,
            short s => s,
            ushort us => us,
            byte b => b,
            sbyte sb => sb,
            _ => null,
        };

        private sealed class Symbols
        {
            public Symbols(INamedTypeSymbol socket, INamedTypeSymbol? optionLevel, INamedTypeSymbol? optionName, OperatingSystemGuards guards)
            {
                Socket = socket;
                OptionLevel = optionLevel;
                OptionName = optionName;
                Guards = guards;
            }

            public INamedTypeSymbol Socket { get; }

            public INamedTypeSymbol? OptionLevel { get; }

            public INamedTypeSymbol? OptionName { get; }

            public OperatingSystemGuards Guards { get; }
        }
    }
}
