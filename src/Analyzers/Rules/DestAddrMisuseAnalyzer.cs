using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Flow;
using QosAnalyzers.Analyzers.Flow.Facets;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS019 (info): QOSAddSocketToFlow (or this package's QosSession add and generated Add/TryAdd) with
    /// a null DestAddr for a socket that this method created as an unconnected datagram socket and did
    /// not connect on some path; a destination evidently without a port: an IPEndPoint with port 0,
    /// a local sockaddr_in/sockaddr_in6 struct whose port is never set; an IPv4 or IPv4-mapped
    /// address for an IPv6 socket created here, or an IPv6 address for an IPv4 one. Sockets and
    /// addresses from elsewhere, or handed to other code, are not judged.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed partial class DestAddrMisuseAnalyzer : FlowRuleAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.DestAddrMisuse,
            title: "DestAddr missing for an unconnected socket, without port, or mixing IPv4/IPv6",
            messageFormat: "The DestAddr passed to {0} {1}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "QOSAddSocketToFlow needs DestAddr, the destination address including its port, unless the socket is connected. The address must be of the socket's own family: no IPv4 or IPv4-mapped address on a dual-mode IPv6 socket.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.DestAddrMisuse));

        private protected override DiagnosticDescriptor Descriptor => Rule;

        /// <summary>This rule's reading of the shared flow analysis (found by <see cref="FlowRules"/>).</summary>
        internal sealed class Interpreter : IFlowRuleInterpreter
        {
            public void Interpret(FlowRuleContext context) => DestAddrMisuseAnalyzer.Interpret(context.Walk, context.Recognizer, context.Findings);
        }

        internal static void Interpret(FlowWalk analysis, QwaveRecognizer recognizer, List<FlowFinding> findings)
        {
            var reported = new ReportedCalls();
            foreach (KeyValuePair<IInvocationOperation, ImmutableHashSet<IOperation>> add in SourceOrder.By(analysis.Facet<SocketsFacet>().UnconnectedAdds, p => p.Key))
            {
                if (add.Value.IsEmpty || !TryGetAdd(add.Key, recognizer, out string function, out IArgumentOperation? socketArgument, out IArgumentOperation? destination))
                {
                    continue;
                }

                // The flow facts: a datagram socket created here, not connected on some path, and no DestAddr.
                if (DestinationRules.Judge(AddressKind.Unknown, SocketKind.Datagram, connected: false, destination: null) != DestinationOutcome.Required)
                {
                    continue;
                }

                if (analysis.Symbols.SocketKeyOf(socketArgument?.Value) is not ISymbol socket)
                {
                    continue;
                }

                IOperation creation = SourceOrder.Earliest(add.Value, c => c)!;
                Location location = destination is { ArgumentKind: ArgumentKind.Explicit }
                    ? destination.Syntax.GetLocation()
                    : add.Key.Syntax.GetLocation();
                reported.Add(add.Key);
                findings.Add(new FlowFinding(Rule.Id, location, new[] { creation.Syntax.GetLocation() }, null, function,
                    "is null, but socket '" + socket.Name + "' is a datagram socket created here that is not connected on some path; pass the destination address with its port, or connect first"));
            }

            foreach (IInvocationOperation add in SourceOrder.By(Candidates(analysis), a => a))
            {
                if (reported.Contains(add)
                    || !TryGetAdd(add, recognizer, out string function, out _, out _)
                    || (add.SemanticModel ?? analysis.FlowGraph.OriginalOperation.SemanticModel) is not SemanticModel model
                    || model.GetOperation(add.Syntax) is not IInvocationOperation original
                    || !TryGetAdd(original, recognizer, out _, out IArgumentOperation? socketArgument, out IArgumentOperation? destination)
                    || destination is not { ArgumentKind: ArgumentKind.Explicit }
                    || ConstantValues.IsNullOrZero(destination.Value))
                {
                    continue;
                }

                string? problem = Problem(original, socketArgument, destination, recognizer);
                if (problem is not null && reported.Add(add))
                {
                    findings.Add(new FlowFinding(Rule.Id, destination.Syntax.GetLocation(), null, null, function, problem));
                }
            }
        }

        /// <summary>A qWAVE QOSAddSocketToFlow, or this package's QosSession add or generated Add/TryAdd, with its socket and destination.</summary>
        /// <summary>The adds whose given destination may be judged: this package's adds, and the qWAVE adds the walk recorded.</summary>
        private static IReadOnlyCollection<IInvocationOperation> Candidates(FlowWalk analysis)
        {
            IReadOnlyCollection<IInvocationOperation> package = analysis.Facet<SocketsFacet>().PackageAdds;
            IReadOnlyDictionary<IInvocationOperation, ImmutableHashSet<FlowIdSource>> inputs = analysis.Facet<FlowIdProvenanceFacet>().FlowIdInputs;
            if (inputs.Count == 0)
            {
                return package;
            }

            var candidates = new List<IInvocationOperation>(package);
            foreach (IInvocationOperation call in inputs.Keys)
            {
                if (call.TargetMethod.Parameters.Length >= 3)
                {
                    candidates.Add(call);
                }
            }

            return candidates;
        }

        private static bool TryGetAdd(IInvocationOperation invocation, QwaveRecognizer recognizer, out string function, out IArgumentOperation? socket, out IArgumentOperation? destination)
        {
            if (recognizer.TryGetCall(invocation, out QwaveCall call))
            {
                function = call.FunctionName;
                socket = call.Argument(ParameterRole.Socket);
                destination = call.Argument(ParameterRole.DestAddr);
                return call.FunctionName == QwaveCatalog.QOSAddSocketToFlow;
            }

            function = invocation.TargetMethod.ContainingType?.Name + "." + invocation.TargetMethod.Name;
            socket = null;
            destination = null;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                switch (argument.Parameter?.Name)
                {
                    case PackageApi.Parameters.Socket:
                        socket = argument;
                        break;
                    case PackageApi.Parameters.Destination:
                        destination = argument;
                        break;
                }
            }

            return socket is not null && destination is not null;
        }

        /// <summary>
        /// The evident problem with a given destination, or null: port 0, an address never set, or a family the
        /// socket cannot take. <see cref="DestinationRules"/> judges the facts evident here; this names the problem.
        /// </summary>
        private static string? Problem(IInvocationOperation add, IArgumentOperation? socketArgument, IArgumentOperation destination, QwaveRecognizer recognizer)
        {
            IOperation? value = EvidentValues.Unwrap(destination.Value);
            if (value?.Type is ITypeSymbol { Name: "IPEndPoint" })
            {
                if (Evident(value, add) is not IObjectCreationOperation { Constructor: not null } endPoint || endPoint.Arguments.Length != 2)
                {
                    return null;
                }

                int? port = ConstantValues.TryGetInteger(endPoint.Arguments[1].Value, out ulong constant) && constant == 0 ? 0 : null;

                // The families matter only when the port does not already break a rule.
                AddressKind address = port == 0 ? AddressKind.Unknown
                    : endPoint.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int64 ? AddressKind.IPv4
                    : AddressFamilyOf(endPoint.Arguments[0].Value, add, 0);
                (AddressKind socket, string name) = address == AddressKind.Unknown ? (AddressKind.Unknown, string.Empty) : SocketOf(socketArgument, add);
                switch (DestinationRules.Judge(socket, SocketKind.Unknown, connected: null, address, port))
                {
                    case DestinationOutcome.PortMissing:
                        return "is an IPEndPoint with port 0; qWAVE needs the destination's port";
                    case DestinationOutcome.FamilyMismatch:
                        return Mismatch(address, socket, name);
                    default:
                        return null;
                }
            }

            ILocalSymbol? local = EvidentValues.PointedLocal(destination.Value);
            if (local is not null && FamilyAndDataFields(local) is (IFieldSymbol familyField, IFieldSymbol dataField))
            {
                return DataArrayProblem(local, familyField, dataField, add, destination);
            }

            if (local is null || SockAddrFields(local) is not (IFieldSymbol portField, var addressField))
            {
                // Not a sockaddr struct: a sockaddr built by hand in bytes (an array, stackalloc memory, a SocketAddress)?
                return SockAddrBuffer.Problem(add, destination, recognizer);
            }

            FieldState portState = ZeroField(local, portField, add, destination, isAddress: false);
            FieldState addressState = portState == FieldState.Set && addressField is not null ? ZeroField(local, addressField, add, destination, isAddress: true) : FieldState.Set;
            switch (DestinationRules.Judge(AddressKind.Unknown, SocketKind.Unknown, connected: null, AddressKind.Unknown, portState != FieldState.Set ? 0 : null, addressState != FieldState.Set))
            {
                case DestinationOutcome.PortMissing:
                    return "is sockaddr '" + local.Name + "', whose port is " + (portState == FieldState.NeverSet ? "never set (it is 0)" : "set only to 0") + "; qWAVE needs the destination's port, in network byte order";
                case DestinationOutcome.AddressUnspecified:
                    return "is sockaddr '" + local.Name + "', whose address is " + (addressState == FieldState.NeverSet ? "never set (it is 0.0.0.0, which names no peer)" : "set only to 0.0.0.0, which names no peer") + "; qWAVE needs the destination's address";
                default:
                    return null;
            }
        }

        /// <summary>The family of the socket argument when this method evidently created it, and its local's name.</summary>
        private static (AddressKind Family, string Name) SocketOf(IArgumentOperation? socketArgument, IInvocationOperation add)
        {
            if (socketArgument is null)
            {
                return (AddressKind.Unknown, string.Empty);
            }

            IOperation? socketValue = EvidentValues.Unwrap(socketArgument.Value);
            if (socketValue is IPropertyReferenceOperation { Property.Name: "Client", Instance: IOperation client })
            {
                socketValue = client;
            }

            string name = (EvidentValues.Unwrap(socketValue) as ILocalReferenceOperation)?.Local.Name ?? string.Empty;
            return (SocketFamilyOf(Evident(socketValue, add)), name);
        }

        /// <summary>The message for a destination of family <paramref name="address"/> that <see cref="DestinationRules"/> found mixing with the socket's.</summary>
        private static string? Mismatch(AddressKind address, AddressKind socket, string name)
        {
            if (socket == AddressKind.IPv6 && address == AddressKind.IPv4)
            {
                return "is an IPv4 address, but socket '" + name + "' is an IPv6 socket; qWAVE does not mix IPv4 and IPv6: pass an IPv6 address, or connect the socket and pass null";
            }

            if (socket == AddressKind.IPv6 && address == AddressKind.IPv4MappedIPv6)
            {
                return "is an IPv4-mapped IPv6 address, which qWAVE rejects on IPv6 socket '" + name + "'; connect the socket and pass null, or use an IPv4 socket";
            }

            if (socket == AddressKind.IPv4 && (address == AddressKind.IPv6 || address == AddressKind.IPv4MappedIPv6))
            {
                return "is an IPv6 address, but socket '" + name + "' is an IPv4 socket; qWAVE does not mix IPv4 and IPv6";
            }

            return null;
        }

        /// <summary>The value an operation evidently has: itself, or the only value of the local it reads (which nothing else may change).</summary>
        private static IOperation? Evident(IOperation? value, IOperation use)
        {
            for (int depth = 0; depth < 4; depth++)
            {
                value = EvidentValues.Unwrap(value);
                if (value is not ILocalReferenceOperation reference)
                {
                    return value;
                }

                if (reference.Local.Type.IsReferenceType && !OnlyRead(reference.Local, use))
                {
                    return null;
                }

                value = EvidentValues.SingleAssignedValue(reference.Local, use);
            }

            return null;
        }

        /// <summary>A reference-type local that nothing may change: every use reads it as a call's argument by value, a member read, or the receiver of a call.</summary>
        private static bool OnlyRead(ILocalSymbol local, IOperation use)
        {
            IOperation root = EvidentValues.RootOf(use);

            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !reference.IsDeclaration
                    && reference.Parent is IPropertyReferenceOperation { Parent: IAssignmentOperation assignment } property
                    && assignment.Target == property)
                {
                    return false;
                }

                if (operation is ILocalReferenceOperation passed
                    && SymbolEqualityComparer.Default.Equals(passed.Local, local)
                    && passed.Parent is IArgumentOperation { Parent: IInvocationOperation invocation }
                    && !invocation.Syntax.Span.Contains(use.Syntax.Span)
                    && !PackageApi.IsPackageMethod(invocation.TargetMethod)
                    && invocation.TargetMethod.ContainingType?.Name != "IPEndPoint")
                {
                    // Handed to code that may change it.
                    return false;
                }
            }

            return true;
        }

        private static AddressKind AddressFamilyOf(IOperation? value, IOperation use, int depth)
        {
            value = Evident(value, use);
            switch (value)
            {
                case IInvocationOperation { TargetMethod.Name: "Parse" or "TryParse", Arguments.Length: >= 1 } parse
                    when parse.TargetMethod.ContainingType?.Name == "IPAddress" && parse.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text }:
                    if (!System.Net.IPAddress.TryParse(text, out System.Net.IPAddress? parsed))
                    {
                        return AddressKind.Unknown;
                    }

                    return parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? AddressKind.IPv4
                        : parsed.IsIPv4MappedToIPv6 ? AddressKind.IPv4MappedIPv6
                        : AddressKind.IPv6;
                case IFieldReferenceOperation { Field: { IsStatic: true, ContainingType.Name: "IPAddress" } field }:
                    return FamilyOfWellKnown(field.Name);
                case IPropertyReferenceOperation { Property: { IsStatic: true, ContainingType.Name: "IPAddress" } property }:
                    return FamilyOfWellKnown(property.Name);
                case IInvocationOperation { TargetMethod.Name: "MapToIPv4", Instance: not null }:
                    return AddressKind.IPv4;
                case IInvocationOperation { TargetMethod.Name: "MapToIPv6", Instance: IOperation instance } when depth < 4:
                    AddressKind mapped = AddressFamilyOf(instance, use, depth + 1);
                    return mapped == AddressKind.IPv4 ? AddressKind.IPv4MappedIPv6 : mapped;
                case IObjectCreationOperation { Type.Name: "IPAddress", Arguments.Length: 1 } creation
                    when creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int64:
                    return AddressKind.IPv4;
                default:
                    return AddressKind.Unknown;
            }
        }

        private static AddressKind FamilyOfWellKnown(string name) => name switch
        {
            "Loopback" or "Any" or "Broadcast" or "None" => AddressKind.IPv4,
            "IPv6Loopback" or "IPv6Any" or "IPv6None" => AddressKind.IPv6,
            _ => AddressKind.Unknown,
        };

        /// <summary>The family of a socket created by <paramref name="creation"/>: IPv6 (dual-mode included) or IPv4, when the constructor shows it.</summary>
        private static AddressKind SocketFamilyOf(IOperation? creation)
        {
            if (creation is not IObjectCreationOperation { Constructor: not null } socket || socket.Type?.ContainingNamespace?.ToDisplayString() != "System.Net.Sockets")
            {
                return AddressKind.Unknown;
            }

            if (socket.Initializer is IObjectOrCollectionInitializerOperation initializer)
            {
                foreach (IOperation member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DualMode" } } dual && dual.Value.ConstantValue is { HasValue: true, Value: true })
                    {
                        return AddressKind.IPv6;
                    }
                }
            }

            IArgumentOperation? family = socket.Arguments.FirstOrDefault(a => a.Parameter?.Type.Name == "AddressFamily");
            if (family is not null)
            {
                return ConstantValues.TryGetInteger(family.Value, out ulong value) ? value == 2 ? AddressKind.IPv4 : value == 23 ? AddressKind.IPv6 : AddressKind.Unknown : AddressKind.Unknown;
            }

            switch (socket.Type.Name)
            {
                case "Socket":
                    // Socket(SocketType, ProtocolType) creates a dual-mode IPv6 socket.
                    return socket.Arguments.Length == 2 && socket.Arguments[0].Value.Type?.Name == "SocketType" ? AddressKind.IPv6 : AddressKind.Unknown;
                case "UdpClient":
                    // UdpClient() and UdpClient(int port) are IPv4.
                    return socket.Arguments.Length == 0 || (socket.Arguments.Length == 1 && socket.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32)
                        ? AddressKind.IPv4
                        : AddressKind.Unknown;
                default:
                    return AddressKind.Unknown;
            }
        }

        /// <summary>
        /// The port field of a local sockaddr_in/sockaddr_in6-shaped struct (two 16-bit fields first: family, port;
        /// 16 or 28 bytes), and for sockaddr_in the 4-byte IPv4 address at offset 4; null when it has no such shape.
        /// </summary>
        private static (IFieldSymbol Port, IFieldSymbol? Address)? SockAddrFields(ILocalSymbol local)
        {
            if (local.Type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } type
                || !StructLayoutCalculator.TryCompute(type, out StructLayoutCalculator.Layout layout)
                || layout.IsAuto
                || (layout.Size != 16 && layout.Size != 28)
                || layout.Fields.Length < 3
                || layout.Fields[0].Offset != 0 || layout.Fields[0].Size != 2
                || layout.Fields[1].Offset != 2 || layout.Fields[1].Size != 2
                || !IsInteger16(layout.Fields[0].Field.Type) || !IsInteger16(layout.Fields[1].Field.Type))
            {
                return null;
            }

            IFieldSymbol? address = layout.Size == 16 && layout.Fields[2].Offset == 4 && layout.Fields[2].Size == 4 ? layout.Fields[2].Field : null;
            return (layout.Fields[1].Field, address);
        }

        /// <summary>
        /// The fields of a local generic-sockaddr struct as P/Invoke code often declares it: a 16-bit family, then a
        /// <c>byte[]</c> marshaled in place (<c>[MarshalAs(UnmanagedType.ByValArray, SizeConst = 14)]</c> or more) holding
        /// the rest of the sockaddr: the port at bytes 0-1, for IPv4 the address at bytes 2-5. Null for any other shape.
        /// </summary>
        private static (IFieldSymbol Family, IFieldSymbol Data)? FamilyAndDataFields(ILocalSymbol local)
        {
            if (local.Type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } type)
            {
                return null;
            }

            IFieldSymbol? family = null;
            IFieldSymbol? data = null;
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }

                if (family is null)
                {
                    family = field;
                }
                else if (data is null)
                {
                    data = field;
                }
                else
                {
                    return null;
                }
            }

            return family is not null && data is not null && IsInteger16(family.Type)
                && data.Type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte or SpecialType.System_SByte }
                && InPlaceArrayLength(data) >= 14
                ? (family, data)
                : null;
        }

        /// <summary>The SizeConst of a field's <c>[MarshalAs(UnmanagedType.ByValArray, SizeConst = n)]</c>; 0 without one.</summary>
        private static int InPlaceArrayLength(IFieldSymbol field)
        {
            // UnmanagedType.ByValArray is 30 (the constructor takes the enum or a short).
            AttributeData? marshalAs = Abi.ImportDeclaration.Find(field.GetAttributes(), "MarshalAsAttribute");
            if (marshalAs is null || marshalAs.ConstructorArguments.Length != 1
                || marshalAs.ConstructorArguments[0].Value is not (int or short) || System.Convert.ToInt32(marshalAs.ConstructorArguments[0].Value, System.Globalization.CultureInfo.InvariantCulture) != 30)
            {
                return 0;
            }

            foreach (KeyValuePair<string, TypedConstant> named in marshalAs.NamedArguments)
            {
                if (named.Key == "SizeConst" && named.Value.Value is int size)
                {
                    return size;
                }
            }

            return 0;
        }

        /// <summary>
        /// A generic sockaddr (<see cref="FamilyAndDataFields"/>) whose data array the method creates zeroed and then
        /// writes, in every use, at constant indexes only: its port never set, or set only to 0. Any other use of the
        /// struct or of its array (a copy into it at an index not constant, a call given it, an alias) leaves it unknown.
        /// </summary>
        private static string? DataArrayProblem(ILocalSymbol local, IFieldSymbol family, IFieldSymbol data, IInvocationOperation add, IArgumentOperation destination)
        {
            IOperation root = EvidentValues.RootOf(add);
            bool created = false;
            bool portWritten = false;
            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        IOperation? initializer = EvidentValues.Unwrap(declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value);
                        switch (initializer)
                        {
                            case null:
                            case IDefaultValueOperation:
                            case IObjectCreationOperation { Arguments.Length: 0, Initializer: null }:
                                break;
                            case IObjectCreationOperation { Arguments.Length: 0, Initializer: IObjectOrCollectionInitializerOperation members }:
                                // 'new SockAddr { Family = 2, Data = new byte[26] }'
                                foreach (IOperation assignment in members.Initializers)
                                {
                                    if (assignment is not ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } set)
                                    {
                                        return null;
                                    }

                                    if (SymbolEqualityComparer.Default.Equals(target.Field, data))
                                    {
                                        if (!IsZeroedArray(set.Value))
                                        {
                                            return null;
                                        }

                                        created = true;
                                    }
                                    else if (!SymbolEqualityComparer.Default.Equals(target.Field, family))
                                    {
                                        return null;
                                    }
                                }

                                break;
                            default:
                                return null;
                        }

                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && !reference.IsDeclaration:
                        if (destination.Syntax.Span.Contains(reference.Syntax.Span))
                        {
                            break;
                        }

                        if (reference.Parent is not IFieldReferenceOperation member || member.Instance != reference)
                        {
                            // The whole struct written, copied in, or handed to other code.
                            if (EvidentValues.IsWrite(reference) || reference.Parent is IArgumentOperation)
                            {
                                return null;
                            }

                            break;
                        }

                        if (SymbolEqualityComparer.Default.Equals(member.Field, family))
                        {
                            break;
                        }

                        switch (DataUse(member))
                        {
                            case DataArrayUse.Created:
                                created = true;
                                break;
                            case DataArrayUse.PortWritten:
                                portWritten = true;
                                break;
                            case DataArrayUse.Harmless:
                                break;
                            default:
                                return null;
                        }

                        break;
                }
            }

            return created && !portWritten
                ? "is sockaddr '" + local.Name + "', whose port (the first two bytes of '" + data.Name + "') is never set, so it is 0; qWAVE needs the destination's port, in network byte order"
                : null;
        }

        private enum DataArrayUse
        {
            /// <summary>Anything the method cannot follow: the content is unknown.</summary>
            Unknown,

            /// <summary>Assigned a new zeroed array.</summary>
            Created,

            /// <summary>A write that may give the port (bytes 0-1) a nonzero value.</summary>
            PortWritten,

            /// <summary>A read, or a write that leaves the port alone.</summary>
            Harmless,
        }

        /// <summary><c>new byte[n]</c> with a constant length of at least 2 and no initializer: all zeros.</summary>
        private static bool IsZeroedArray(IOperation value) =>
            EvidentValues.Unwrap(value) is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation
            && ConstantValues.TryGetInteger(creation.DimensionSizes[0], out ulong length) && length >= 2;

        /// <summary>What one use of the data array field (<c>sa.Data</c>) does to it.</summary>
        private static DataArrayUse DataUse(IFieldReferenceOperation member)
        {
            switch (member.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == member:
                    return IsZeroedArray(assignment.Value) ? DataArrayUse.Created : DataArrayUse.Unknown;
                case IArrayElementReferenceOperation { Indices.Length: 1 } element when element.ArrayReference == member:
                    bool written = element.Parent is IAssignmentOperation target && target.Target == element
                        || element.Parent is IIncrementOrDecrementOperation
                        || (element.Parent is IArgumentOperation argument && argument.Parameter?.RefKind != RefKind.None);
                    if (!written)
                    {
                        return DataArrayUse.Harmless;
                    }

                    if (!ConstantValues.TryGetInteger(element.Indices[0], out ulong index))
                    {
                        return DataArrayUse.Unknown;
                    }

                    return index >= 2 || (element.Parent is ISimpleAssignmentOperation simple && ConstantValues.IsNullOrZero(simple.Value))
                        ? DataArrayUse.Harmless
                        : DataArrayUse.PortWritten;
                case IPropertyReferenceOperation { Property.Name: "Length" }:
                    return DataArrayUse.Harmless;
                default:
                    return DataArrayUse.Unknown;
            }
        }

        /// <summary>What the code evidently gives a sockaddr field: nothing (it stays 0), only 0, or possibly something else.</summary>
        private enum FieldState
        {
            /// <summary>Possibly nonzero: assigned a value not evidently 0, or reachable by code that could fill it.</summary>
            Set,

            /// <summary>Never written: 0 from the struct's creation.</summary>
            NeverSet,

            /// <summary>Written, but only with 0.</summary>
            SetToZero,
        }

        /// <summary>
        /// Whether any code gives <paramref name="field"/> of <paramref name="local"/> a nonzero value, or anything else
        /// (another call, a copy, a write through a nested member or a reference) could have filled it.
        /// </summary>
        private static FieldState ZeroField(ILocalSymbol local, IFieldSymbol field, IInvocationOperation add, IArgumentOperation destination, bool isAddress)
        {
            IOperation root = EvidentValues.RootOf(add);
            bool declared = false;
            bool written = false;
            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        declared = true;
                        IOperation? initializer = EvidentValues.Unwrap(declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value);
                        if (initializer is not null)
                        {
                            if (ZeroInitialized(initializer, field, isAddress) is not bool assigned)
                            {
                                return FieldState.Set;
                            }

                            written |= assigned;
                        }

                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && !reference.IsDeclaration:
                        if (destination.Syntax.Span.Contains(reference.Syntax.Span))
                        {
                            break;
                        }

                        if (reference.Parent is IFieldReferenceOperation member && member.Instance == reference)
                        {
                            if (!SymbolEqualityComparer.Default.Equals(member.Field, field))
                            {
                                break;
                            }

                            if (member.Parent is IAssignmentOperation assignment && assignment.Target == member)
                            {
                                if (!IsZeroValue(assignment.Value, isAddress, add))
                                {
                                    return FieldState.Set;
                                }

                                written = true;
                                break;
                            }

                            if (MayWriteThrough(member))
                            {
                                return FieldState.Set;
                            }

                            break;
                        }

                        if (EvidentValues.IsWrite(reference) || reference.Parent is IArgumentOperation)
                        {
                            return FieldState.Set;
                        }

                        break;
                }
            }

            return !declared ? FieldState.Set : written ? FieldState.SetToZero : FieldState.NeverSet;
        }

        /// <summary>
        /// 0 as a field value: a constant 0 or <c>default</c>; for an IPv4 address field also IPAddress.Any's value
        /// (<c>(uint)IPAddress.Any.Address</c>, or its bytes read with BitConverter or BinaryPrimitives).
        /// </summary>
        private static bool IsZeroValue(IOperation value, bool isAddress, IOperation use)
        {
            if (ConstantValues.IsNullOrZero(value))
            {
                return true;
            }

            if (!isAddress)
            {
                return false;
            }

            IOperation? unwrapped = EvidentValues.Unwrap(value);
            switch (unwrapped)
            {
                case IPropertyReferenceOperation { Property.Name: "Address", Instance: IOperation address }:
                    return IsIPv4Any(address, use);
                case IInvocationOperation { TargetMethod: { Name: "ToUInt32" or "ToInt32" or "ReadUInt32LittleEndian" or "ReadUInt32BigEndian" or "ReadInt32LittleEndian" or "ReadInt32BigEndian" } method, Arguments.Length: >= 1 } read
                    when method.ContainingType?.Name is "BitConverter" or "BinaryPrimitives":
                    IOperation? bytes = SockAddrBuffer.Strip(read.Arguments[0].Value);
                    if (bytes is IInvocationOperation { TargetMethod.Name: "AsSpan", Arguments.Length: 1 } span)
                    {
                        bytes = SockAddrBuffer.Strip(span.Arguments[0].Value);
                    }

                    return bytes is IInvocationOperation { TargetMethod.Name: "GetAddressBytes", Instance: IOperation instance }
                        && (read.Arguments.Length == 1 || ConstantValues.IsNullOrZero(read.Arguments[1].Value))
                        && IsIPv4Any(instance, use);
                default:
                    return false;
            }
        }

        /// <summary>IPAddress.Any, itself or as the only value of a local.</summary>
        private static bool IsIPv4Any(IOperation address, IOperation use) =>
            Evident(address, use) is IFieldReferenceOperation { Field: { IsStatic: true, Name: "Any", ContainingType.Name: "IPAddress" } }
                or IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Any", ContainingType.Name: "IPAddress" } };

        /// <summary>A use of a field that may change it: written, its address taken, passed by reference, or a member of it used.</summary>
        private static bool MayWriteThrough(IFieldReferenceOperation field) =>
            field.Parent is IMemberReferenceOperation or IAddressOfOperation or IInvocationOperation or IIncrementOrDecrementOperation or ITupleOperation
            || (field.Parent is IArgumentOperation argument && argument.Parameter?.RefKind != RefKind.None);

        /// <summary>
        /// <c>default</c>, <c>new T()</c>, or <c>new T { ... }</c> leaving <paramref name="field"/> 0: false when the
        /// field is left unset, true when it is set to 0; null when the initializer may give it another value.
        /// </summary>
        private static bool? ZeroInitialized(IOperation initializer, IFieldSymbol field, bool isAddress)
        {
            switch (initializer)
            {
                case IDefaultValueOperation:
                    return false;
                case IObjectCreationOperation { Arguments.Length: 0 } creation:
                    bool written = false;
                    if (creation.Initializer is IObjectOrCollectionInitializerOperation members)
                    {
                        foreach (IOperation member in members.Initializers)
                        {
                            if (member is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment)
                            {
                                return null;
                            }

                            if (SymbolEqualityComparer.Default.Equals(target.Member, field))
                            {
                                if (!IsZeroValue(assignment.Value, isAddress, initializer))
                                {
                                    return null;
                                }

                                written = true;
                            }
                        }
                    }

                    return written;
                default:
                    return null;
            }
        }

        /// <summary>A 16-bit integer, or an enum over one (a family field typed ADDRESS_FAMILY).</summary>
        private static bool IsInteger16(ITypeSymbol type) =>
            (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } ? underlying : type).SpecialType is SpecialType.System_UInt16 or SpecialType.System_Int16;
    }
}
