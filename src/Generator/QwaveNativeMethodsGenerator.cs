// [QwaveNativeMethods] static partial classes receive exact-ABI qWAVE declarations, produced from
// the native-API catalog (src/Catalog) rather than typed by hand.
//
// DllImport, not LibraryImport: every parameter is blittable, so the runtime needs no marshalling
// stub beyond last-error capture; and a [LibraryImport] emitted by this generator would never get
// its implementation, because generators do not see each other's output in the same compilation.
// Under [DisableRuntimeMarshalling] (where SetLastError = true throws) the import becomes a local
// function wrapped in the same last-error capture LibraryImport stubs use.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QosAnalyzers.Attributes;
using QosAnalyzers.Catalog;
using QosAnalyzers.Generator.Model;

namespace QosAnalyzers.Generator
{
    [Generator(LanguageNames.CSharp)]
    public sealed class QwaveNativeMethodsGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<GeneratorEnvironment> environment = context.CompilationProvider
                .Select(static (compilation, _) => Environments.From(compilation))
                .WithTrackingName(TrackingNames.Environment);

            IncrementalValuesProvider<NativeMethodsModel?> models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    PackageApi.NativeMethodsAttribute.MetadataName,
                    static (node, _) => node.IsKind(SyntaxKind.ClassDeclaration),
                    static (context, cancellationToken) => GetModel(context, cancellationToken))
                .WithTrackingName(TrackingNames.NativeMethodsModels);

            IncrementalValuesProvider<NativeMethodsModel> valid = models
                .SelectMany(static (model, _) => model is null ? ImmutableArray<NativeMethodsModel>.Empty : ImmutableArray.Create(model))
                .WithTrackingName(TrackingNames.NativeMethodsValidModels);

            IncrementalValuesProvider<(NativeMethodsModel Model, GeneratorEnvironment Environment)> withEnvironment = valid
                .Combine(environment)
                .WithTrackingName(TrackingNames.NativeMethodsWithEnvironment);

            context.RegisterSourceOutput(withEnvironment, static (output, item) =>
                output.AddSource(item.Model.Hierarchy.HintName, Emit(item.Model, item.Environment)));
        }

        private static NativeMethodsModel? GetModel(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type)
            {
                return null;
            }

            // One model per type: from the declaration that carries the attribute.
            AttributeData? attribute = QosAttributeValidation.SingleAttribute(type, PackageApi.NativeMethodsAttribute.MetadataName);
            if (attribute is null || !AttributedDeclaration.IsOn(attribute, context.TargetNode))
            {
                return null;
            }

            var problems = new List<AttributeProblem>();
            var functions = new List<string>();
            QosAttributeValidation.ValidateNativeMethods(type, attribute, CompilationFacts.From(context.SemanticModel.Compilation), problems, functions, cancellationToken);
            foreach (AttributeProblem problem in problems)
            {
                if (problem.BlocksGeneration)
                {
                    return null;
                }
            }

            return functions.Count == 0
                ? null
                : new NativeMethodsModel(HierarchyInfo.From(type, QosAttributeNames.NativeMethodsHintSuffix), new EquatableArray<string>(functions.ToArray()));
        }

        internal static string Emit(NativeMethodsModel model, GeneratorEnvironment environment)
        {
            var w = new SourceWriter();
            int blocks = GeneratedFile.Open(w, model.Hierarchy, "static unsafe ", null, environment);
            bool first = true;
            foreach (string name in model.Functions)
            {
                if (!QwaveCatalog.TryGetFunction(name, out QwaveFunction function))
                {
                    continue;
                }

                if (!first)
                {
                    w.WriteLine();
                }

                first = false;
                WriteFunction(w, function, environment);
            }

            GeneratedFile.Close(w, blocks);
            return w.ToString();
        }

        private static void WriteFunction(SourceWriter w, QwaveFunction function, GeneratorEnvironment environment)
        {
            var doc = new System.Text.StringBuilder();
            doc.Append("<summary>\n")
               .Append("qWAVE <c>").Append(function.Name).Append("</c> (qos2.h, ").Append(QwaveCatalog.ModuleName).Append("; ").Append(function.MinimumOs).Append(" or later).\n")
               .Append("Returns nonzero on success; on 0 the Win32 error is in <see cref=\"global::System.Runtime.InteropServices.Marshal.GetLastWin32Error\"/>.\n")
               .Append("</summary>\n");
            foreach (QwaveParameter parameter in function.Parameters)
            {
                doc.Append("<param name=\"").Append(parameter.ManagedName).Append("\">")
                   .Append("<c>").Append(parameter.NativeType).Append(' ').Append(parameter.Name).Append("</c>, ")
                   .Append(Direction(parameter.Direction));
                if (parameter.IsOptional)
                {
                    doc.Append(", optional");
                }

                if (parameter.IsReserved)
                {
                    doc.Append("; reserved, must be 0");
                }

                if (parameter.MustBeZeroOnInput)
                {
                    doc.Append("; 0 on input creates a new flow");
                }

                if (function.LegalFlags.Count > 0 && parameter.Role == ParameterRole.Flags)
                {
                    doc.Append("; 0 or ");
                    for (int i = 0; i < function.LegalFlags.Count; i++)
                    {
                        doc.Append(i == 0 ? string.Empty : " | ").Append("0x").Append(function.LegalFlags[i].ToString("X", CultureInfo.InvariantCulture));
                    }
                }

                doc.Append(".</param>\n");
            }

            doc.Append("<returns>Nonzero (TRUE) on success; 0 (FALSE) on failure. Test with <c>!= 0</c>, never <c>== 1</c>.</returns>\n");
            doc.Append("<remarks>Documented errors:");
            foreach (QwaveFunctionError error in function.Errors)
            {
                doc.Append("\n").Append(error.Name).Append(" (").Append(error.Code.ToString(CultureInfo.InvariantCulture)).Append("): ").Append(Escape(error.Meaning));
            }

            doc.Append("</remarks>");
            w.WriteDoc(doc.ToString());

            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.WriteLine("[global::" + PackageApi.Namespace + "." + PackageApi.EntryPointAttribute.ShortName + "(\"" + function.Name + "\")]");
            if (environment.HasSupportedOSPlatform)
            {
                w.WriteLine("[global::System.Runtime.Versioning.SupportedOSPlatform(\"" + QwaveCatalog.SupportedOSPlatform + "\")]");
            }


            // qwave.dll ships with Windows; loading it from anywhere else would be a planting risk.
            string? searchPath = environment.HasDefaultDllImportSearchPaths
                ? "[global::System.Runtime.InteropServices.DefaultDllImportSearchPaths(global::System.Runtime.InteropServices.DllImportSearchPath.System32)]"
                : null;

            var parameters = new System.Text.StringBuilder();
            var arguments = new System.Text.StringBuilder();
            foreach (QwaveParameter parameter in function.Parameters)
            {
                if (parameters.Length > 0)
                {
                    parameters.Append(", ");
                    arguments.Append(", ");
                }

                parameters.Append(ManagedType(parameter, environment.NativeIntegers)).Append(' ').Append(parameter.ManagedName);
                arguments.Append(parameter.ManagedName);
            }

            // BOOL is a 4-byte int; returning int keeps the declaration blittable and the test honest (!= 0).
            string import = "[global::System.Runtime.InteropServices.DllImport(\"" + QwaveCatalog.ModuleName + "\", EntryPoint = \"" + function.Name + "\", ExactSpelling = true";
            if (!environment.RuntimeMarshallingDisabled)
            {
                if (searchPath is not null)
                {
                    w.WriteLine(searchPath);
                }

                w.WriteLine(import + ", SetLastError = true)]");
                w.WriteLine("internal static extern int " + function.Name + "(" + parameters + ");");
                return;
            }

            // With [DisableRuntimeMarshalling], SetLastError = true throws at run time; capture the
            // last error around a plain import instead, as LibraryImport's generated stubs do.
            w.OpenBlock("internal static int " + function.Name + "(" + parameters + ")");
            w.WriteLine("global::System.Runtime.InteropServices.Marshal.SetLastSystemError(0);");
            w.WriteLine("int result = __PInvoke(" + arguments + ");");
            w.WriteLine("global::System.Runtime.InteropServices.Marshal.SetLastPInvokeError(global::System.Runtime.InteropServices.Marshal.GetLastSystemError());");
            w.WriteLine("return result;");
            w.WriteLine();
            if (searchPath is not null)
            {
                w.WriteLine(searchPath);
            }

            w.WriteLine(import + ")]");
            w.WriteLine("static extern int __PInvoke(" + parameters + ");");
            w.CloseBlock();
        }

        /// <summary>The blittable C# type for a catalog ABI kind (<c>System.IntPtr</c> for <c>nint</c> before C# 9).</summary>
        internal static string ManagedType(QwaveParameter parameter, bool nativeIntegers = true)
        {
            string type = ManagedTypeWithNint(parameter);
            return nativeIntegers ? type : type switch
            {
                "nint" => "global::System.IntPtr",
                "nint*" => "global::System.IntPtr*",
                _ => type,
            };
        }

        private static string ManagedTypeWithNint(QwaveParameter parameter) => parameter.Kind switch
        {
            AbiKind.Handle => "nint",
            AbiKind.HandlePointer => "nint*",
            AbiKind.Socket => "nint",
            AbiKind.SockAddrPointer => "void*",
            AbiKind.VersionPointer => "global::QosAnalyzers.Interop.QOS_VERSION*",
            AbiKind.Enum32 => parameter.EnumType is null ? "int" : "global::QosAnalyzers.Interop." + parameter.EnumType,
            AbiKind.UInt32 => "uint",
            AbiKind.FlowId => "uint",
            AbiKind.FlowIdPointer => "uint*",
            AbiKind.UInt32Pointer => "uint*",
            AbiKind.BufferPointer => "void*",
            AbiKind.OverlappedPointer => "global::System.Threading.NativeOverlapped*",
            _ => "nint",
        };

        private static string Direction(ParameterDirection direction) => direction switch
        {
            ParameterDirection.Out => "out",
            ParameterDirection.InOut => "in/out",
            _ => "in",
        };

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
