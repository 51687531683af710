using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Analyzers.Abi;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.CodeFixes
{
    /// <summary>
    /// Rewrites a qWAVE import to the canonical signature in the declaration's own style: DllImport or
    /// LibraryImport as declared, nint or IntPtr as the file spells it, pointers where the declaration
    /// already uses them, the user's names and every parameter that is already right kept as written.
    /// </summary>
    internal sealed class AbiDeclarationRewriter
    {
        private readonly SemanticModel _model;
        private readonly SyntaxNode _declaration;
        private readonly AbiSignature _signature;
        private readonly QwaveFunction _function;
        private readonly int _position;
        private CompilationUnitSyntax _scratchRoot;

        private AbiDeclarationRewriter(SemanticModel model, SyntaxNode declaration, AbiSignature signature, QwaveFunction function)
        {
            _model = model;
            _declaration = declaration;
            _signature = signature;
            _function = function;
            _position = declaration.SpanStart;
            _scratchRoot = (CompilationUnitSyntax)declaration.SyntaxTree.GetRoot();
        }

        /// <summary>Replacements for the declaration (and an enum declared in the same file), with the namespaces the new text needs.</summary>
        public static bool TryRewrite(SemanticModel model, SyntaxNode declaration, Dictionary<SyntaxNode, SyntaxNode> replacements, HashSet<string> namespaces, CancellationToken cancellationToken)
        {
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method
                || ImportDeclaration.TryRead(method) is not ImportDeclaration import
                || AbiSignature.Judge(import) is not AbiSignature signature
                || signature.Function is not QwaveFunction function
                || signature.Problems.IsEmpty)
            {
                return false;
            }

            var rewriter = new AbiDeclarationRewriter(model, declaration, signature, function);
            SyntaxNode rewritten = rewriter.Rewrite(replacements, cancellationToken);
            replacements[declaration] = rewritten;
            foreach (UsingDirectiveSyntax directive in rewriter._scratchRoot.Usings)
            {
                namespaces.Add(directive.Name.ToString());
            }

            foreach (UsingDirectiveSyntax directive in ((CompilationUnitSyntax)declaration.SyntaxTree.GetRoot(cancellationToken)).Usings)
            {
                namespaces.Remove(directive.Name.ToString());
            }

            return true;
        }

        private SyntaxNode Rewrite(Dictionary<SyntaxNode, SyntaxNode> replacements, CancellationToken cancellationToken)
        {
            ImportDeclaration import = _signature.Import;
            SyntaxList<AttributeListSyntax> attributeLists = AttributeLists(_declaration);
            TypeSyntax returnType = ReturnType(_declaration);
            ParameterListSyntax parameterList = ParameterList(_declaration);

            // Return: a 4-byte BOOL.
            bool fixReturn = AbiSignature.JudgeReturn(import) is not null;
            bool dropReturnMarshalAs = false;
            bool addReturnMarshalAsBool = false;
            if (fixReturn)
            {
                bool isBool = import.Method.ReturnType.SpecialType == SpecialType.System_Boolean;
                if (isBool && !(import.Style == ImportStyle.DllImport && import.RuntimeMarshallingDisabled))
                {
                    dropReturnMarshalAs = true;
                    addReturnMarshalAsBool = import.Style == ImportStyle.LibraryImport || HasReturnMarshalAs(attributeLists);
                }
                else
                {
                    dropReturnMarshalAs = true;
                    returnType = SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)).WithTriviaFrom(returnType);
                }
            }

            // Attributes: module, entry point, calling convention, PreserveSig, return marshalling.
            var lists = new List<AttributeListSyntax>();
            SyntaxTriviaList orphanedLeading = SyntaxTriviaList.Empty;
            AttributeSyntax? importAttribute = import.Attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            foreach (AttributeListSyntax list in attributeLists)
            {
                bool isReturn = list.Target?.Identifier.IsKind(SyntaxKind.ReturnKeyword) == true;
                var kept = new List<AttributeSyntax>();
                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    if (attribute == importAttribute)
                    {
                        kept.Add(FixImportAttribute(attribute));
                    }
                    else if (import.BadCallingConvention is not null && IsNamed(attribute, "UnmanagedCallConv"))
                    {
                        continue;
                    }
                    else if (isReturn && dropReturnMarshalAs && IsNamed(attribute, "MarshalAs"))
                    {
                        continue;
                    }
                    else
                    {
                        kept.Add(attribute);
                    }
                }

                if (kept.Count == 0)
                {
                    // Keep what preceded the dropped list (doc comments, indentation) on what follows.
                    orphanedLeading = lists.Count == 0 ? orphanedLeading.AddRange(list.GetLeadingTrivia()) : orphanedLeading;
                    continue;
                }

                AttributeListSyntax updated = list.WithAttributes(SyntaxFactory.SeparatedList(kept, list.Attributes.GetSeparators().Take(kept.Count - 1)));
                if (lists.Count == 0 && orphanedLeading.Count > 0)
                {
                    updated = updated.WithLeadingTrivia(orphanedLeading);
                    orphanedLeading = SyntaxTriviaList.Empty;
                }

                lists.Add(updated);
            }

            if (addReturnMarshalAsBool && lists.Count > 0)
            {
                AttributeListSyntax last = lists[lists.Count - 1];
                SyntaxTriviaList indentation = SyntaxFactory.TriviaList(last.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
                string marshalAs = AttributeName("System.Runtime.InteropServices.MarshalAsAttribute");
                string unmanagedType = TypeName("System.Runtime.InteropServices.UnmanagedType");
                AttributeListSyntax added = SyntaxFactory.AttributeList(
                    SyntaxFactory.AttributeTargetSpecifier(
                        SyntaxFactory.Token(SyntaxKind.ReturnKeyword),
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.ColonToken, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(
                        SyntaxFactory.ParseName(marshalAs),
                        SyntaxFactory.ParseAttributeArgumentList("(" + unmanagedType + ".Bool)"))));
                lists.Add(added.WithLeadingTrivia(indentation).WithTrailingTrivia(last.GetTrailingTrivia()));
            }

            SyntaxNode result = WithParts(_declaration, SyntaxFactory.List(lists), returnType, RewriteParameters(parameterList, replacements));
            if (lists.Count == 0 && orphanedLeading.Count > 0)
            {
                result = result.WithLeadingTrivia(orphanedLeading);
            }

            return result;
        }

        private AttributeSyntax FixImportAttribute(AttributeSyntax attribute)
        {
            if (attribute.ArgumentList is null)
            {
                return attribute;
            }

            AttributeArgumentListSyntax list = attribute.ArgumentList;
            var arguments = list.Arguments;
            if (_signature.ModuleIsWrong && arguments.FirstOrDefault(a => a.NameEquals is null) is AttributeArgumentSyntax module)
            {
                arguments = arguments.Replace(module, module.WithExpression(Literal(QwaveCatalog.ModuleName).WithTriviaFrom(module.Expression)));
            }

            foreach (string name in new[] { "CallingConvention", "PreserveSig" })
            {
                if ((name == "CallingConvention" ? _signature.Import.BadCallingConvention is not null : !_signature.Import.PreserveSig)
                    && arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is AttributeArgumentSyntax bad)
                {
                    arguments = arguments.Remove(bad);
                }
            }

            if (_signature.CorrectEntryPoint is string entryPoint)
            {
                if (arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "EntryPoint") is AttributeArgumentSyntax existing)
                {
                    arguments = arguments.Replace(existing, existing.WithExpression(Literal(entryPoint).WithTriviaFrom(existing.Expression)));
                }
                else
                {
                    AttributeArgumentSyntax added = SyntaxFactory.AttributeArgument(
                        SyntaxFactory.NameEquals(
                            SyntaxFactory.IdentifierName("EntryPoint"),
                            SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
                        nameColon: null,
                        Literal(entryPoint));
                    int at = arguments.TakeWhile(a => a.NameEquals is null && a.NameColon is null).Count();
                    var nodes = arguments.ToList();
                    nodes.Insert(at, added);
                    arguments = SyntaxFactory.SeparatedList(nodes, Enumerable.Repeat(Comma(), nodes.Count - 1));
                }
            }

            return attribute.WithArgumentList(list.WithArguments(arguments));
        }

        private ParameterListSyntax RewriteParameters(ParameterListSyntax original, Dictionary<SyntaxNode, SyntaxNode> replacements)
        {
            IReadOnlyList<IParameterSymbol?> mapping = _signature.Mapping;
            ImportDeclaration import = _signature.Import;
            var declared = import.Method.Parameters;
            bool changed = declared.Length != _function.Parameters.Count;
            for (int i = 0; i < mapping.Count && !changed; i++)
            {
                changed = mapping[i] is not IParameterSymbol p
                    || p.Ordinal != i
                    || AbiSignature.JudgeParameter(_function, _function.Parameters[i], p, import) is not null;
            }

            if (!changed)
            {
                return original;
            }

            var style = new Style(this, original);
            var parts = new List<string>();
            var usedNames = new HashSet<string>(declared.Select(p => p.Name), StringComparer.Ordinal);
            for (int i = 0; i < _function.Parameters.Count; i++)
            {
                QwaveParameter native = _function.Parameters[i];
                IParameterSymbol? parameter = i < mapping.Count ? mapping[i] : null;
                ParameterSyntax? syntax = parameter is null ? null : SyntaxOf(original, parameter);
                if (parameter is not null && syntax is not null && AbiSignature.JudgeParameter(_function, native, parameter, import) is null)
                {
                    parts.Add(syntax.WithoutTrivia().ToString());
                    continue;
                }

                string name;
                string attributes = string.Empty;
                if (syntax is not null)
                {
                    name = syntax.Identifier.Text;
                    attributes = string.Concat(syntax.AttributeLists.Where(l => !l.Attributes.Any(a => IsNamed(a, "MarshalAs"))).Select(l => l.WithoutTrivia().ToString() + " "));
                }
                else
                {
                    string baseName = style.CamelCase ? native.ManagedName : native.Name;
                    name = baseName;
                    for (int n = 2; !usedNames.Add(name); n++)
                    {
                        name = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                parts.Add(attributes + Canonical(native, parameter, syntax, style, replacements) + " " + name);
            }

            ParameterListSyntax rebuilt = SyntaxFactory.ParseParameterList("(" + string.Join(", ", parts) + ")");
            return rebuilt.WithTriviaFrom(original);
        }

        /// <summary>The modifiers and type of a parameter that fits <paramref name="native"/>, keeping the user's element type where it fits.</summary>
        private string Canonical(QwaveParameter native, IParameterSymbol? declared, ParameterSyntax? syntax, Style style, Dictionary<SyntaxNode, SyntaxNode> replacements)
        {
            (ITypeSymbol? element, TypeSyntax? elementSyntax) = Element(declared, syntax);
            string elementText = elementSyntax?.WithoutTrivia().ToString() ?? string.Empty;
            // int, uint and enums over them are kept as written; a wrapper struct is not a by-value DWORD spelling to keep.
            bool keep32 = element is not null && ManagedAbi.Is32BitValue(element)
                && (element.SpecialType == SpecialType.System_Int32 || element.SpecialType == SpecialType.System_UInt32 || element.TypeKind == TypeKind.Enum);
            switch (native.Kind)
            {
                case AbiKind.Handle:
                case AbiKind.Socket:
                    return style.IntPtr;

                case AbiKind.HandlePointer:
                    return style.Pointers ? style.IntPtr + "*" : "out " + style.IntPtr;

                case AbiKind.Enum32:
                    if (element is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType && declared?.RefKind == RefKind.None && TryWidenEnum(enumType, replacements))
                    {
                        return elementText;
                    }

                    return keep32 ? elementText : "int";

                case AbiKind.UInt32:
                case AbiKind.FlowId:
                    return keep32 ? elementText : "uint";

                case AbiKind.FlowIdPointer:
                case AbiKind.UInt32Pointer:
                {
                    string target = keep32 ? elementText : "uint";
                    return style.Pointers ? target + "*" : "ref " + target;
                }

                case AbiKind.OverlappedPointer:
                    return style.Unsafe ? TypeName("System.Threading.NativeOverlapped") + "*" : style.IntPtr;

                default:
                    // Version, sockaddr and buffers: a value type the user meant to pass keeps its type, by reference.
                    if (element is not null && element.IsValueType && !ManagedAbi.IsIntPtr(element) && element.TypeKind != TypeKind.Pointer && elementSyntax is not null)
                    {
                        string modifier = native.Direction switch
                        {
                            ParameterDirection.In => "in ",
                            ParameterDirection.Out => "out ",
                            _ => "ref ",
                        };
                        return modifier + elementText;
                    }

                    return style.Pointers ? "void*" : style.IntPtr;
            }
        }

        /// <summary>Gives an enum declared in this file the 4-byte int underlying type, when its values allow.</summary>
        private bool TryWidenEnum(INamedTypeSymbol enumType, Dictionary<SyntaxNode, SyntaxNode> replacements)
        {
            if (enumType.DeclaringSyntaxReferences.Length != 1
                || enumType.DeclaringSyntaxReferences[0].SyntaxTree != _declaration.SyntaxTree
                || enumType.DeclaringSyntaxReferences[0].GetSyntax() is not EnumDeclarationSyntax declaration)
            {
                return false;
            }

            foreach (ISymbol member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field
                    && Convert.ToDecimal(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) is decimal value
                    && (value < int.MinValue || value > int.MaxValue))
                {
                    return false;
                }
            }

            if (!replacements.ContainsKey(declaration) && declaration.BaseList is not null)
            {
                SyntaxToken identifier = declaration.Identifier.WithTrailingTrivia(declaration.BaseList.GetTrailingTrivia());
                replacements[declaration] = declaration.WithBaseList(null).WithIdentifier(identifier);
            }

            return true;
        }

        private static (ITypeSymbol? Type, TypeSyntax? Syntax) Element(IParameterSymbol? declared, ParameterSyntax? syntax)
        {
            if (declared is null || syntax?.Type is not TypeSyntax type)
            {
                return (null, null);
            }

            if (declared.RefKind == RefKind.None && declared.Type is IPointerTypeSymbol pointer && type is PointerTypeSyntax pointerSyntax)
            {
                return (pointer.PointedAtType, pointerSyntax.ElementType);
            }

            if (declared.RefKind == RefKind.None && declared.Type is IArrayTypeSymbol array && type is ArrayTypeSyntax arraySyntax)
            {
                return (array.ElementType, arraySyntax.ElementType);
            }

            return (declared.Type, type);
        }

        private static ParameterSyntax? SyntaxOf(ParameterListSyntax list, IParameterSymbol parameter) =>
            parameter.Ordinal < list.Parameters.Count ? list.Parameters[parameter.Ordinal] : null;

        private string TypeName(string metadataName) => UsingDirectives.NameFor(_model, _position, metadataName, ref _scratchRoot);

        private string AttributeName(string metadataName)
        {
            string name = TypeName(metadataName);
            return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
        }

        private static bool HasReturnMarshalAs(SyntaxList<AttributeListSyntax> lists) =>
            lists.Any(l => l.Target?.Identifier.IsKind(SyntaxKind.ReturnKeyword) == true && l.Attributes.Any(a => IsNamed(a, "MarshalAs")));

        internal static bool IsNamed(AttributeSyntax attribute, string name)
        {
            string text = attribute.Name switch
            {
                QualifiedNameSyntax q => q.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
                SimpleNameSyntax s => s.Identifier.ValueText,
                _ => attribute.Name.ToString(),
            };
            return text == name || text == name + "Attribute";
        }

        private static LiteralExpressionSyntax Literal(string value) =>
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));

        private static SyntaxToken Comma() =>
            SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space));

        private static SyntaxList<AttributeListSyntax> AttributeLists(SyntaxNode declaration) => declaration switch
        {
            MethodDeclarationSyntax m => m.AttributeLists,
            LocalFunctionStatementSyntax l => l.AttributeLists,
            _ => default,
        };

        private static TypeSyntax ReturnType(SyntaxNode declaration) => declaration switch
        {
            MethodDeclarationSyntax m => m.ReturnType,
            LocalFunctionStatementSyntax l => l.ReturnType,
            _ => throw new ArgumentException("not a method", nameof(declaration)),
        };

        private static ParameterListSyntax ParameterList(SyntaxNode declaration) => declaration switch
        {
            MethodDeclarationSyntax m => m.ParameterList,
            LocalFunctionStatementSyntax l => l.ParameterList,
            _ => throw new ArgumentException("not a method", nameof(declaration)),
        };

        private static SyntaxNode WithParts(SyntaxNode declaration, SyntaxList<AttributeListSyntax> attributes, TypeSyntax returnType, ParameterListSyntax parameters) => declaration switch
        {
            MethodDeclarationSyntax m => m.WithAttributeLists(attributes).WithReturnType(returnType).WithParameterList(parameters),
            LocalFunctionStatementSyntax l => l.WithAttributeLists(attributes).WithReturnType(returnType).WithParameterList(parameters),
            _ => declaration,
        };

        /// <summary>How the declaration already spells things.</summary>
        private sealed class Style
        {
            public Style(AbiDeclarationRewriter owner, ParameterListSyntax parameters)
            {
                Unsafe = UnsafeContext.Contains(owner._declaration);
                Pointers = Unsafe && owner._declaration.DescendantNodes().OfType<PointerTypeSyntax>().Any();
                int lower = parameters.Parameters.Count(p => p.Identifier.ValueText.Length > 0 && char.IsLower(p.Identifier.ValueText[0]));
                int upper = parameters.Parameters.Count - lower;
                CamelCase = lower > upper;
                IntPtr = PreferIntPtr(owner, parameters) ? owner.TypeName("System.IntPtr") : "nint";
            }

            /// <summary>The method or a containing type is unsafe: pointer types may be written.</summary>
            public bool Unsafe { get; }

            /// <summary>The declaration already passes pointers: missing or wrong pointer parameters become pointers too.</summary>
            public bool Pointers { get; }

            public bool CamelCase { get; }

            public string IntPtr { get; }

            private static bool PreferIntPtr(AbiDeclarationRewriter owner, ParameterListSyntax parameters)
            {
                static bool IsIntPtrName(SyntaxNode n) => n is IdentifierNameSyntax { Identifier.ValueText: "IntPtr" or "UIntPtr" };
                static bool IsNint(SyntaxNode n) => n is IdentifierNameSyntax { Identifier.ValueText: "nint" or "nuint" };

                // nint needs C# 9: a .NET Framework project (C# 7.3 by default) gets IntPtr.
                if (owner._declaration.SyntaxTree.Options is Microsoft.CodeAnalysis.CSharp.CSharpParseOptions { LanguageVersion: < Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9 })
                {
                    return true;
                }

                if (parameters.DescendantNodes().Any(IsIntPtrName))
                {
                    return true;
                }

                if (parameters.DescendantNodes().Any(IsNint))
                {
                    return false;
                }

                SyntaxNode root = owner._declaration.SyntaxTree.GetRoot();
                return !root.DescendantNodes().Any(IsNint) && root.DescendantNodes().Any(IsIntPtrName);
            }
        }
    }
}
