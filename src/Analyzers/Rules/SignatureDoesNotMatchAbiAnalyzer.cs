using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Analyzers.Recognition;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Rules
{
    /// <summary>
    /// QOS005: a qWAVE DllImport/LibraryImport whose signature differs from the native ABI:
    /// entry point and module, parameter count and order, widths, by-value vs by-reference, the BOOL
    /// return, the calling convention, ref OVERLAPPEDs of asynchronous calls; and managed copies of the
    /// qos2.h structs whose layout differs from the native one (QOS_VERSION is QOS007's).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SignatureDoesNotMatchAbiAnalyzer : QwaveDiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: what the diagnostic is about ("Import" or "Struct").</summary>
        internal const string TargetProperty = "Target";

        internal const string TargetImport = "Import";
        internal const string TargetStruct = "Struct";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.SignatureDoesNotMatchAbi,
            title: "qWAVE P/Invoke signature does not match the native ABI",
            messageFormat: "The declaration of '{0}' does not match qWAVE's ABI: {1}",
            category: RuleCategories.Interoperability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A P/Invoke declaration is not checked against the native function: a 4-byte handle, a FlowId passed by reference where qos2.h passes it by value, a one-byte BOOL, a Cdecl convention or a misspelled entry point all compile and then corrupt the stack, truncate the handle or fail at run time. The declaration must match qos2.h: pointer-sized HANDLE and SOCKET, 4-byte DWORDs and enums, QOS_FLOWID by value except in QOSAddSocketToFlow, a 4-byte BOOL return, WINAPI, and the exact export name from qwave.dll.",
            helpLinkUri: HelpLinks.For(RuleIdentifiers.SignatureDoesNotMatchAbi));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private static readonly ImmutableDictionary<string, string?> s_importProperties = ImmutableDictionary<string, string?>.Empty.Add(TargetProperty, TargetImport);
        private static readonly ImmutableDictionary<string, string?> s_structProperties = ImmutableDictionary<string, string?>.Empty.Add(TargetProperty, TargetStruct);

        private protected override bool JudgesImportDeclarations => true;

        private protected override void InitializeForQwave(CompilationStartAnalysisContext context, QwaveRecognizer recognizer)
        {
            RegisterForImportCandidates(context, AnalyzeMethod);

            // Local functions get no symbol action (the generator declares imports as local functions under [DisableRuntimeMarshalling]).
            context.RegisterOperationAction(c => AnalyzeMethod(((ILocalFunctionOperation)c.Operation).Symbol, c.Options, c.ReportDiagnostic, c.CancellationToken), OperationKind.LocalFunction);
            context.RegisterSymbolAction(AnalyzeStruct, SymbolKind.NamedType);
        }

        private static void AnalyzeMethod(ISymbol symbol, AnalyzerOptions options, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
        {
            if (symbol is not IMethodSymbol method || method.PartialDefinitionPart is not null)
            {
                // The implementing part of a partial method; its definition part is analyzed.
                return;
            }

            ImportDeclaration? import = ImportDeclaration.TryRead(method);
            AbiSignature? signature = import is null ? null : AbiSignature.Judge(import);
            if (signature is null || signature.Problems.IsEmpty)
            {
                return;
            }

            SyntaxReference? reference = method.DeclaringSyntaxReferences.FirstOrDefault();
            if (reference is null || GeneratedCode.IsGeneratedFile(reference.SyntaxTree, options, cancellationToken))
            {
                return;
            }

            SyntaxNode declaration = reference.GetSyntax(cancellationToken);

            foreach (SignatureProblem problem in signature.Problems)
            {
                Location location = LocationOf(problem, signature.Import, declaration, cancellationToken);
                report(Diagnostic.Create(Rule, location, s_importProperties, method.Name, problem.Detail));
            }
        }

        private static Location LocationOf(SignatureProblem problem, ImportDeclaration import, SyntaxNode declaration, System.Threading.CancellationToken cancellationToken)
        {
            var attribute = import.Attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            ParameterListSyntax? parameters = declaration switch
            {
                MethodDeclarationSyntax m => m.ParameterList,
                LocalFunctionStatementSyntax l => l.ParameterList,
                _ => null,
            };
            SyntaxToken identifier = declaration switch
            {
                MethodDeclarationSyntax m => m.Identifier,
                LocalFunctionStatementSyntax l => l.Identifier,
                _ => default,
            };
            TypeSyntax? returnType = declaration switch
            {
                MethodDeclarationSyntax m => m.ReturnType,
                LocalFunctionStatementSyntax l => l.ReturnType,
                _ => null,
            };

            SyntaxNode? node = problem.Kind switch
            {
                SignatureProblemKind.EntryPointSpelling or SignatureProblemKind.UnknownEntryPoint when import.HasExplicitEntryPoint => NamedArgument(attribute, "EntryPoint"),
                SignatureProblemKind.WrongModule => attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null)?.Expression,
                SignatureProblemKind.ParameterCount or SignatureProblemKind.ParameterOrder => parameters,
                SignatureProblemKind.Parameter => problem.Parameter?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken),
                SignatureProblemKind.Return => returnType,
                SignatureProblemKind.CallingConvention => NamedArgument(attribute, "CallingConvention") ?? UnmanagedCallConv(declaration),
                SignatureProblemKind.PreserveSig => NamedArgument(attribute, "PreserveSig"),
                _ => null,
            };

            if (node is not null)
            {
                return node.GetLocation();
            }

            return identifier.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None) ? declaration.GetLocation() : identifier.GetLocation();
        }

        private static SyntaxNode? NamedArgument(AttributeSyntax? attribute, string name) =>
            attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

        private static SyntaxNode? UnmanagedCallConv(SyntaxNode declaration)
        {
            SyntaxList<AttributeListSyntax> lists = declaration switch
            {
                MethodDeclarationSyntax m => m.AttributeLists,
                LocalFunctionStatementSyntax l => l.AttributeLists,
                _ => default,
            };
            return lists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.Name.ToString().EndsWith("UnmanagedCallConv", System.StringComparison.Ordinal) || a.Name.ToString().EndsWith("UnmanagedCallConvAttribute", System.StringComparison.Ordinal));
        }

        private static void AnalyzeStruct(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            QwaveStruct? native = NativeStructCheck.Identify(type);

            // QOS_VERSION's layout is QOS007's.
            if (native is null || native.Name == VersionNotOnePointZeroAnalyzer.VersionStruct)
            {
                return;
            }

            StructProblem? problem = NativeStructCheck.Judge(type, native);
            if (problem is null)
            {
                return;
            }

            Location? location = NativeStructCheck.LocationOf(type, problem, context.CancellationToken);
            if (location?.SourceTree is SyntaxTree tree && !GeneratedCode.IsGeneratedFile(tree, context.Options, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, s_structProperties, type.Name, problem.Detail));
            }
        }
    }
}
