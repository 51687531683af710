using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Analyzers.Values;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS011: Size or Buffer does not match the Operation: a constant or
    /// <c>sizeof</c> size other than the catalog's, a buffer pointing to another struct, a buffer (or a
    /// nonzero size) for the notifications that take none, an element count as QOSEnumerateFlows' size.
    /// Only when the Operation is a known constant, and only sizes and buffers that are evident.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SizeDoesNotMatchOperationAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: what the fix does ("Size", "NullBuffer" or "Bytes").</summary>
        internal const string FixProperty = "Fix";

        /// <summary>Diagnostic property: the size in bytes the Operation needs.</summary>
        internal const string ExpectedSizeProperty = "ExpectedSize";

        /// <summary>Diagnostic property: the native type the buffer holds (e.g. QOS_FLOWRATE_OUTGOING).</summary>
        internal const string BufferTypeProperty = "BufferType";

        internal const string FixSize = "Size";
        internal const string FixNullBuffer = "NullBuffer";
        internal const string FixBytes = "Bytes";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.SizeDoesNotMatchOperation,
            title: "Size or Buffer does not match the Operation",
            messageFormat: "{0}: {1}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "The Operation of QOSSetFlow, QOSQueryFlow and QOSNotifyFlow decides what Buffer points to and how many bytes Size must give: 4 for a traffic type or a DSCP, 16 for QOS_FLOWRATE_OUTGOING and QOS_PACKET_PRIORITY, 40 for QOS_FLOW_FUNDAMENTALS, 8 for a rate; the congestion notifications take no buffer at all. QOSEnumerateFlows' Size is in bytes, not flow ids. A mismatch fails with ERROR_INVALID_PARAMETER or ERROR_INSUFFICIENT_BUFFER, or reads and writes past the buffer.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.SizeDoesNotMatchOperation));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            RegisterOperationActionInQwaveTypes(context, recognizer, c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            if (!recognizer.TryGetCall((IInvocationOperation)context.Operation, out QwaveCall call))
            {
                return;
            }

            if (call.FunctionName == QwaveCatalog.QOSEnumerateFlows)
            {
                AnalyzeEnumerateFlows(context, call, recognizer);
                return;
            }

            if (call.Function.OperationEnum is null
                || !ConstantValues.TryGetInteger(call.ArgumentValue(ParameterRole.Operation), out ulong operation)
                || QwaveCatalog.BufferContract(call.FunctionName, (long)operation) is not QwaveBufferContract contract)
            {
                return;
            }

            string where = call.FunctionName + " with " + contract.OperationName;
            IArgumentOperation? size = call.Argument(ParameterRole.Size);
            IArgumentOperation? buffer = call.Argument(ParameterRole.Buffer);
            if (contract.BufferMustBeNull)
            {
                if (buffer is not null && buffer.ArgumentKind != ArgumentKind.DefaultValue && buffer.Parameter?.RefKind == RefKind.None && !ConstantValues.IsNullOrZero(buffer.Value))
                {
                    Report(context, buffer.Syntax, null, where, "Buffer must be NULL, because " + contract.OperationName + " takes no buffer", FixNullBuffer, contract);
                }

                if (size is not null && SizeValue(size, call, recognizer, out IOperation? sizeExpression) is long n && n != 0 && sizeExpression is not null)
                {
                    Report(context, size.Syntax, null, where, "Size gives " + Bytes(n) + ", but " + contract.OperationName + " takes no buffer: pass NULL (or 0)", null, contract);
                }

                return;
            }

            string expected = Describe(contract);
            if (size is not null && SizeValue(size, call, recognizer, out IOperation? expression) is long bytes && bytes != contract.Size && expression is not null)
            {
                string measured = EvidentValues.MeasuredType(expression) is not null ? " (" + expression.Syntax + ")" : string.Empty;
                Report(context, size.Syntax, expression, where, "Size is " + Bytes(bytes) + measured + ", but the buffer must be " + expected, FixSize, contract);
            }

            if (buffer is not null && PointeeOf(buffer) is ITypeSymbol pointee && Mismatch(pointee, contract) is string actual)
            {
                Report(context, buffer.Syntax, null, where, "Buffer points to " + actual + ", but it must be " + expected, null, contract);
            }
        }

        /// <summary>QOSEnumerateFlows' Size given as a number of flow ids.</summary>
        private static void AnalyzeEnumerateFlows(OperationAnalysisContext context, QwaveCall call, QwaveRecognizer recognizer)
        {
            IArgumentOperation? size = call.Argument(ParameterRole.Size);
            if (size is null || EvidentValues.PointedLocal(size.Value) is not ILocalSymbol local)
            {
                return;
            }

            IOperation? value = EvidentValues.Unwrap(EvidentValues.SingleAssignedValue(local, call.Invocation, r => IsSizeArgument(r, recognizer)));
            if (value is null)
            {
                return;
            }

            bool isCount = value is IPropertyReferenceOperation { Property.Name: "Length" or "LongLength" or "Count" };
            bool sizesAnArray = !isCount && UsedAsArrayLength(local, call.Invocation);
            if (isCount || sizesAnArray)
            {
                // Each id is a QOS_FLOWID, the type QOSRemoveSocketFromFlow takes its FlowId by value as.
                QwaveParameter flowId = QwaveCatalog.Function(QwaveCatalog.QOSRemoveSocketFromFlow).Parameter(ParameterRole.FlowId)!;
                Report(
                    context,
                    size.Syntax,
                    isCount ? value : null,
                    QwaveCatalog.QOSEnumerateFlows,
                    "Size holds " + value.Syntax + ", a number of flow ids, but it is the buffer's size in bytes: " + flowId.Size(is64Bit: false).ToString(CultureInfo.InvariantCulture) + " per " + flowId.NativeType,
                    isCount ? FixBytes : null,
                    contract: null);
            }
        }

        private static bool UsedAsArrayLength(ILocalSymbol local, IOperation use)
        {
            return EvidentValues.RootOf(use).Descendants().OfType<IArrayCreationOperation>().Any(a => a.DimensionSizes.Any(d => EvidentValues.Unwrap(d) is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, local)));
        }

        /// <summary>The bytes a Size argument evidently gives, and the expression that gives them.</summary>
        private static long? SizeValue(IArgumentOperation size, QwaveCall call, QwaveRecognizer recognizer, out IOperation? expression)
        {
            expression = null;
            IOperation value = size.Value;
            bool byPointer = size.Parameter?.RefKind != RefKind.None || EvidentValues.Unwrap(value) is IAddressOfOperation || value.Type?.TypeKind == TypeKind.Pointer || ManagedAbi.IsIntPtr(value.Type);
            if (byPointer)
            {
                if (size.Parameter?.RefKind == RefKind.None && ConstantValues.IsNullOrZero(value))
                {
                    return null;
                }

                if (EvidentValues.PointedLocal(value) is not ILocalSymbol local)
                {
                    return null;
                }

                value = EvidentValues.SingleAssignedValue(local, call.Invocation, r => IsSizeArgument(r, recognizer))!;
                if (value is null)
                {
                    return null;
                }
            }

            if (ConstantValues.TryGetInteger(value, out ulong constant))
            {
                expression = value;
                return (long)constant;
            }

            if (EvidentValues.MeasuredType(value) is ITypeSymbol type && BytesOf(type, out _) is int measured)
            {
                expression = value;
                return measured;
            }

            return null;
        }

        /// <summary>A write to a size local through the Size argument of a qWAVE call (which stores the bytes written): not a reassignment.</summary>
        private static bool IsSizeArgument(ILocalReferenceOperation reference, QwaveRecognizer recognizer)
        {
            IOperation? current = reference.Parent is IAddressOfOperation address ? address.Parent : reference.Parent;
            while (current is IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation { Parent: IInvocationOperation invocation } argument
                && recognizer.TryGetCall(invocation, out QwaveCall call)
                && call.Method.CatalogParameter(argument.Parameter)?.Role == ParameterRole.Size;
        }

        /// <summary>The type a Buffer argument points to: <c>&amp;x</c>, <c>ref x</c>, a struct pointer or a pointer set once to <c>&amp;x</c>, through casts to void* or nint.</summary>
        private static ITypeSymbol? PointeeOf(IArgumentOperation buffer)
        {
            if (buffer.Parameter?.RefKind is RefKind.Ref or RefKind.Out or RefKind.In)
            {
                return buffer.Value.Type;
            }

            IOperation? value = EvidentValues.Unwrap(buffer.Value);
            if (value is IAddressOfOperation address)
            {
                return address.Reference.Type;
            }

            if (value?.Type is not IPointerTypeSymbol pointer)
            {
                return null;
            }

            ITypeSymbol pointee = pointer.PointedAtType;
            if (pointee.SpecialType == SpecialType.None && pointee.TypeKind != TypeKind.Enum)
            {
                // A pointer to a struct stands for one of them.
                return pointee;
            }

            // A pointer to a number may address several (stackalloc ulong[2], a pinned array): judged only when it
            // evidently points at one variable ('ulong* p = &rate;').
            return value is ILocalReferenceOperation { Local: ILocalSymbol local }
                && EvidentValues.Unwrap(EvidentValues.SingleAssignedValue(local, buffer)) is IAddressOfOperation single
                ? single.Reference.Type
                : null;
        }

        /// <summary>What the buffer holds when it is not what the contract wants ("QOS_FLOW_FUNDAMENTALS (40 bytes)"), or null.</summary>
        private static string? Mismatch(ITypeSymbol pointee, QwaveBufferContract contract)
        {
            if (pointee.SpecialType is SpecialType.System_Void or SpecialType.System_Byte or SpecialType.System_SByte || pointee.TypeKind == TypeKind.TypeParameter)
            {
                return null;
            }

            int? bytes = BytesOf(pointee, out QwaveStruct? native);
            string name = pointee.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            if (native is not null)
            {
                return native.Name == contract.BufferType ? null : name + (bytes is int b ? " (" + Bytes(b) + ")" : string.Empty);
            }

            if (bytes is int size && size != contract.Size)
            {
                return name + " (" + Bytes(size) + ")";
            }

            return null;
        }

        /// <summary>The size of a type as qWAVE sees it, and the catalog struct it stands for, if any.</summary>
        internal static int? BytesOf(ITypeSymbol type, out QwaveStruct? native)
        {
            native = type is INamedTypeSymbol named && named.TypeKind == TypeKind.Struct ? NativeStructCheck.Identify(named) : null;
            int? computed = ManagedAbi.FixedSize(type);
            return computed ?? native?.Size;
        }

        private static string Describe(QwaveBufferContract contract) => "a " + contract.BufferType + " of " + Bytes(contract.Size ?? 0);

        private static string Bytes(long n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " byte" : " bytes");

        private static void Report(OperationAnalysisContext context, SyntaxNode node, IOperation? replace, string where, string detail, string? fix, QwaveBufferContract? contract)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (fix is not null)
            {
                properties[FixProperty] = fix;
                if (contract is not null)
                {
                    properties[ExpectedSizeProperty] = (contract.Size ?? 0).ToString(CultureInfo.InvariantCulture);
                    properties[BufferTypeProperty] = contract.BufferType;
                }
            }

            Location[] additional = replace is not null && replace.Syntax.SyntaxTree == node.SyntaxTree ? new[] { replace.Syntax.GetLocation() } : System.Array.Empty<Location>();
            if (fix is not null && fix != FixNullBuffer && additional.Length == 0)
            {
                properties.Remove(FixProperty);
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, node.GetLocation(), additional, properties.ToImmutable(), where, detail));
        }
    }
}
