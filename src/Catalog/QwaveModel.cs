// The shapes of the native-API catalog. Linked as source into the Runtime, the Generator and the
// Analyzers, so it targets netstandard2.0 with no dependencies beyond the BCL.
using System;
using System.Collections.Generic;

namespace QosAnalyzers.Catalog
{
    /// <summary>How a parameter crosses the native boundary.</summary>
    internal enum AbiKind
    {
        /// <summary>HANDLE by value: pointer-sized.</summary>
        Handle,
        /// <summary>PHANDLE: pointer to a pointer-sized handle written by the callee.</summary>
        HandlePointer,
        /// <summary>SOCKET (UINT_PTR) by value: pointer-sized.</summary>
        Socket,
        /// <summary>PSOCKADDR: pointer to a sockaddr_in (16) or sockaddr_in6 (28).</summary>
        SockAddrPointer,
        /// <summary>PQOS_VERSION: pointer to the 4-byte QOS_VERSION.</summary>
        VersionPointer,
        /// <summary>A C enum by value: 4 bytes.</summary>
        Enum32,
        /// <summary>DWORD or ULONG by value: 4 bytes.</summary>
        UInt32,
        /// <summary>QOS_FLOWID by value: 4 bytes.</summary>
        FlowId,
        /// <summary>PQOS_FLOWID: pointer to a 4-byte flow id.</summary>
        FlowIdPointer,
        /// <summary>PULONG: pointer to a 4-byte size.</summary>
        UInt32Pointer,
        /// <summary>PVOID buffer whose contents depend on the Operation.</summary>
        BufferPointer,
        /// <summary>LPOVERLAPPED.</summary>
        OverlappedPointer,
    }

    /// <summary>The SAL direction of a parameter.</summary>
    internal enum ParameterDirection
    {
        In,
        Out,
        InOut,
    }

    /// <summary>What a parameter means to the rules, beyond its ABI kind.</summary>
    internal enum ParameterRole
    {
        None,
        QosHandle,
        Socket,
        DestAddr,
        TrafficType,
        Flags,
        FlowId,
        Operation,
        Size,
        Buffer,
        Overlapped,
        Version,
    }

    /// <summary>One parameter of a qWAVE entry point.</summary>
    internal sealed class QwaveParameter
    {
        public QwaveParameter(
            string name,
            string nativeType,
            AbiKind kind,
            ParameterDirection direction,
            ParameterRole role,
            bool isOptional = false,
            bool isReserved = false,
            bool mustBeZeroOnInput = false,
            string? enumType = null)
        {
            Name = name;
            NativeType = nativeType;
            Kind = kind;
            Direction = direction;
            Role = role;
            IsOptional = isOptional;
            IsReserved = isReserved;
            MustBeZeroOnInput = mustBeZeroOnInput;
            EnumType = enumType;
        }

        /// <summary>The parameter name in qos2.h.</summary>
        public string Name { get; }

        /// <summary>The name in C# style: <c>QOSHandle</c> becomes <c>qosHandle</c>, <c>DestAddr</c> <c>destAddr</c>.</summary>
        public string ManagedName
        {
            get
            {
                int upper = 0;
                while (upper < Name.Length && char.IsUpper(Name[upper]))
                {
                    upper++;
                }

                // Keep the capital that starts the next word ("QOSHandle": 'H').
                int lower = upper == Name.Length || upper <= 1 ? upper : upper - 1;
                return Name.Substring(0, lower).ToLowerInvariant() + Name.Substring(lower);
            }
        }

        /// <summary>The C type in qos2.h, e.g. <c>PQOS_FLOWID</c>.</summary>
        public string NativeType { get; }

        public AbiKind Kind { get; }

        public ParameterDirection Direction { get; }

        public ParameterRole Role { get; }

        /// <summary>SAL <c>_opt_</c>: NULL/0 is a legal value.</summary>
        public bool IsOptional { get; }

        /// <summary>Documented as reserved: must be 0.</summary>
        public bool IsReserved { get; }

        /// <summary>An in/out value that must hold 0 on input to get the documented default (new flow).</summary>
        public bool MustBeZeroOnInput { get; }

        /// <summary>For <see cref="AbiKind.Enum32"/>: the native enum's name.</summary>
        public string? EnumType { get; }

        /// <summary>True when the parameter is a pointer or pointer-sized value.</summary>
        public bool IsPointerSized => Kind != AbiKind.Enum32 && Kind != AbiKind.UInt32 && Kind != AbiKind.FlowId;

        /// <summary>Bytes this parameter occupies in the argument list (x86: 4 for all; x64: 8 for pointers).</summary>
        public int Size(bool is64Bit) => IsPointerSized ? (is64Bit ? 8 : 4) : 4;
    }

    /// <summary>An error code a function documents, with what it means for that function.</summary>
    internal sealed class QwaveFunctionError
    {
        public QwaveFunctionError(int code, string meaning)
        {
            Code = code;
            Meaning = meaning;
        }

        public int Code { get; }

        public string Meaning { get; }

        public string Name => QwaveCatalog.ErrorName(Code);
    }

    /// <summary>A documented value of a non-reserved Flags parameter.</summary>
    internal sealed class QwaveFlag
    {
        public QwaveFlag(string name, uint value, string? onlyWithOperation = null)
        {
            Name = name;
            Value = value;
            OnlyWithOperation = onlyWithOperation;
        }

        /// <summary>The qos2.h macro, e.g. <c>QOS_QUERYFLOW_FRESH</c>.</summary>
        public string Name { get; }

        public uint Value { get; }

        /// <summary>The one Operation the flag applies to (e.g. <c>QOSQueryFlowFundamentals</c>), or null when it applies to every call.</summary>
        public string? OnlyWithOperation { get; }

        /// <summary>True when the flag may be passed with the Operation named <paramref name="operation"/> (null: not known).</summary>
        public bool AppliesTo(string? operation) => OnlyWithOperation is null || operation is null || OnlyWithOperation == operation;
    }

    /// <summary>One qWAVE entry point.</summary>
    internal sealed class QwaveFunction
    {
        private readonly QwaveParameter[] _parameters;
        private readonly QwaveFunctionError[] _errors;
        private readonly QwaveFlag[] _flags;
        private readonly uint[] _legalFlags;

        public QwaveFunction(
            string name,
            QwaveParameter[] parameters,
            QwaveFunctionError[] errors,
            QwaveFlag[]? flags = null,
            string? operationEnum = null,
            string minimumOs = "Windows Vista")
        {
            Name = name;
            _parameters = parameters;
            _errors = errors;
            _flags = flags ?? Array.Empty<QwaveFlag>();
            _legalFlags = new uint[_flags.Length];
            for (int i = 0; i < _flags.Length; i++)
            {
                _legalFlags[i] = _flags[i].Value;
            }

            OperationEnum = operationEnum;
            MinimumOs = minimumOs;
        }

        /// <summary>The exported name (case-sensitive; no A/W variants).</summary>
        public string Name { get; }

        public IReadOnlyList<QwaveParameter> Parameters => _parameters;

        public IReadOnlyList<QwaveFunctionError> Errors => _errors;

        /// <summary>For a non-reserved Flags parameter: every legal nonzero flag value.</summary>
        public IReadOnlyList<uint> LegalFlags => _legalFlags;

        /// <summary>For a non-reserved Flags parameter: the documented flags, with the Operation each is limited to.</summary>
        public IReadOnlyList<QwaveFlag> Flags => _flags;

        /// <summary>The native enum the Operation parameter takes, if any.</summary>
        public string? OperationEnum { get; }

        /// <summary>The name of an Operation value (e.g. <c>QOSQueryFlowFundamentals</c>), or null when the function has none or the value is undefined.</summary>
        public string? OperationName(long operation) => OperationEnum is null ? null : QwaveCatalog.Enum(OperationEnum)?.NameOf(operation);

        public string MinimumOs { get; }

        /// <summary>Every function returns BOOL (4-byte int; nonzero = success).</summary>
        public string ReturnType => "BOOL";

        /// <summary>x86 stdcall argument bytes (every parameter is 4 bytes there).</summary>
        public int X86StackBytes => 4 * _parameters.Length;

        /// <summary>The stdcall-decorated x86 export, e.g. <c>QOSCancel@8</c>.</summary>
        public string X86DecoratedName => Name + "@" + X86StackBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public int IndexOf(ParameterRole role)
        {
            for (int i = 0; i < _parameters.Length; i++)
            {
                if (_parameters[i].Role == role)
                {
                    return i;
                }
            }

            return -1;
        }

        public QwaveParameter? Parameter(ParameterRole role)
        {
            int i = IndexOf(role);
            return i < 0 ? null : _parameters[i];
        }

        public int IndexOf(string parameterName)
        {
            for (int i = 0; i < _parameters.Length; i++)
            {
                if (string.Equals(_parameters[i].Name, parameterName, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>True when the function takes an OVERLAPPED and may complete asynchronously.</summary>
        public bool SupportsOverlapped => IndexOf(ParameterRole.Overlapped) >= 0;

        /// <summary>
        /// True when a non-NULL OVERLAPPED makes this call itself asynchronous (it may return FALSE with
        /// ERROR_IO_PENDING): QOSSetFlow, QOSQueryFlow, QOSNotifyFlow. QOSCancel's OVERLAPPED names another
        /// operation and its call completes synchronously.
        /// </summary>
        public bool StartsOverlappedOperation => Parameter(ParameterRole.Overlapped) is QwaveParameter p && p.IsOptional && p.Direction == ParameterDirection.Out;

        /// <summary>True when the Flags parameter is reserved (must be 0).</summary>
        public bool HasReservedFlags => Parameter(ParameterRole.Flags)?.IsReserved == true;

        /// <summary>True when <paramref name="flags"/> is 0 or a combination the docs allow.</summary>
        public bool IsLegalFlagsValue(uint flags)
        {
            if (flags == 0)
            {
                return true;
            }

            if (HasReservedFlags)
            {
                return false;
            }

            uint legal = 0;
            foreach (uint f in _legalFlags)
            {
                legal |= f;
            }

            return (flags & ~legal) == 0;
        }

        /// <summary>
        /// True when <paramref name="flags"/> is legal together with <paramref name="operation"/>: every bit
        /// is a documented flag of this function, and each flag applies to that Operation.
        /// </summary>
        public bool IsLegalFlagsValue(uint flags, long operation)
        {
            if (!IsLegalFlagsValue(flags))
            {
                return false;
            }

            string? name = OperationName(operation);
            foreach (QwaveFlag f in _flags)
            {
                if ((flags & f.Value) != 0 && !f.AppliesTo(name))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The documented meaning of <paramref name="code"/> for this function, or null if it does not list it.</summary>
        public string? MeaningOf(int code)
        {
            foreach (QwaveFunctionError e in _errors)
            {
                if (e.Code == code)
                {
                    return e.Meaning;
                }
            }

            return null;
        }

        public override string ToString() => Name;
    }

    /// <summary>A named Win32 error code.</summary>
    internal sealed class QwaveErrorCode
    {
        public QwaveErrorCode(string name, int value, string summary)
        {
            Name = name;
            Value = value;
            Summary = summary;
        }

        public string Name { get; }

        public int Value { get; }

        /// <summary>The meaning when no function-specific text applies.</summary>
        public string Summary { get; }
    }

    /// <summary>A native enum and its members.</summary>
    internal sealed class QwaveEnum
    {
        private readonly KeyValuePair<string, int>[] _members;

        public QwaveEnum(string name, params KeyValuePair<string, int>[] members)
        {
            Name = name;
            _members = members;
        }

        public string Name { get; }

        public IReadOnlyList<KeyValuePair<string, int>> Members => _members;

        public bool IsDefined(long value)
        {
            foreach (KeyValuePair<string, int> m in _members)
            {
                if (m.Value == value)
                {
                    return true;
                }
            }

            return false;
        }

        public string? NameOf(long value)
        {
            foreach (KeyValuePair<string, int> m in _members)
            {
                if (m.Value == value)
                {
                    return m.Key;
                }
            }

            return null;
        }
    }

    /// <summary>A field of a native struct.</summary>
    internal sealed class QwaveField
    {
        public QwaveField(string name, string nativeType, int offset, int size)
        {
            Name = name;
            NativeType = nativeType;
            Offset = offset;
            Size = size;
        }

        public string Name { get; }

        public string NativeType { get; }

        /// <summary>Offset in bytes; identical on x86 and x64 for every qWAVE struct.</summary>
        public int Offset { get; }

        public int Size { get; }
    }

    /// <summary>A native struct with its exact layout.</summary>
    internal sealed class QwaveStruct
    {
        private readonly QwaveField[] _fields;

        public QwaveStruct(string name, int size, int alignment, params QwaveField[] fields)
        {
            Name = name;
            Size = size;
            Alignment = alignment;
            _fields = fields;
        }

        public string Name { get; }

        /// <summary>Size in bytes; identical on x86 and x64.</summary>
        public int Size { get; }

        public int Alignment { get; }

        public IReadOnlyList<QwaveField> Fields => _fields;
    }

    /// <summary>What Buffer and Size must be for one Operation of one function.</summary>
    internal sealed class QwaveBufferContract
    {
        public QwaveBufferContract(string function, string operationName, int operation, string? bufferType, int? size)
        {
            Function = function;
            OperationName = operationName;
            Operation = operation;
            BufferType = bufferType;
            Size = size;
        }

        public string Function { get; }

        public string OperationName { get; }

        public int Operation { get; }

        /// <summary>The native type Buffer points to; null when Buffer must be NULL.</summary>
        public string? BufferType { get; }

        /// <summary>Size in bytes; null when Buffer (and Size) must be NULL.</summary>
        public int? Size { get; }

        public bool BufferMustBeNull => Size is null;
    }
}
