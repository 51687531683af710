using System.Collections.Immutable;
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
    /// QOS022: a qWAVE call whose QOS handle is provably zero: IntPtr.Zero, 0, default, null, a new
    /// SafeHandle nothing filled, directly or through a local whose only value that is. A local any call
    /// may write (passed by ref or out, its address taken) is never judged.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DefaultHandleAnalyzer : QwaveDiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.DefaultHandle,
            title: "qWAVE call with a handle that is zero",
            messageFormat: "{0} is given a QOS handle that is {1}: it never came from QOSCreateHandle",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Every qWAVE call but QOSCreateHandle needs the handle QOSCreateHandle returned. A zero or default handle fails with ERROR_INVALID_HANDLE (QOSCloseHandle(NULL) included), so the call does nothing: usually QOSCreateHandle was never called, its handle was stored elsewhere, or a SafeHandle was created with new instead of being filled by the call.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.DefaultHandle));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer) =>
            RegisterOperationActionInQwaveTypes(context, recognizer, c => Analyze(c, recognizer), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, QwaveRecognizer recognizer)
        {
            if (!recognizer.TryGetCall((IInvocationOperation)context.Operation, out QwaveCall call)
                || call.Argument(ParameterRole.QosHandle) is not IArgumentOperation handle
                || call.Method.CatalogParameter(handle.Parameter)?.Kind != AbiKind.Handle
                || handle.ArgumentKind == ArgumentKind.DefaultValue
                || handle.Parameter?.RefKind != RefKind.None)
            {
                return;
            }

            IOperation? value = EvidentValues.Unwrap(handle.Value);
            if (value is ILocalReferenceOperation local)
            {
                value = EvidentValues.Unwrap(EvidentValues.SingleAssignedValue(local.Local, call.Invocation));
            }

            string? what = value switch
            {
                null => null,
                IObjectCreationOperation creation when ManagedAbi.IsSafeHandle(creation.Type) && creation.Arguments.IsEmpty =>
                    "a new " + creation.Type!.Name + " that no call has filled",
                _ when value.ConstantValue is { HasValue: true, Value: null } => "null",
                _ when ConstantValues.IsNullOrZero(value) => value.Type?.IsReferenceType == true ? "null" : "zero",
                _ => null,
            };
            if (what is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, handle.Syntax.GetLocation(), call.FunctionName, what));
            }
        }
    }
}
