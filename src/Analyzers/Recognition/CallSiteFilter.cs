using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>
    /// Tells, per syntax tree, whether the tree can hold a call any rule inspects, so that the rules
    /// skip the method bodies and invocations of every other file without looking at them. A call
    /// names its target: a tree can only call a qWAVE binding, or the package API, if its text
    /// contains one of the names those methods are declared under.
    /// </summary>
    /// <remarks>
    /// The names, collected once per compilation: the eleven exports (bindings named after their
    /// export, CsWin32, <c>[QwaveNativeMethods]</c> output, QwaveEntryPoint-marked runtime methods);
    /// every source method that is a qWAVE binding under another name (found among the extern,
    /// partial and QwaveEntryPoint-marked declarations, which cannot be anywhere else); the methods
    /// of <c>QosSession</c> and of the generated flow wrappers when the runtime is referenced, and
    /// the names of <c>[QosFlow]</c> classes (whose static <c>Add</c> is called through them); and the
    /// bindings and flow classes of references, read from their metadata (P/Invokes into qwave, QwaveEntryPoint and QosFlow
    /// attributes). Missed: identifiers spelled with Unicode escapes, and a static flow-class
    /// <c>Add</c> reached through <c>using static</c>. Where a reference's metadata cannot be read,
    /// the filter admits every tree.
    /// </remarks>
    internal sealed class CallSiteFilter
    {
        /// <summary>Admits every tree (code fixes, and compilations whose names cannot be bounded).</summary>
        public static readonly CallSiteFilter Everything = new CallSiteFilter(null);

        // Per thread, the last tree asked about: a driver visits one tree's operations in a row.
        [ThreadStatic]
        private static CallSiteFilter? t_lastFilter;

        [ThreadStatic]
        private static SyntaxTree? t_lastTree;

        [ThreadStatic]
        private static bool t_lastResult;

        private const string EntryPointMarker = PackageApi.EntryPointAttribute.ShortName;
        private const string FlowMarker = PackageApi.FlowAttribute.ShortName;

        private readonly string[]? _names;
        private readonly ConcurrentDictionary<SyntaxTree, bool> _trees = new ConcurrentDictionary<SyntaxTree, bool>();
        private readonly ConcurrentDictionary<SyntaxTree, string> _admittedTexts = new ConcurrentDictionary<SyntaxTree, string>();

        private CallSiteFilter(string[]? names)
        {
            _names = names;
        }

        /// <summary>The names a call site must mention, or null when every tree is admitted.</summary>
        public IReadOnlyCollection<string>? Names => _names;

        /// <summary>True when <paramref name="tree"/> can hold a call some rule inspects.</summary>
        public bool MayContainCall(SyntaxTree? tree)
        {
            if (_names is null || tree is null)
            {
                return true;
            }

            if (ReferenceEquals(t_lastFilter, this) && ReferenceEquals(t_lastTree, tree))
            {
                return t_lastResult;
            }

            if (!_trees.TryGetValue(tree, out bool result))
            {
                string text = tree.GetText().ToString();
                result = _trees.GetOrAdd(tree, MentionsAny(text, 0, text.Length, _names));
                if (result)
                {
                    // Kept for the per-body checks that follow (a copy only for texts not held as one string).
                    _admittedTexts.TryAdd(tree, text);
                }
            }

            t_lastFilter = this;
            t_lastTree = tree;
            t_lastResult = result;
            return result;
        }

        /// <summary>
        /// True when the text of <paramref name="node"/> (a method body, say) can hold a call some rule
        /// inspects: its file is admitted and its own span mentions one of the names.
        /// </summary>
        public bool MayContainCall(SyntaxNode node)
        {
            if (_names is null || !MayContainCall(node.SyntaxTree))
            {
                return _names is null;
            }

            return Mentions(node, _names);
        }

        /// <summary>True when the text of <paramref name="node"/>, in an admitted tree, contains one of <paramref name="names"/> as a whole identifier.</summary>
        public bool Mentions(SyntaxNode node, string[] names)
        {
            if (!_admittedTexts.TryGetValue(node.SyntaxTree, out string? text))
            {
                text = node.SyntaxTree.GetText().ToString();
            }

            return MentionsAny(text, node.Span.Start, node.Span.End, names);
        }

        /// <summary>True when <paramref name="name"/> is one of the names calls are recognized by (a [QosFlow] class's, for example).</summary>
        public bool IsName(string name) => _names is null || Array.BinarySearch(_names, name, StringComparer.Ordinal) >= 0;

        /// <summary>The filter for <paramref name="compilation"/>, which <paramref name="recognizer"/> recognizes calls of.</summary>
        public static CallSiteFilter Create(Compilation compilation, QwaveRecognizer recognizer, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (QwaveFunction function in QwaveCatalog.Functions)
            {
                names.Add(function.Name);
            }

            if (compilation.GetTypeByMetadataName(PackageApi.Session.MetadataName) is INamedTypeSymbol session)
            {
                // The session's operations, and the generated wrappers' members the rules look at.
                foreach (ISymbol member in session.GetMembers())
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, DeclaredAccessibility: Accessibility.Public } method
                        && !PackageApi.Session.EndSession.Contains(method.Name))
                    {
                        names.Add(method.Name);
                    }
                }

                foreach (string name in PackageApi.FlowWrapper.Inspected)
                {
                    names.Add(name);
                }

                // A wrapper's removal of one socket, which the flow rules follow like QosSession.RemoveSocketFromFlow.
                names.Add(PackageApi.FlowWrapper.RemoveSocket);
            }

            foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (assembly is ISourceAssemblySymbol project)
                {
                    // A project reference in the IDE: its declarations, as for this compilation's own.
                    AddSourceBindingNames(project.Compilation, recognizer, names, cancellationToken);
                    continue;
                }

                foreach (IModuleSymbol module in assembly.Modules)
                {
                    if (module.GetMetadata() is not ModuleMetadata metadata || MetadataBindingNames.Of(metadata) is not string[] declared)
                    {
                        return Everything;
                    }

                    names.UnionWith(declared);
                }
            }

            AddSourceBindingNames(compilation, recognizer, names, cancellationToken);
            var array = new string[names.Count];
            names.CopyTo(array);
            Array.Sort(array, StringComparer.Ordinal);
            return new CallSiteFilter(array);
        }

        /// <summary>Adds the names of the qWAVE bindings declared in the source of <paramref name="compilation"/> under a name that is not an export's.</summary>
        private static void AddSourceBindingNames(Compilation compilation, QwaveRecognizer recognizer, HashSet<string> names, CancellationToken cancellationToken)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // A binding is extern (DllImport), partial (LibraryImport) or marked QwaveEntryPoint; only
                // an extern or marked one can be a local function.
                string text = tree.GetText(cancellationToken).ToString();
                bool mayHaveLocalBinding = text.IndexOf("extern", StringComparison.Ordinal) >= 0 || text.IndexOf(EntryPointMarker, StringComparison.Ordinal) >= 0;
                if (!mayHaveLocalBinding && text.IndexOf("partial", StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                bool mayDeclareFlows = text.IndexOf(FlowMarker, StringComparison.Ordinal) >= 0;
                SemanticModel? model = null;
                IEnumerable<SyntaxNode> candidates = mayHaveLocalBinding
                    ? tree.GetRoot(cancellationToken).DescendantNodes()
                    : tree.GetRoot(cancellationToken).DescendantNodes(static n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax || n is TypeDeclarationSyntax);
                foreach (SyntaxNode node in candidates)
                {
                    SyntaxToken identifier;
                    switch (node)
                    {
                        case MethodDeclarationSyntax method when method.AttributeLists.Count > 0:
                            identifier = method.Identifier;
                            break;
                        case LocalFunctionStatementSyntax local when local.AttributeLists.Count > 0:
                            identifier = local.Identifier;
                            break;
                        case TypeDeclarationSyntax type when mayDeclareFlows && type.AttributeLists.Count > 0:
                            // A [QosFlow] class: its generated static Add/TryAdd are called through its name.
                            names.Add(type.Identifier.ValueText);
                            continue;
                        default:
                            continue;
                    }

                    if (names.Contains(identifier.ValueText))
                    {
                        continue;
                    }

                    model ??= compilation.GetSemanticModel(tree);
                    if (model.GetDeclaredSymbol(node, cancellationToken) is IMethodSymbol symbol && recognizer.Recognize(symbol) is not null)
                    {
                        names.Add(identifier.ValueText);
                    }
                }
            }
        }

        /// <summary>True when <paramref name="s"/> between <paramref name="start"/> and <paramref name="end"/> contains one of <paramref name="names"/> as a whole identifier.</summary>
        private static bool MentionsAny(string s, int start, int end, string[] names)
        {
            foreach (string name in names)
            {
                int last = end - name.Length;
                for (int at = start; at <= last; at++)
                {
                    at = s.IndexOf(name, at, last - at + name.Length, StringComparison.Ordinal);
                    if (at < 0)
                    {
                        break;
                    }

                    int after = at + name.Length;
                    if ((at == 0 || !IsIdentifierPart(s[at - 1])) && (after == s.Length || !IsIdentifierPart(s[after])))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // '@' is accepted before a name (verbatim identifiers); a letter, digit or '_' would make it part of a longer name.
        private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);
    }
}
