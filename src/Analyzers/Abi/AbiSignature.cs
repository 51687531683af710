using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Abi
{
    internal enum SignatureProblemKind
    {
        /// <summary>qwave.dll exports no such name.</summary>
        UnknownEntryPoint,

        /// <summary>The name of an export in the wrong case, with an A/W suffix or a stdcall decoration.</summary>
        EntryPointSpelling,

        /// <summary>A qWAVE export imported from another module (the header, the import library).</summary>
        WrongModule,

        ParameterCount,
        ParameterOrder,
        Parameter,
        Return,
        CallingConvention,
        PreserveSig,
    }

    /// <summary>One way a declaration differs from the native ABI.</summary>
    internal sealed class SignatureProblem
    {
        public SignatureProblem(SignatureProblemKind kind, string detail, IParameterSymbol? parameter = null)
        {
            Kind = kind;
            Detail = detail;
            Parameter = parameter;
        }

        public SignatureProblemKind Kind { get; }

        /// <summary>The message's explanation: what is declared and what the ABI expects.</summary>
        public string Detail { get; }

        /// <summary>For <see cref="SignatureProblemKind.Parameter"/>: the declared parameter.</summary>
        public IParameterSymbol? Parameter { get; }
    }

    /// <summary>
    /// A DllImport/LibraryImport declaration judged against the catalog's entry point: module, entry
    /// point, parameter count and order, each parameter's width and passing, the BOOL return, the
    /// calling convention. Every valid spelling is accepted (nint, IntPtr, pointers, SafeHandles,
    /// by-ref, enums over int, BOOL structs); only what changes the ABI is reported.
    /// </summary>
    internal sealed class AbiSignature
    {
        private AbiSignature(ImportDeclaration import, QwaveFunction? function, string? correctEntryPoint, bool moduleIsWrong, IParameterSymbol?[] mapping, ImmutableArray<SignatureProblem> problems)
        {
            Import = import;
            Function = function;
            CorrectEntryPoint = correctEntryPoint;
            ModuleIsWrong = moduleIsWrong;
            Mapping = mapping;
            Problems = problems;
        }

        public ImportDeclaration Import { get; }

        /// <summary>The entry point meant, or null when the name matches none.</summary>
        public QwaveFunction? Function { get; }

        /// <summary>The exact export name when the declared one is misspelled.</summary>
        public string? CorrectEntryPoint { get; }

        public bool ModuleIsWrong { get; }

        /// <summary>For each catalog parameter, the declared parameter bound to it, or null when none is.</summary>
        public IReadOnlyList<IParameterSymbol?> Mapping { get; }

        public ImmutableArray<SignatureProblem> Problems { get; }

        /// <summary>The verdict on <paramref name="import"/>, or null when it does not import qWAVE at all.</summary>
        public static AbiSignature? Judge(ImportDeclaration import)
        {
            var problems = ImmutableArray.CreateBuilder<SignatureProblem>();
            string entry = import.EntryPoint;
            bool moduleIsWrong = false;
            string? correctEntryPoint = null;
            QwaveFunction? function;
            if (import.IsQwaveModule)
            {
                if (!QwaveCatalog.TryGetFunction(entry, out QwaveFunction exact))
                {
                    function = Suggest(entry);
                    if (function is not null)
                    {
                        correctEntryPoint = function.Name;
                        problems.Add(new SignatureProblem(
                            SignatureProblemKind.EntryPointSpelling,
                            "qwave.dll exports '" + function.Name + "', not '" + entry + "'; export names are case-sensitive and have neither A/W variants nor decorations"));
                    }
                    else if (QwaveCatalog.IsExport(entry) || entry.StartsWith("#", StringComparison.Ordinal))
                    {
                        return null;
                    }
                    else
                    {
                        problems.Add(new SignatureProblem(SignatureProblemKind.UnknownEntryPoint, "qwave.dll exports no '" + entry + "'"));
                        return new AbiSignature(import, null, null, false, Array.Empty<IParameterSymbol?>(), problems.ToImmutable());
                    }
                }
                else
                {
                    function = exact;
                }
            }
            else
            {
                function = QwaveCatalog.TryGetFunction(entry, out QwaveFunction named) ? named : Suggest(entry);
                if (function is null || !IsQwaveLookalikeModule(import.Module))
                {
                    return null;
                }

                moduleIsWrong = true;
                problems.Add(new SignatureProblem(SignatureProblemKind.WrongModule, function.Name + " is exported by " + QwaveCatalog.ModuleName + ", not by '" + import.Module + "'"));
                if (!string.Equals(entry, function.Name, StringComparison.Ordinal))
                {
                    correctEntryPoint = function.Name;
                    problems.Add(new SignatureProblem(SignatureProblemKind.EntryPointSpelling, "the export is '" + function.Name + "', not '" + entry + "'; export names are case-sensitive"));
                }
            }

            IParameterSymbol?[] mapping = Map(function, import, out bool reordered, out bool countDiffers);
            ImmutableArray<IParameterSymbol> declared = import.Method.Parameters;
            if (countDiffers)
            {
                problems.Add(new SignatureProblem(
                    SignatureProblemKind.ParameterCount,
                    function.Name + " takes " + Count(function.Parameters.Count) + " (" + NativeList(function) + "), but " + Count(declared.Length) + (declared.Length == 1 ? " is" : " are") + " declared"));
            }
            else if (reordered)
            {
                problems.Add(new SignatureProblem(SignatureProblemKind.ParameterOrder, "the parameters are out of order: " + function.Name + " takes (" + NativeList(function) + ")"));
            }

            if (!countDiffers)
            {
                for (int i = 0; i < mapping.Length; i++)
                {
                    if (mapping[i] is IParameterSymbol p && JudgeParameter(function, function.Parameters[i], p, import) is string detail)
                    {
                        problems.Add(new SignatureProblem(SignatureProblemKind.Parameter, "parameter '" + p.Name + "' is '" + ManagedAbi.Display(p) + "'" + detail, p));
                    }
                }
            }

            if (JudgeReturn(import) is string returnDetail)
            {
                problems.Add(new SignatureProblem(SignatureProblemKind.Return, returnDetail));
            }

            if (import.BadCallingConvention is string convention)
            {
                problems.Add(new SignatureProblem(
                    SignatureProblemKind.CallingConvention,
                    "it uses the " + convention + " calling convention; qWAVE functions are WINAPI (stdcall on x86), so on x86 the stack is left unbalanced"));
            }

            if (!import.PreserveSig)
            {
                problems.Add(new SignatureProblem(SignatureProblemKind.PreserveSig, "PreserveSig = false treats the BOOL result as an HRESULT; remove it and test the BOOL"));
            }

            return new AbiSignature(import, function, correctEntryPoint, moduleIsWrong, mapping, problems.ToImmutable());
        }

        /// <summary>The export a misspelled name means: other case, an A/W suffix, a stdcall decoration.</summary>
        public static QwaveFunction? Suggest(string entry)
        {
            if (string.IsNullOrEmpty(entry))
            {
                return null;
            }

            string name = entry;
            int at = name.IndexOf('@');
            if (at > 0)
            {
                name = name.Substring(0, at);
            }

            name = name.TrimStart('_');
            QwaveFunction? found = QwaveCatalog.FindIgnoringCase(name);
            if (found is null && name.Length > 1 && (name[name.Length - 1] == 'W' || name[name.Length - 1] == 'A'))
            {
                found = QwaveCatalog.FindIgnoringCase(name.Substring(0, name.Length - 1));
            }

            return found;
        }

        /// <summary>Modules people import qWAVE from by mistake: the header's name, the import library.</summary>
        public static bool IsQwaveLookalikeModule(string? module)
        {
            if (module is null)
            {
                return false;
            }

            string name = module.Trim();
            int slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
            if (slash >= 0)
            {
                name = name.Substring(slash + 1);
            }

            string baseName = Path.GetFileNameWithoutExtension(name);
            return string.Equals(baseName, Path.GetFileNameWithoutExtension(QwaveCatalog.HeaderName), StringComparison.OrdinalIgnoreCase)
                || string.Equals(baseName, QwaveCatalog.ModuleBaseName, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Binds catalog parameters to declared ones: by position, by native name when reordered, by best alignment when the count differs.</summary>
        private static IParameterSymbol?[] Map(QwaveFunction function, ImportDeclaration import, out bool reordered, out bool countDiffers)
        {
            ImmutableArray<IParameterSymbol> declared = import.Method.Parameters;
            int n = function.Parameters.Count;
            var map = new IParameterSymbol?[n];
            reordered = false;
            countDiffers = declared.Length != n;

            // By native name (any case), when every declared parameter carries one.
            var byName = new int[declared.Length];
            bool allNamed = declared.Length > 0;
            var used = new bool[n];
            for (int j = 0; j < declared.Length; j++)
            {
                byName[j] = IndexOfIgnoringCase(function, declared[j].Name);
                if (byName[j] < 0 || used[byName[j]])
                {
                    allNamed = false;
                }
                else
                {
                    used[byName[j]] = true;
                }
            }

            if (!countDiffers)
            {
                bool inOrder = true;
                for (int j = 0; j < declared.Length; j++)
                {
                    inOrder &= byName[j] == j;
                }

                if (allNamed && !inOrder)
                {
                    reordered = true;
                    for (int j = 0; j < declared.Length; j++)
                    {
                        map[byName[j]] = declared[j];
                    }
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        map[i] = declared[i];
                    }
                }

                return map;
            }

            if (allNamed)
            {
                for (int j = 0; j < declared.Length; j++)
                {
                    map[byName[j]] = declared[j];
                }

                return map;
            }

            // Align in order: a declared parameter binds to the next catalog parameter it fits;
            // one that fits none is an extra, a catalog parameter nothing fits is missing.
            int k = 0;
            for (int i = 0; i < n && k < declared.Length; i++)
            {
                int extrasLeft = declared.Length - k - (n - i);
                while (k < declared.Length && extrasLeft > 0 && JudgeParameter(function, function.Parameters[i], declared[k], import) is not null)
                {
                    k++;
                    extrasLeft--;
                }

                if (k < declared.Length && (JudgeParameter(function, function.Parameters[i], declared[k], import) is null || declared.Length - k > n - i))
                {
                    map[i] = declared[k];
                    k++;
                }
            }

            return map;
        }

        /// <summary>Null when <paramref name="declared"/> passes <paramref name="native"/> correctly; otherwise what is wrong, starting with "; " or " (".</summary>
        public static string? JudgeParameter(QwaveFunction function, QwaveParameter native, IParameterSymbol declared, ImportDeclaration import)
        {
            ITypeSymbol type = declared.Type;
            RefKind refKind = declared.RefKind;
            string expected = Expected(native);
            switch (native.Kind)
            {
                case AbiKind.Handle:
                case AbiKind.Socket:
                case AbiKind.Enum32:
                case AbiKind.UInt32:
                case AbiKind.FlowId:
                    bool pointerSized = native.Kind == AbiKind.Handle || native.Kind == AbiKind.Socket;
                    if (refKind != RefKind.None || (!pointerSized && type.TypeKind == TypeKind.Pointer))
                    {
                        return "; " + native.Name + " is passed by value, not by reference: " + expected;
                    }

                    bool fits = pointerSized ? ManagedAbi.IsPointerSizedValue(type) : ManagedAbi.Is32BitValue(type);
                    if (!fits)
                    {
                        return Width(type) + "; " + native.Name + " is " + expected;
                    }

                    return MarshalAsProblem(declared, pointerSized, native, expected);

                default:
                    return JudgePointer(function, native, declared, import, expected);
            }
        }

        private static string? JudgePointer(QwaveFunction function, QwaveParameter native, IParameterSymbol declared, ImportDeclaration import, string expected)
        {
            ITypeSymbol type = declared.Type;
            RefKind refKind = declared.RefKind;
            ITypeSymbol? pointee;
            if (refKind != RefKind.None)
            {
                pointee = type;
            }
            else if (type is IPointerTypeSymbol pointer)
            {
                pointee = pointer.PointedAtType;
            }
            else if (type is IArrayTypeSymbol array && native.Kind != AbiKind.OverlappedPointer && native.Kind != AbiKind.HandlePointer)
            {
                pointee = array.ElementType;
            }
            else if (ManagedAbi.IsIntPtr(type) || type.TypeKind == TypeKind.FunctionPointer)
            {
                // An address held in an integer: nothing more to know.
                return null;
            }
            else if (native.Kind != AbiKind.HandlePointer && ManagedAbi.IsSafeHandle(type))
            {
                // A SafeHandle (at any depth below SafeHandle) is marshalled as its handle value: an address
                // it owns, such as native sockaddr memory. Only where the call writes a handle must it be 'out'.
                return null;
            }
            else if (type.IsReferenceType && IsFormattedClass(type)
                && (native.Kind == AbiKind.SockAddrPointer || native.Kind == AbiKind.BufferPointer || native.Kind == AbiKind.VersionPointer))
            {
                // A class with a declared layout is marshalled as a pointer to its data.
                return null;
            }
            else
            {
                string what = type.Name == "Overlapped" && type.ContainingNamespace?.ToDisplayString() == "System.Threading"
                    ? " (a managed object, not the native OVERLAPPED)"
                    : Width(type);
                return what + "; " + native.Name + " is " + expected;
            }

            if (native.Kind == AbiKind.OverlappedPointer && refKind != RefKind.None && function.StartsOverlappedOperation)
            {
                return ", fixed in memory only during the call; " + function.Name + " may complete later and write the OVERLAPPED then: declare NativeOverlapped* (or nint) and pass memory that outlives the operation";
            }

            if (refKind == RefKind.Out && native.Direction != ParameterDirection.Out)
            {
                return native.MustBeZeroOnInput
                    ? ": " + function.Name + " reads " + native.Name + " on input (0 creates a new flow), and 'out' does not pass the caller's value: " + expected
                    : ": " + function.Name + " reads " + native.Name + ", and 'out' does not pass the caller's value: " + expected;
            }

            if (refKind == RefKind.In && native.Direction != ParameterDirection.In)
            {
                return ": " + function.Name + " writes " + native.Name + ", which 'in' declares read-only: " + expected;
            }

            switch (native.Kind)
            {
                case AbiKind.HandlePointer:
                    if (IsOpaque(pointee, refKind) || ManagedAbi.IsPointerSizedValue(pointee))
                    {
                        return null;
                    }

                    return " (it points to " + (ManagedAbi.DescribeWidth(pointee) ?? "a value that is not pointer-sized") + "); the handle " + function.Name + " writes is pointer-sized: " + expected;

                case AbiKind.FlowIdPointer:
                case AbiKind.UInt32Pointer:
                    if (IsOpaque(pointee, refKind) || ManagedAbi.Is32BitValue(pointee))
                    {
                        return null;
                    }

                    return " (it points to " + (ManagedAbi.DescribeWidth(pointee) ?? "a value that is not 4 bytes") + "); " + native.Name + " is " + expected;

                default:
                    return null;
            }
        }

        /// <summary>void* and byte* are untyped memory; ref byte is not.</summary>
        private static bool IsOpaque(ITypeSymbol? pointee, RefKind refKind) =>
            refKind == RefKind.None && (pointee?.SpecialType == SpecialType.System_Void || pointee?.SpecialType == SpecialType.System_Byte);

        private static bool IsFormattedClass(ITypeSymbol type) =>
            type.TypeKind == TypeKind.Class && ImportDeclaration.Find(type.GetAttributes(), "StructLayoutAttribute") is not null;

        /// <summary>[MarshalAs] that changes a value parameter's width.</summary>
        private static string? MarshalAsProblem(IParameterSymbol declared, bool pointerSized, QwaveParameter native, string expected)
        {
            int? width = MarshalAsWidth(declared.GetAttributes());
            if (width is null)
            {
                return null;
            }

            bool fits = pointerSized ? width == IntPtrWidth : width == 4;
            return fits ? null : " marshalled as " + (width == IntPtrWidth ? "a pointer-sized value" : width + (width == 1 ? " byte" : " bytes")) + "; " + native.Name + " is " + expected;
        }

        private const int IntPtrWidth = -1;

        /// <summary>The native width a [MarshalAs] gives a value (-1: pointer-sized), or null when there is none or it is not a width.</summary>
        private static int? MarshalAsWidth(ImmutableArray<AttributeData> attributes)
        {
            AttributeData? marshalAs = ImportDeclaration.Find(attributes, "MarshalAsAttribute");
            if (marshalAs is null || marshalAs.ConstructorArguments.Length != 1 || marshalAs.ConstructorArguments[0].Value is not object value)
            {
                return null;
            }

            // UnmanagedType values: Bool 2, I1 3, U1 4, I2 5, U2 6, I4 7, U4 8, I8 9, U8 10, SysInt 31, SysUInt 32, VariantBool 37, Error 45.
            return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) switch
            {
                3 or 4 => 1,
                5 or 6 or 37 => 2,
                2 or 7 or 8 or 45 => 4,
                9 or 10 => 8,
                31 or 32 => IntPtrWidth,
                _ => null,
            };
        }

        /// <summary>Null when the return carries the 4-byte BOOL; otherwise what is wrong.</summary>
        public static string? JudgeReturn(ImportDeclaration import)
        {
            IMethodSymbol method = import.Method;
            ITypeSymbol type = method.ReturnType;
            int? marshalAs = MarshalAsWidth(method.GetReturnTypeAttributes());
            const string Expected = "qWAVE returns BOOL, a 4-byte int: return int, or bool marshalled as a 4-byte BOOL";
            if (method.ReturnsVoid)
            {
                return "it returns void; " + Expected + " (the only failure signal)";
            }

            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                return "it returns by reference; " + Expected;
            }

            if (type.SpecialType == SpecialType.System_Boolean)
            {
                if (marshalAs is int width)
                {
                    return width == 4 ? null : "it returns bool marshalled as " + (width == IntPtrWidth ? "a pointer-sized value" : width + (width == 1 ? " byte" : " bytes")) + "; " + Expected + " ([return: MarshalAs(UnmanagedType.Bool)])";
                }

                if (import.Style == ImportStyle.LibraryImport)
                {
                    return "it returns bool without [return: MarshalAs(UnmanagedType.Bool)], which LibraryImport requires to read the 4-byte BOOL";
                }

                return import.RuntimeMarshallingDisabled
                    ? "it returns bool, which is one byte under [DisableRuntimeMarshalling]; " + Expected + ": return int"
                    : null;
            }

            if (ManagedAbi.Is32BitValue(type))
            {
                return marshalAs is int w && w != 4 ? "its return is marshalled as " + (w == IntPtrWidth ? "a pointer-sized value" : w + " bytes") + "; " + Expected : null;
            }

            return "it returns '" + type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "'" + Width(type) + "; " + Expected;
        }

        /// <summary>What the ABI expects for <paramref name="native"/>, with the C# spellings that fit.</summary>
        public static string Expected(QwaveParameter native) => native.Kind switch
        {
            AbiKind.Handle => "HANDLE, pointer-sized: declare nint, IntPtr or a SafeHandle",
            AbiKind.HandlePointer => "PHANDLE, a pointer to the pointer-sized HANDLE the call writes: declare out nint, out IntPtr, nint* or an out SafeHandle",
            AbiKind.Socket => "SOCKET (UINT_PTR), pointer-sized: declare nint, nuint or IntPtr",
            AbiKind.SockAddrPointer => "PSOCKADDR, a pointer the call reads: declare void*, byte*, nint, or in/ref to a sockaddr struct",
            AbiKind.VersionPointer => "PQOS_VERSION, a pointer the call reads: declare ref or in QOS_VERSION, or QOS_VERSION*",
            AbiKind.Enum32 => native.NativeType + ", a 4-byte C enum: declare int, uint or an enum over int",
            AbiKind.UInt32 => native.NativeType + ", 4 bytes: declare uint or int",
            AbiKind.FlowId => "QOS_FLOWID by value, 4 bytes: declare uint",
            AbiKind.FlowIdPointer => "PQOS_FLOWID, a pointer to the 4-byte id the call reads and writes: declare ref uint or uint*",
            AbiKind.UInt32Pointer => "PULONG, a pointer to the 4-byte size the call reads and writes: declare ref uint or uint*",
            AbiKind.BufferPointer => "PVOID, a pointer: declare void*, nint, or " + native.Direction switch
            {
                ParameterDirection.In => "in/ref",
                ParameterDirection.Out => "out/ref",
                _ => "ref",
            } + " to the buffer",
            AbiKind.OverlappedPointer => "LPOVERLAPPED, a pointer: declare NativeOverlapped* or nint",
            _ => native.NativeType,
        };

        private static string Width(ITypeSymbol type) =>
            ManagedAbi.DescribeWidth(type) is string width ? " (" + width + ")" : string.Empty;

        private static int IndexOfIgnoringCase(QwaveFunction function, string name)
        {
            for (int i = 0; i < function.Parameters.Count; i++)
            {
                if (string.Equals(function.Parameters[i].Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        private static string Count(int n) => n == 1 ? "1 parameter" : n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " parameters";

        private static string NativeList(QwaveFunction function)
        {
            var parts = new string[function.Parameters.Count];
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = function.Parameters[i].NativeType + " " + function.Parameters[i].Name;
            }

            return string.Join(", ", parts);
        }
    }
}
