using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    public sealed partial class DestAddrMisuseAnalyzer
    {
        /// <summary>
        /// A sockaddr built by hand in memory the method creates: a <c>byte[]</c>, <c>stackalloc</c> memory
        /// (as a pointer or a <c>Span&lt;byte&gt;</c>), a <c>SocketAddress</c> (constructed, or from
        /// <c>IPEndPoint.Serialize()</c>), and the views that pass it on (a <c>fixed</c> pointer, a pinned
        /// <c>GCHandle</c>, <c>AsSpan</c>/<c>Slice</c>, <c>SocketAddress.Buffer</c>, <c>Memory.Pin()</c>, a copy with
        /// <c>ToArray()</c>). Every use of that memory anywhere in the method must be understood: element writes
        /// at constant offsets, <c>BinaryPrimitives</c>/<c>BitConverter</c>/<c>Marshal.Write*</c> writes at constant
        /// offsets, copies over a constant range, reads, and qWAVE calls that read a DestAddr. Anything else
        /// (another call, pointer arithmetic, a write at an offset not constant) leaves the content unknown.
        /// </summary>
        /// <remarks>
        /// The facts are flow-insensitive: each tracked byte (family, port, IPv4 address: offsets 0 to 7) holds
        /// the set of values it may have anywhere in the method, its initial value and every value written,
        /// whatever the order. A port is judged 0 only when that set is {0}; so a write on any path, before or
        /// after the add, keeps the rule silent. Memory joined by a copy at the same offsets shares one set.
        /// </remarks>
        private sealed class SockAddrBuffer
        {
            /// <summary>Offsets 0-1: the family (little-endian on Windows); 2-3: the port (network order); 4-7: the IPv4 address.</summary>
            private const int Tracked = 8;

            /// <summary>The smallest sockaddr: sockaddr_in, 16 bytes.</summary>
            private const int MinimumLength = 16;

            /// <summary>Offsets beyond any sockaddr (SOCKADDR_STORAGE is 128 bytes): not followed, so sums of them cannot wrap.</summary>
            private const int MaxOffset = 1 << 16;

            private const int MaxMembers = 16;
            private const int MaxDepth = 12;

            private readonly IInvocationOperation _add;
            private readonly IArgumentOperation _destination;
            private readonly QwaveRecognizer _recognizer;
            private readonly IOperation _root;
            private readonly SemanticModel? _model;
            private readonly HashSet<byte>[] _values = Enumerable.Range(0, Tracked).Select(_ => new HashSet<byte>()).ToArray();
            private readonly bool[] _unknown = new bool[Tracked];
            private readonly bool[] _written = new bool[Tracked];
            private readonly Dictionary<ILocalSymbol, IOperation?> _members = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
            private readonly Queue<ILocalSymbol> _pending = new Queue<ILocalSymbol>();
            private readonly List<(ILocalSymbol? Local, BufferKind Kind)> _creations = new List<(ILocalSymbol?, BufferKind)>();
            private bool _failed;
            private bool _destinationSeen;

            /// <summary>A SocketAddress serialized from an IPEndPoint of a family not evident: AF_INET or AF_INET6.</summary>
            private bool _someIpFamily;

            /// <summary>The port 0 and the address 0.0.0.0 came from a serialized IPEndPoint, not from bytes left unset.</summary>
            private bool _portFromEndPoint;
            private bool _addressFromEndPoint;

            private SockAddrBuffer(IInvocationOperation add, IArgumentOperation destination, QwaveRecognizer recognizer)
            {
                _add = add;
                _destination = destination;
                _recognizer = recognizer;
                _root = Values.EvidentValues.RootOf(add);
                _model = add.SemanticModel;
            }

            private enum BufferKind
            {
                ByteArray,
                Stackalloc,
                SocketAddress,
                Serialized,
            }

            /// <summary>The problem with a DestAddr built by hand in this method, or null when there is none or it cannot be known.</summary>
            public static string? Problem(IInvocationOperation add, IArgumentOperation destination, QwaveRecognizer recognizer) =>
                new SockAddrBuffer(add, destination, recognizer).Judge();

            private string? Judge()
            {
                IOperation? root = ViewRoot(_destination.Value, out int offset);
                if (root is null || offset != 0)
                {
                    return null;
                }

                if (root is ILocalReferenceOperation { Local: ILocalSymbol local })
                {
                    AddMember(local);
                    while (!_failed && _pending.Count > 0)
                    {
                        ILocalSymbol member = _pending.Dequeue();
                        ClassifyReferences(member);
                    }
                }
                else if (IsCreation(root))
                {
                    // Created in the argument itself: nothing else can reach it.
                    Create(null, root);
                    _destinationSeen = true;
                }
                else
                {
                    return null;
                }

                if (_failed || !_destinationSeen || _creations.Count == 0)
                {
                    return null;
                }

                if (!TryFamily(out AddressKind family))
                {
                    return null;
                }

                bool portZero = AllZero(2, 4);
                bool addressZero = !portZero && family == AddressKind.IPv4 && AllZero(4, 8);
                bool portWritten = _written[2] || _written[3];
                bool addressWritten = _written[4] || _written[5] || _written[6] || _written[7];
                switch (DestinationRules.Judge(AddressKind.Unknown, SocketKind.Unknown, connected: null, family, portZero ? 0 : null, addressZero))
                {
                    case DestinationOutcome.PortMissing when _portFromEndPoint && !portWritten:
                        return "is " + Description(BufferKind.Serialized) + ", serialized from an IPEndPoint with port 0; qWAVE needs the destination's port";
                    case DestinationOutcome.PortMissing:
                        return "is " + Description(null) + ", whose port (bytes 2-3) is " + (portWritten ? "set only to 0" : "never set (it is 0)") + "; qWAVE needs the destination's port, in network byte order";
                    case DestinationOutcome.AddressUnspecified when _addressFromEndPoint && !addressWritten:
                        return "is " + Description(BufferKind.Serialized) + ", serialized from an IPEndPoint with address 0.0.0.0, which names no peer; qWAVE needs the destination's address";
                    case DestinationOutcome.AddressUnspecified:
                        return "is " + Description(null) + ", whose IPv4 address (bytes 4-7) is " + (addressWritten ? "set only to 0.0.0.0, which names no peer" : "never set (it is 0.0.0.0, which names no peer)") + "; qWAVE needs the destination's address";
                    default:
                        return null;
                }
            }

            /// <summary>What the message calls the memory: the creation of <paramref name="kind"/>, or the first the destination reaches.</summary>
            private string Description(BufferKind? kind)
            {
                int index = kind is BufferKind wanted ? Math.Max(0, _creations.FindIndex(c => c.Kind == wanted)) : 0;
                (ILocalSymbol? local, BufferKind created) = _creations[index];
                return (created, local) switch
                {
                    (BufferKind.ByteArray, not null) => "the sockaddr built in byte array '" + local.Name + "'",
                    (BufferKind.ByteArray, null) => "a sockaddr built in a new byte array",
                    (BufferKind.Stackalloc, not null) => "the sockaddr built in stackalloc memory '" + local.Name + "'",
                    (BufferKind.Stackalloc, null) => "a sockaddr built in stackalloc memory",
                    (_, not null) => "SocketAddress '" + local.Name + "'",
                    _ => "a SocketAddress",
                };
            }

            /// <summary>
            /// Whether bytes 0-1 evidently hold AF_INET (2) or AF_INET6 (23), written as constants (or left 0 on some
            /// path), or come from a serialized IPEndPoint; <paramref name="family"/> says which, Unknown when either.
            /// </summary>
            private bool TryFamily(out AddressKind family)
            {
                family = AddressKind.Unknown;
                if (_unknown[0] || _unknown[1] || _values[1].Any(v => v != 0) || _values[0].Any(v => v != 0 && v != 2 && v != 23))
                {
                    return false;
                }

                bool ipv4 = _values[0].Contains(2);
                bool ipv6 = _values[0].Contains(23);
                if (!ipv4 && !ipv6 && !_someIpFamily)
                {
                    return false;
                }

                // Either family when both appear: the port is at the same offset in both.
                family = _someIpFamily || (ipv4 && ipv6) ? AddressKind.Unknown : ipv4 ? AddressKind.IPv4 : AddressKind.IPv6;
                return true;
            }

            private bool AllZero(int start, int end)
            {
                for (int i = start; i < end; i++)
                {
                    if (_unknown[i] || _values[i].Count == 0 || _values[i].Any(v => v != 0))
                    {
                        return false;
                    }
                }

                return true;
            }

            // ---- Members: the locals that hold the memory or a view of it ----

            private void AddMember(ILocalSymbol local)
            {
                if (_failed || _members.ContainsKey(local))
                {
                    return;
                }

                if (_members.Count >= MaxMembers || local.IsRef || local.IsConst)
                {
                    Fail();
                    return;
                }

                IOperation? initializer = InitializerOf(local);
                _members[local] = initializer;
                if (initializer is null)
                {
                    Fail();
                    return;
                }

                IOperation? value = Strip(initializer);
                if (value is not null && IsCreation(value))
                {
                    Create(local, value);
                }
                else if (ViewRoot(initializer, out int offset) is IOperation source && offset == 0)
                {
                    // A view of other memory (a fixed pointer, a span, a pinned handle, a copy): that memory's uses count too.
                    if (source is ILocalReferenceOperation { Local: ILocalSymbol other })
                    {
                        AddMember(other);
                    }
                    else if (IsCreation(source))
                    {
                        Create(local, source);
                    }
                    else
                    {
                        Fail();
                        return;
                    }
                }
                else
                {
                    Fail();
                    return;
                }

                _pending.Enqueue(local);
            }

            /// <summary>The local's initializer when the declaration is in this body; null otherwise.</summary>
            private IOperation? InitializerOf(ILocalSymbol local)
            {
                foreach (IOperation operation in _root.DescendantsAndSelf())
                {
                    if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                    {
                        return declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    }
                }

                return null;
            }

            private void ClassifyReferences(ILocalSymbol local)
            {
                foreach (IOperation operation in _root.DescendantsAndSelf())
                {
                    if (_failed)
                    {
                        return;
                    }

                    if (operation is ILocalReferenceOperation reference && !reference.IsDeclaration && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                    {
                        Use(reference, 0, 0);
                    }
                }
            }

            private void Fail() => _failed = true;

            // ---- Creations: memory whose every byte is known when it is created ----

            private bool IsCreation(IOperation value) => value switch
            {
                IArrayCreationOperation { Type: IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }, DimensionSizes.Length: 1 } => true,
                IObjectCreationOperation { Type: { Name: "SocketAddress" } type } => IsSystemNet(type),
                IInvocationOperation { TargetMethod: { Name: "Serialize", ContainingType: { Name: "IPEndPoint" } endPoint }, Instance: not null } => IsSystemNet(endPoint),
                { Kind: OperationKind.None, Syntax: StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax } => true,
                _ => false,
            };

            private void Create(ILocalSymbol? local, IOperation value)
            {
                switch (value)
                {
                    case IArrayCreationOperation array:
                        CreateArray(local, array);
                        return;
                    case IObjectCreationOperation socketAddress:
                        CreateSocketAddress(local, socketAddress);
                        return;
                    case IInvocationOperation serialize:
                        CreateSerialized(local, serialize);
                        return;
                    default:
                        CreateStackalloc(local, value);
                        return;
                }
            }

            private void CreateArray(ILocalSymbol? local, IArrayCreationOperation array)
            {
                if (ConstantValues.TryGetInteger(array.DimensionSizes[0], out ulong length) && length < MinimumLength)
                {
                    Fail();
                    return;
                }

                _creations.Add((local, BufferKind.ByteArray));
                var elements = array.Initializer?.ElementValues ?? default;
                for (int i = 0; i < Tracked; i++)
                {
                    if (!elements.IsDefault && i < elements.Length)
                    {
                        // Listed in the initializer: written.
                        Write(i, ConstantValues.TryGetInteger(elements[i], out ulong v) ? (byte?)(byte)v : null);
                    }
                    else
                    {
                        Initial(i, 0);
                    }
                }
            }

            private void CreateStackalloc(ILocalSymbol? local, IOperation value)
            {
                // byte* or Span<byte>/ReadOnlySpan<byte> of bytes only.
                ITypeSymbol? element = local?.Type switch
                {
                    IPointerTypeSymbol pointer => pointer.PointedAtType,
                    INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span => span.TypeArguments[0],
                    _ => null,
                };
                if (element?.SpecialType != SpecialType.System_Byte || _model is null)
                {
                    Fail();
                    return;
                }

                InitializerExpressionSyntax? initializer;
                switch (value.Syntax)
                {
                    case StackAllocArrayCreationExpressionSyntax explicitly:
                        initializer = explicitly.Initializer;
                        if (explicitly.Type is ArrayTypeSyntax { RankSpecifiers: { Count: 1 } ranks }
                            && ranks[0].Sizes.Count == 1
                            && ranks[0].Sizes[0] is not OmittedArraySizeExpressionSyntax
                            && _model.GetConstantValue(ranks[0].Sizes[0]) is { HasValue: true } size
                            && size.Value is int length
                            && length < MinimumLength)
                        {
                            Fail();
                            return;
                        }

                        break;
                    case ImplicitStackAllocArrayCreationExpressionSyntax implicitly:
                        initializer = implicitly.Initializer;
                        break;
                    default:
                        Fail();
                        return;
                }

                if (initializer is not null && initializer.Expressions.Count < MinimumLength)
                {
                    Fail();
                    return;
                }

                // Without an initializer the memory is zeroed, unless locals are not initialized ([SkipLocalsInit]).
                bool zeroed = initializer is not null || !SkipsLocalsInit(value);
                _creations.Add((local, BufferKind.Stackalloc));
                for (int i = 0; i < Tracked; i++)
                {
                    if (initializer is not null)
                    {
                        Optional<object?> constant = _model.GetConstantValue(initializer.Expressions[i]);
                        Write(i, constant.HasValue && TryByte(constant.Value, out byte b) ? b : null);
                    }
                    else
                    {
                        Initial(i, zeroed ? (byte?)0 : null);
                    }
                }
            }

            private void CreateSocketAddress(ILocalSymbol? local, IObjectCreationOperation creation)
            {
                IArgumentOperation? family = creation.Arguments.FirstOrDefault(a => a.Parameter?.Type.Name == "AddressFamily");
                IArgumentOperation? size = creation.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_Int32);
                if (family is null
                    || !ConstantValues.TryGetInteger(family.Value, out ulong value)
                    || (value != 2 && value != 23)
                    || (size is not null && ConstantValues.TryGetInteger(size.Value, out ulong length) && length < MinimumLength)
                    || creation.Initializer is not null)
                {
                    Fail();
                    return;
                }

                _creations.Add((local, BufferKind.SocketAddress));
                Initial(0, (byte)value);
                for (int i = 1; i < Tracked; i++)
                {
                    Initial(i, 0);
                }
            }

            private void CreateSerialized(ILocalSymbol? local, IInvocationOperation serialize)
            {
                if (Evident(serialize.Instance, _add) is not IObjectCreationOperation { Type.Name: "IPEndPoint", Arguments.Length: 2, Initializer: null } endPoint)
                {
                    Fail();
                    return;
                }

                _creations.Add((local, BufferKind.Serialized));
                IOperation address = endPoint.Arguments[0].Value;
                AddressKind family = address.Type?.SpecialType == SpecialType.System_Int64 ? AddressKind.IPv4 : AddressFamilyOf(address, _add, 0);
                switch (family)
                {
                    case AddressKind.IPv4:
                        Initial(0, 2);
                        Initial(1, 0);
                        break;
                    case AddressKind.IPv6:
                    case AddressKind.IPv4MappedIPv6:
                        Initial(0, 23);
                        Initial(1, 0);
                        break;
                    default:
                        _someIpFamily = true;
                        break;
                }

                if (ConstantValues.TryGetInteger(endPoint.Arguments[1].Value, out ulong port))
                {
                    Initial(2, (byte)(port >> 8));
                    Initial(3, (byte)port);
                    _portFromEndPoint = port == 0;
                }
                else
                {
                    Initial(2, null);
                    Initial(3, null);
                }

                byte[]? bytes = family == AddressKind.IPv4 ? IPv4Bytes(address) : null;
                for (int i = 4; i < Tracked; i++)
                {
                    Initial(i, bytes is null ? null : bytes[i - 4]);
                }

                _addressFromEndPoint = bytes is not null && bytes.All(b => b == 0);
            }

            /// <summary>The bytes of an IPv4 address when evident: IPAddress.Any, Loopback, Broadcast, None, Parse of a literal, or a constant long.</summary>
            private byte[]? IPv4Bytes(IOperation address)
            {
                byte[]? bytes = AddressBytes(address);
                return bytes is { Length: 4 } ? bytes : null;
            }

            /// <summary>The bytes of an evident IPAddress (4 or 16), or null.</summary>
            private byte[]? AddressBytes(IOperation? address)
            {
                address = Evident(address, _add);
                if (address?.Type?.SpecialType == SpecialType.System_Int64)
                {
                    return ConstantValues.TryGetInteger(address, out ulong value) && value == 0 ? new byte[4] : null;
                }

                switch (address)
                {
                    case IFieldReferenceOperation { Field: { IsStatic: true, ContainingType.Name: "IPAddress" } field }:
                        return WellKnown(field.Name);
                    case IPropertyReferenceOperation { Property: { IsStatic: true, ContainingType.Name: "IPAddress" } property }:
                        return WellKnown(property.Name);
                    case IInvocationOperation { TargetMethod: { Name: "Parse", ContainingType.Name: "IPAddress" }, Arguments.Length: 1 } parse
                        when parse.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text }
                            && System.Net.IPAddress.TryParse(text, out System.Net.IPAddress? parsed):
                        return parsed.GetAddressBytes();
                    case IObjectCreationOperation { Type.Name: "IPAddress", Arguments.Length: 1 } creation
                        when creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int64:
                        return ConstantValues.TryGetInteger(creation.Arguments[0].Value, out ulong v) && v == 0 ? new byte[4] : null;
                    default:
                        return null;
                }
            }

            private static byte[]? WellKnown(string name) => name switch
            {
                "Any" => new byte[4],
                "Loopback" => new byte[] { 127, 0, 0, 1 },
                "Broadcast" or "None" => new byte[] { 255, 255, 255, 255 },
                "IPv6Any" or "IPv6None" => new byte[16],
                "IPv6Loopback" => new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
                _ => null,
            };

            /// <summary>[SkipLocalsInit] on the method, a containing type or the module: stackalloc memory is not zeroed.</summary>
            private bool SkipsLocalsInit(IOperation at)
            {
                if (_model is null)
                {
                    return true;
                }

                for (ISymbol? symbol = _model.GetEnclosingSymbol(at.Syntax.SpanStart); symbol is not null; symbol = symbol.ContainingSymbol)
                {
                    if (symbol.GetAttributes().Any(a => a.AttributeClass?.Name == "SkipLocalsInitAttribute"))
                    {
                        return true;
                    }

                    if (symbol is INamespaceSymbol)
                    {
                        break;
                    }
                }

                return _model.Compilation.SourceModule.GetAttributes().Any(a => a.AttributeClass?.Name == "SkipLocalsInitAttribute");
            }

            // ---- Facts ----

            /// <summary>A value the memory holds when created (null: not known).</summary>
            private void Initial(int position, byte? value)
            {
                if (value is byte known)
                {
                    _values[position].Add(known);
                }
                else
                {
                    _unknown[position] = true;
                }
            }

            /// <summary>A write of <paramref name="value"/> (null: not known) at <paramref name="position"/>.</summary>
            private void Write(int position, byte? value)
            {
                if (position < 0)
                {
                    Fail();
                    return;
                }

                if (position >= Tracked)
                {
                    return;
                }

                _written[position] = true;
                Initial(position, value);
            }

            /// <summary>A write of <paramref name="length"/> bytes (null: up to the end) from <paramref name="start"/>, byte i taking <paramref name="valueAt"/>(i).</summary>
            private void WriteRange(int start, int? length, Func<int, byte?> valueAt)
            {
                if (start < 0 || length < 0)
                {
                    Fail();
                    return;
                }

                int end = length is int n ? (int)Math.Min(Tracked, (long)start + n) : Tracked;
                for (int position = start; position < end; position++)
                {
                    Write(position, valueAt(position - start));
                }
            }

            /// <summary>A little- or big-endian write of an integer <paramref name="width"/> bytes wide.</summary>
            private void WriteInteger(int start, int width, IOperation? value, bool bigEndian)
            {
                bool known = ConstantValues.TryGetInteger(value, out ulong constant);
                WriteRange(start, width, i =>
                {
                    if (!known)
                    {
                        return null;
                    }

                    int shift = 8 * (bigEndian ? width - 1 - i : i);
                    return shift >= 64 ? (byte)0 : (byte)(constant >> shift);
                });
            }

            // ---- Views: expressions that denote the memory at some offset ----

            /// <summary>The memory an expression views, stripped of its views (with the offset they add): a local or a creation.</summary>
            private IOperation? ViewRoot(IOperation? value, out int offset)
            {
                IOperation? origin = ViewBase(value, out offset);
                return origin is ILocalReferenceOperation || (origin is not null && IsCreation(origin)) ? origin : null;
            }

            /// <summary>What an expression views once its views are stripped (with the offset they add), whatever it is.</summary>
            private IOperation? ViewBase(IOperation? value, out int offset)
            {
                offset = 0;
                for (int depth = 0; depth < MaxDepth; depth++)
                {
                    value = Strip(value);
                    if (value is null || value is ILocalReferenceOperation || IsCreation(value) || ViewSource(value, out int delta) is not IOperation source)
                    {
                        return value;
                    }

                    offset += delta;
                    value = source;
                    if (offset > MaxOffset)
                    {
                        return null;
                    }
                }

                return null;
            }

            /// <summary>
            /// When <paramref name="view"/> is a view of other memory at an offset: that operand (the instance or
            /// argument, as it is a child of <paramref name="view"/>) and the offset added.
            /// </summary>
            private static IOperation? ViewSource(IOperation view, out int delta)
            {
                delta = 0;
                switch (view)
                {
                    case IConversionOperation conversion when IsTransparent(conversion):
                        return conversion.Operand;
                    case IPropertyReferenceOperation { Property.IsIndexer: false, Instance: IOperation instance } property:
                        return property.Property.Name switch
                        {
                            "Buffer" when property.Property.ContainingType?.Name == "SocketAddress" => instance,
                            "Span" when IsMemory(property.Property.ContainingType) => instance,
                            "Pointer" when property.Property.ContainingType?.Name == "MemoryHandle" => instance,
                            _ => null,
                        };
                    case IInvocationOperation invocation:
                        return InvocationSource(invocation, out delta);
                    case IObjectCreationOperation { Type: INamedTypeSymbol type, Arguments.Length: >= 1, Initializer: null } creation:
                        if (IsSpanOrMemory(type))
                        {
                            if (creation.Arguments.Length == 1 || (creation.Arguments.Length == 2 && creation.Arguments[0].Value.Type is IPointerTypeSymbol))
                            {
                                return creation.Arguments[0].Value;
                            }

                            return creation.Arguments.Length == 3 && TryInt(creation.Arguments[1].Value, out delta) ? creation.Arguments[0].Value : null;
                        }

                        return (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr) && creation.Arguments.Length == 1 && creation.Arguments[0].Value.Type is IPointerTypeSymbol
                            ? creation.Arguments[0].Value
                            : null;
                    case IAddressOfOperation { Reference: IOperation reference }:
                        return ElementOf(reference, out delta);
                    default:
                        return null;
                }
            }

            private static IOperation? InvocationSource(IInvocationOperation invocation, out int delta)
            {
                delta = 0;
                IMethodSymbol method = invocation.TargetMethod;
                INamedTypeSymbol? type = method.ContainingType;
                switch (method.Name)
                {
                    case "AddrOfPinnedObject" when type?.Name == "GCHandle" && invocation.Arguments.Length == 0:
                        return invocation.Instance;
                    case "ToArray" or "Pin" when invocation.Instance is not null && invocation.Arguments.Length == 0 && IsSpanOrMemory(type):
                        return invocation.Instance;
                    case "Slice" when invocation.Instance is not null && IsSpanOrMemory(type) && invocation.Arguments.Length is 1 or 2:
                        return TryInt(invocation.Arguments[0].Value, out delta) ? invocation.Instance : null;
                    case "AsSpan" or "AsMemory" when method.IsExtensionMethod && type?.Name == "MemoryExtensions" && invocation.Arguments.Length is >= 1 and <= 3:
                        if (invocation.Arguments.Length >= 2 && !TryInt(invocation.Arguments[1].Value, out delta))
                        {
                            return null;
                        }

                        return invocation.Arguments[0].Value.Type is IArrayTypeSymbol ? invocation.Arguments[0].Value : null;
                    case "Alloc" when type?.Name == "GCHandle" && invocation.Arguments.Length >= 1:
                        return invocation.Arguments[0].Value;
                    case "UnsafeAddrOfPinnedArrayElement" when type?.Name == "Marshal" && invocation.Arguments.Length == 2:
                        return TryInt(invocation.Arguments[1].Value, out delta) ? invocation.Arguments[0].Value : null;
                    default:
                        return null;
                }
            }

            /// <summary>For <c>a[k]</c> with a constant <c>k</c> (array, span, SocketAddress or pointer): <c>a</c>, and <c>k</c> as the offset.</summary>
            private static IOperation? ElementOf(IOperation element, out int index)
            {
                index = 0;
                switch (element)
                {
                    case IArrayElementReferenceOperation { Indices.Length: 1 } array:
                        return TryInt(array.Indices[0], out index) ? array.ArrayReference : null;
                    case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IOperation instance, Arguments.Length: 1 } indexer
                        when IsIndexedMemory(indexer.Property.ContainingType):
                        return TryInt(indexer.Arguments[0].Value, out index) ? instance : null;
                    default:
                        return null;
                }
            }

            /// <summary>Strips what changes no memory: conversions to pointers, spans and the like, parentheses, and the wrapper of a fixed initializer.</summary>
            internal static IOperation? Strip(IOperation? value)
            {
                while (true)
                {
                    switch (value)
                    {
                        case IConversionOperation conversion when IsTransparent(conversion):
                            value = conversion.Operand;
                            continue;
                        case IParenthesizedOperation parenthesized:
                            value = parenthesized.Operand;
                            continue;
                        case { Kind: OperationKind.None } wrapper when SameSpanChild(wrapper) is IOperation child:
                            value = child;
                            continue;
                        default:
                            return value;
                    }
                }
            }

            /// <summary>The only child of an operation without a kind of its own that covers the same text (a fixed statement's initializer).</summary>
            private static IOperation? SameSpanChild(IOperation wrapper)
            {
                IOperation? only = null;
                foreach (IOperation child in wrapper.ChildOperations)
                {
                    if (only is not null)
                    {
                        return null;
                    }

                    only = child;
                }

                return only is not null && only.Syntax.Span == wrapper.Syntax.Span ? only : null;
            }

            /// <summary>A conversion that passes the same memory on: built in, or one of System's own (array to span, pointer to IntPtr).</summary>
            private static bool IsTransparent(IConversionOperation conversion) =>
                !conversion.Conversion.IsUserDefined
                || conversion.Conversion.MethodSymbol?.ContainingType?.ContainingNamespace?.ToDisplayString() == "System";

            // ---- Uses ----

            /// <summary>Classifies a use of the memory: <paramref name="view"/> denotes it at <paramref name="offset"/>.</summary>
            private void Use(IOperation view, int offset, int depth)
            {
                if (_failed)
                {
                    return;
                }

                if (depth > MaxDepth || offset < 0 || offset > MaxOffset)
                {
                    Fail();
                    return;
                }

                // Climb what passes the same memory on.
                IOperation? parent = view.Parent;
                while (parent is IParenthesizedOperation
                    || (parent is IConversionOperation conversion && IsTransparent(conversion))
                    || (parent is { Kind: OperationKind.None } && SameSpanChild(parent) == view))
                {
                    view = parent;
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: ILocalSymbol alias } } when !alias.IsRef:
                        if (offset != 0)
                        {
                            Fail();
                            return;
                        }

                        AddMember(alias);
                        return;

                    case IArgumentOperation argument:
                        UseAsArgument(argument, offset, depth);
                        return;

                    case IArrayElementReferenceOperation element when element.ArrayReference == view:
                        UseElement(element, element.Indices.Length == 1 ? element.Indices[0] : null, offset, depth);
                        return;

                    case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == view && IsIndexedMemory(indexer.Property.ContainingType):
                        UseElement(indexer, indexer.Arguments.Length == 1 ? indexer.Arguments[0].Value : null, offset, depth);
                        return;

                    case IPropertyReferenceOperation property when property.Instance == view:
                        if (ViewSource(property, out int delta) == view)
                        {
                            Use(property, offset + delta, depth + 1);
                            return;
                        }

                        if (!IsRead(property) || property.Property.Name is not ("Length" or "Size" or "Family" or "IsEmpty" or "IsAllocated"))
                        {
                            Fail();
                        }

                        return;

                    case IInvocationOperation invocation when invocation.Instance == view:
                        UseAsInstance(invocation, offset, depth);
                        return;

                    case { Kind: OperationKind.None, Syntax: ElementAccessExpressionSyntax access } pointerElement
                        when WithoutParentheses(access.Expression).Span == view.Syntax.Span && access.ArgumentList.Arguments.Count == 1:
                        // p[k] on a pointer.
                        IOperation? index = pointerElement.ChildOperations.FirstOrDefault(c => c.Syntax == access.ArgumentList.Arguments[0].Expression);
                        UseElement(pointerElement, index, offset, depth);
                        return;

                    case IExpressionStatementOperation:
                        return;

                    default:
                        // Handed to other code, stored elsewhere, pointer arithmetic, or reassigned: not known.
                        Fail();
                        return;
                }
            }

            /// <summary>A use of one element: a write records its value, a read is harmless, anything else is not known.</summary>
            private void UseElement(IOperation element, IOperation? index, int offset, int depth)
            {
                int? position = TryInt(index, out int k) ? offset + k : null;
                if (element.Syntax.Parent is RefExpressionSyntax)
                {
                    // ref a[k]: a reference that may be written through later.
                    if (element.Parent is IArgumentOperation argument && IsDestination(argument) && position == 0)
                    {
                        _destinationSeen = true;
                        return;
                    }

                    Fail();
                    return;
                }

                IOperation? parent = element.Parent;
                while (parent is IParenthesizedOperation)
                {
                    element = parent;
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case ISimpleAssignmentOperation assignment when assignment.Target == element:
                        if (assignment.IsRef || position is not int at)
                        {
                            Fail();
                            return;
                        }

                        Write(at, ConstantValues.TryGetInteger(assignment.Value, out ulong value) ? (byte?)(byte)value : null);
                        return;
                    case ICompoundAssignmentOperation compound when compound.Target == element:
                    case IIncrementOrDecrementOperation increment when increment.Target == element:
                    case ICoalesceAssignmentOperation coalesce when coalesce.Target == element:
                        if (position is not int written)
                        {
                            Fail();
                            return;
                        }

                        Write(written, null);
                        return;
                    case IAddressOfOperation address:
                        // &a[k]: a pointer into the memory.
                        if (position is not int pointed)
                        {
                            Fail();
                            return;
                        }

                        Use(address, pointed, depth + 1);
                        return;
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None } argument:
                        if (IsDestination(argument) && position == 0)
                        {
                            _destinationSeen = true;
                            return;
                        }

                        Fail();
                        return;
                    case ITupleOperation or IDeconstructionAssignmentOperation or IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsRef: true } }:
                        Fail();
                        return;
                    default:
                        // Read.
                        return;
                }
            }

            private void UseAsArgument(IArgumentOperation argument, int offset, int depth)
            {
                if (IsDestination(argument))
                {
                    if (offset != 0)
                    {
                        Fail();
                        return;
                    }

                    _destinationSeen = true;
                    return;
                }

                switch (argument.Parent)
                {
                    case IInvocationOperation invocation:
                        if (InvocationSource(invocation, out int delta) == argument.Value)
                        {
                            Use(invocation, offset + delta, depth + 1);
                            return;
                        }

                        if (_recognizer.TryGetCall(invocation, out QwaveCall call)
                            && (call.FunctionName is QwaveCatalog.QOSAddSocketToFlow or QwaveCatalog.QOSStartTrackingClient or QwaveCatalog.QOSStopTrackingClient)
                            && call.Argument(ParameterRole.DestAddr) == argument)
                        {
                            // qWAVE reads a DestAddr and writes nothing there.
                            return;
                        }

                        if (!Written(invocation, argument, offset))
                        {
                            Fail();
                        }

                        return;
                    case IObjectCreationOperation creation:
                        if (ViewSource(creation, out int start) == argument.Value)
                        {
                            Use(creation, offset + start, depth + 1);
                            return;
                        }

                        Fail();
                        return;
                    default:
                        Fail();
                        return;
                }
            }

            private void UseAsInstance(IInvocationOperation invocation, int offset, int depth)
            {
                if (InvocationSource(invocation, out int delta) == invocation.Instance)
                {
                    Use(invocation, offset + delta, depth + 1);
                    return;
                }

                switch (invocation.TargetMethod.Name)
                {
                    case "Free" when invocation.TargetMethod.ContainingType?.Name == "GCHandle":
                    case "Dispose" when invocation.TargetMethod.ContainingType?.Name == "MemoryHandle":
                    case "CopyTo" or "TryCopyTo" or "SequenceEqual" or "ToString" or "GetHashCode" or "Equals":
                        // Reads: a copy elsewhere is judged where it lands.
                        return;
                    case "Clear" when invocation.Arguments.Length == 0 && IsSpanOrMemory(invocation.TargetMethod.ContainingType):
                        WriteRange(offset, null, _ => 0);
                        return;
                    case "Fill" when invocation.Arguments.Length == 1 && IsSpanOrMemory(invocation.TargetMethod.ContainingType):
                        bool known = ConstantValues.TryGetInteger(invocation.Arguments[0].Value, out ulong value);
                        WriteRange(offset, null, _ => known ? (byte)value : null);
                        return;
                    default:
                        Fail();
                        return;
                }
            }

            /// <summary>The argument is the DestAddr of the add being judged.</summary>
            private bool IsDestination(IArgumentOperation argument) => argument.Syntax == _destination.Syntax && argument.Parent?.Syntax == _add.Syntax;

            /// <summary>
            /// A known call that writes the memory through <paramref name="argument"/> at constant offsets (recorded), or
            /// reads it; false for any other call.
            /// </summary>
            private bool Written(IInvocationOperation invocation, IArgumentOperation argument, int offset)
            {
                IMethodSymbol method = invocation.TargetMethod;
                string type = method.ContainingType?.ToDisplayString() ?? string.Empty;
                string? parameter = argument.Parameter?.Name;
                int ordinal = argument.Parameter?.Ordinal ?? -1;
                switch (type)
                {
                    case "System.Buffers.Binary.BinaryPrimitives" when ordinal == 0 && IntegerWrite(method.Name) is (int width, bool bigEndian):
                        WriteInteger(offset, width, ValueArgument(invocation, 1), bigEndian);
                        return true;
                    case "System.BitConverter" when method.Name == "TryWriteBytes" && ordinal == 0 && method.Parameters.Length == 2 && Width(method.Parameters[1].Type) is int bytes:
                        WriteInteger(offset, bytes, ValueArgument(invocation, 1), bigEndian: false);
                        return true;
                    case "System.Runtime.InteropServices.Marshal":
                        return MarshalWritten(invocation, method, parameter, offset);
                    case "System.Buffer" when method.Name == "BlockCopy":
                        return Copied(invocation, parameter, offset, "src", "srcOffset", "dst", "dstOffset", "count");
                    case "System.Array" when method.Name == "Copy" || method.Name == "ConstrainedCopy":
                        return Copied(invocation, parameter, offset, "sourceArray", "sourceIndex", "destinationArray", "destinationIndex", "length");
                    case "System.Array" when method.Name == "Clear" && parameter == "array":
                        return Ranged(invocation, offset, "index", "length", _ => 0);
                    case "System.Array" when method.Name == "Fill" && parameter == "array":
                        bool known = ConstantValues.TryGetInteger(ValueArgument(invocation, 1), out ulong fill);
                        return Ranged(invocation, offset, "startIndex", "count", _ => known ? (byte)fill : null);
                }

                if (method.Name is "CopyTo" or "TryCopyTo" && (parameter is "destination" or "array") && ordinal == (method.IsExtensionMethod ? 1 : 0))
                {
                    // source.CopyTo(memory[, index]): the source's bytes from the index on.
                    IOperation? source = method.IsExtensionMethod ? invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value : invocation.Instance;
                    IArgumentOperation? index = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "index");
                    int at = 0;
                    if (source is null || (index is not null && !TryInt(index.Value, out at)))
                    {
                        return false;
                    }

                    CopyFrom(source, 0, offset + at, null);
                    return true;
                }

                if (method.Name == "TryWriteBytes" && method.ContainingType?.Name == "IPAddress" && ordinal == 0)
                {
                    byte[]? bytes = AddressBytes(invocation.Instance);
                    WriteRange(offset, bytes?.Length, i => bytes?[i]);
                    return true;
                }

                return false;
            }

            private bool MarshalWritten(IInvocationOperation invocation, IMethodSymbol method, string? parameter, int offset)
            {
                switch (method.Name)
                {
                    case "WriteByte" or "WriteInt16" or "WriteInt32" or "WriteInt64" when parameter == "ptr" && method.Parameters[0].Type.SpecialType == SpecialType.System_IntPtr:
                        IArgumentOperation? at = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "ofs");
                        int delta = 0;
                        if (at is not null && !TryInt(at.Value, out delta))
                        {
                            return false;
                        }

                        int width = method.Name switch { "WriteByte" => 1, "WriteInt16" => 2, "WriteInt32" => 4, _ => 8 };
                        WriteInteger(offset + delta, width, invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "val")?.Value, bigEndian: false);
                        return true;
                    case "Copy" when method.Parameters.Length == 4 && parameter == "destination":
                        IArgumentOperation? startIndex = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "startIndex");
                        IArgumentOperation? length = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "length");
                        IArgumentOperation? source = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "source");
                        if (startIndex is null || length is null || source is null || !TryInt(startIndex.Value, out int start) || !TryInt(length.Value, out int count))
                        {
                            return false;
                        }

                        if (method.Parameters[0].Type is IArrayTypeSymbol)
                        {
                            // Copy(byte[] source, int startIndex, IntPtr destination, int length)
                            CopyFrom(source.Value, start, offset, count);
                        }
                        else
                        {
                            // Copy(IntPtr source, byte[] destination, int startIndex, int length)
                            CopyFrom(source.Value, 0, offset + start, count);
                        }

                        return true;
                    case "Copy" when parameter == "source":
                        return true;
                    default:
                        return false;
                }
            }

            /// <summary>Buffer.BlockCopy and Array.Copy: a write over a constant range when the memory is the destination, a read when it is the source.</summary>
            private bool Copied(IInvocationOperation invocation, string? parameter, int offset, string sourceName, string sourceIndexName, string destinationName, string destinationIndexName, string lengthName)
            {
                if (parameter == sourceName)
                {
                    return true;
                }

                if (parameter != destinationName)
                {
                    return false;
                }

                IOperation? source = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == sourceName)?.Value;
                IArgumentOperation? sourceIndex = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == sourceIndexName);
                IArgumentOperation? destinationIndex = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == destinationIndexName);
                IArgumentOperation? length = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == lengthName);
                int from = 0;
                int to = 0;
                if (source is null || length is null || !TryInt(length.Value, out int count)
                    || (sourceIndex is not null && !TryInt(sourceIndex.Value, out from))
                    || (destinationIndex is not null && !TryInt(destinationIndex.Value, out to)))
                {
                    return false;
                }

                CopyFrom(source, from, offset + to, count);
                return true;
            }

            /// <summary>Array.Clear and Array.Fill: the whole array, or a constant range of it.</summary>
            private bool Ranged(IInvocationOperation invocation, int offset, string startName, string lengthName, Func<int, byte?> valueAt)
            {
                IArgumentOperation? start = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == startName);
                IArgumentOperation? length = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == lengthName);
                int from = 0;
                int count = 0;
                if ((start is not null && !TryInt(start.Value, out from)) || (length is not null && !TryInt(length.Value, out count)))
                {
                    return false;
                }

                WriteRange(offset + from, length is null ? null : count, valueAt);
                return true;
            }

            /// <summary>
            /// A copy of <paramref name="count"/> bytes (null: the whole source) from <paramref name="source"/> at
            /// <paramref name="sourceIndex"/> into the memory at <paramref name="position"/>. Memory of its own that this
            /// method creates, copied at the same offsets, joins the facts; evident bytes (a new array's, an IPAddress's)
            /// are recorded; anything else writes bytes not known.
            /// </summary>
            private void CopyFrom(IOperation source, int sourceIndex, int position, int? count)
            {
                IOperation? origin = ViewBase(source, out int viewOffset);
                int from = viewOffset + sourceIndex;
                if (origin is ILocalReferenceOperation { Local: ILocalSymbol local } && from == position && Joinable(local))
                {
                    // Same offsets: its bytes are judged with these.
                    AddMember(local);
                    return;
                }

                byte?[]? bytes = origin switch
                {
                    IArrayCreationOperation array => ArrayBytes(array),
                    IInvocationOperation { TargetMethod.Name: "GetAddressBytes", Instance: IOperation address } => AddressBytes(address)?.Select(b => (byte?)b).ToArray(),
                    _ => null,
                };
                if (bytes is null)
                {
                    WriteRange(position, count, _ => null);
                    return;
                }

                int length = Math.Min(bytes.Length - from, count ?? int.MaxValue);
                if (from < 0 || length < 0)
                {
                    Fail();
                    return;
                }

                WriteRange(position, length, i => bytes[from + i]);
            }

            /// <summary>The bytes of a new byte array: its constant elements, or zeros for its constant length; null otherwise.</summary>
            private static byte?[]? ArrayBytes(IArrayCreationOperation array)
            {
                if (array.Initializer is { } initializer)
                {
                    return initializer.ElementValues.Select(e => ConstantValues.TryGetInteger(e, out ulong v) ? (byte?)(byte)v : null).ToArray();
                }

                return array.DimensionSizes.Length == 1 && TryInt(array.DimensionSizes[0], out int length) && length <= 1 << 16 ? new byte?[length].Select(_ => (byte?)0).ToArray() : null;
            }

            /// <summary>A local whose memory can be judged with the destination's: created here, or a view of such memory.</summary>
            private bool Joinable(ILocalSymbol local)
            {
                if (_members.ContainsKey(local))
                {
                    return true;
                }

                IOperation? initializer = InitializerOf(local);
                IOperation? value = Strip(initializer);
                return value is not null && (IsCreation(value) || ViewRoot(initializer, out int offset) is ILocalReferenceOperation && offset == 0);
            }

            private static IOperation? ValueArgument(IInvocationOperation invocation, int ordinal) =>
                invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;

            /// <summary>BinaryPrimitives' Write/TryWrite of an integer: its width and byte order.</summary>
            private static (int Width, bool BigEndian)? IntegerWrite(string name)
            {
                string rest = name.StartsWith("TryWrite", StringComparison.Ordinal) ? name.Substring(8)
                    : name.StartsWith("Write", StringComparison.Ordinal) ? name.Substring(5)
                    : string.Empty;
                bool big = rest.EndsWith("BigEndian", StringComparison.Ordinal);
                if (!big && !rest.EndsWith("LittleEndian", StringComparison.Ordinal))
                {
                    return null;
                }

                string type = rest.Substring(0, rest.Length - (big ? 9 : 12));
                int? width = type switch
                {
                    "Int16" or "UInt16" => 2,
                    "Int32" or "UInt32" => 4,
                    "Int64" or "UInt64" => 8,
                    _ => null,
                };
                return width is int w ? (w, big) : null;
            }

            private static int? Width(ITypeSymbol type) => type.SpecialType switch
            {
                SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte => 1,
                SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char => 2,
                SpecialType.System_Int32 or SpecialType.System_UInt32 => 4,
                SpecialType.System_Int64 or SpecialType.System_UInt64 => 8,
                _ => null,
            };

            /// <summary>Read as a value: not written, not referenced by ref.</summary>
            private static bool IsRead(IOperation operation) =>
                !(operation.Parent is IAssignmentOperation assignment && assignment.Target == operation)
                && operation.Parent is not IIncrementOrDecrementOperation
                && operation.Syntax.Parent is not RefExpressionSyntax;

            private static bool TryInt(IOperation? value, out int result)
            {
                result = 0;
                if (!ConstantValues.TryGetInteger(value, out ulong constant) || constant > MaxOffset)
                {
                    return false;
                }

                result = (int)constant;
                return true;
            }

            private static bool TryByte(object? constant, out byte value)
            {
                value = 0;
                switch (constant)
                {
                    case byte b:
                        value = b;
                        return true;
                    case int i when i is >= 0 and <= 255:
                        value = (byte)i;
                        return true;
                    default:
                        return false;
                }
            }

            private static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
            {
                while (expression is ParenthesizedExpressionSyntax parenthesized)
                {
                    expression = parenthesized.Expression;
                }

                return expression;
            }

            private static bool IsSystemNet(ITypeSymbol type) => type.ContainingNamespace?.ToDisplayString() is "System.Net" or "System.Net.Sockets";

            private static bool IsSpanOrMemory(ITypeSymbol? type) =>
                type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory", TypeArguments.Length: 1 } named
                && named.TypeArguments[0].SpecialType == SpecialType.System_Byte
                && named.ContainingNamespace?.ToDisplayString() == "System";

            private static bool IsMemory(ITypeSymbol? type) => type is { Name: "Memory" or "ReadOnlyMemory" } && IsSpanOrMemory(type);

            /// <summary>Types whose indexer reads and writes the bytes themselves: spans of bytes and SocketAddress.</summary>
            private static bool IsIndexedMemory(ITypeSymbol? type) =>
                (type is { Name: "Span" or "ReadOnlySpan" } && IsSpanOrMemory(type)) || (type is { Name: "SocketAddress" } && IsSystemNet(type));
        }
    }
}
