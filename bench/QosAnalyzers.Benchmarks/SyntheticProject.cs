using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QosAnalyzers.Benchmarks;

/// <summary>A deterministic project of ordinary C# files, optionally with qWAVE calls in some of them.</summary>
internal static class SyntheticProject
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        allowUnsafe: true,
        nullableContextOptions: NullableContextOptions.Enable,
        concurrentBuild: false);

    /// <summary>
    /// <paramref name="files"/> files; every <paramref name="qwaveEvery"/>-th one calls qWAVE (0: none),
    /// correctly or, with <paramref name="misuse"/>, with two mistakes per file (an ignored result and a
    /// close before the flow is removed).
    /// </summary>
    public static IReadOnlyList<SyntaxTree> Create(int files, int qwaveEvery, bool misuse = true)
    {
        var trees = new List<SyntaxTree>(files + 1);
        if (qwaveEvery > 0)
        {
            trees.Add(Parse("Native.cs", NativeMethods));
        }

        for (int i = 0; i < files; i++)
        {
            bool qwave = qwaveEvery > 0 && i % qwaveEvery == 0;
            trees.Add(Parse($"File{i}.cs", OrdinaryFile(i, qwave, misuse)));
        }

        return trees;
    }

    public static SyntaxTree Parse(string path, string text) => CSharpSyntaxTree.ParseText(text, ParseOptions, path, Encoding.UTF8);

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference>? extra = null) =>
        CSharpCompilation.Create("Synthetic", trees, References.Framework.Concat(extra ?? Array.Empty<MetadataReference>()), CompilationOptions);

    private const string NativeMethods = """
        using System.Runtime.InteropServices;
        using System.Threading;

        namespace Synthetic;

        internal static unsafe class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(ushort* version, out nint handle);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCloseHandle(nint handle);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSAddSocketToFlow(nint handle, nint socket, void* destAddr, int trafficType, uint flags, ref uint flowId);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSRemoveSocketFromFlow(nint handle, nint socket, uint flowId, uint flags);
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSSetFlow(nint handle, uint flowId, int operation, uint size, void* buffer, uint flags, NativeOverlapped* overlapped);
        }
        """;

    private static string OrdinaryFile(int index, bool qwave, bool misuse)
    {
        string n = index.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;

            namespace Synthetic.Area{{index % 17}};

            public sealed class Component{{n}}
            {
                private readonly List<int> _values = new();
                private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

                public int Count => _values.Count;

                public void Add(int value, string? name)
                {
                    if (value < 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(value));
                    }

                    _values.Add(value);
                    if (name is not null && !_names.ContainsKey(name))
                    {
                        _names[name] = value;
                    }
                }

                public int Sum()
                {
                    int total = 0;
                    for (int i = 0; i < _values.Count; i++)
                    {
                        total += _values[i] % 7 == 0 ? _values[i] * 2 : _values[i];
                    }

                    return total;
                }

                public string Describe()
                {
                    var sb = new StringBuilder();
                    foreach (KeyValuePair<string, int> pair in _names.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        sb.Append(pair.Key).Append('=').Append(pair.Value).Append(';');
                    }

                    return sb.ToString();
                }

                public IEnumerable<int> Evens() => _values.Where(v => v % 2 == 0).Select(v => v * {{n}});

                public static int Parse(string text) => int.TryParse(text, out int v) ? v : -1;

            """);

        if (qwave)
        {
            sb.Append("""
                    public static unsafe bool Prioritize(nint handle, nint socket)
                    {
                        uint flowId = 0;
                        if (!Qwave.QOSAddSocketToFlow(handle, socket, null, 4, 2, ref flowId))
                        {
                            return false;
                        }

                        uint dscp = 46;
                        bool marked = Qwave.QOSSetFlow(handle, flowId, 2, sizeof(uint), &dscp, 0, null);
                        bool removed = Qwave.QOSRemoveSocketFromFlow(handle, socket, flowId, 0);
                        return marked && removed;
                    }

                """);
            sb.Append(misuse
                ? """
                    public static void Careless(nint handle, nint socket)
                    {
                        uint flowId = 0;
                        Qwave.QOSAddSocketToFlow(handle, socket, null, 4, 2, ref flowId);
                        _ = Qwave.QOSCloseHandle(handle);
                    }

                """
                : """
                    public static void Careful(nint handle, nint socket)
                    {
                        uint flowId = 0;
                        if (Qwave.QOSAddSocketToFlow(handle, socket, null, 4, 2, ref flowId))
                        {
                            _ = Qwave.QOSRemoveSocketFromFlow(handle, socket, flowId, 0);
                        }

                        _ = Qwave.QOSCloseHandle(handle);
                    }

                """);
        }

        sb.Append("}\n");
        if (qwave)
        {
            // Class-based code as applications write it: the handle and the flow in fields, the teardown
            // through helpers (followed into their bodies and across the members), in the documented order.
            sb.Append($$"""

                public sealed class Channel{{n}} : IDisposable
                {
                    private readonly nint _handle;
                    private readonly nint _socket;
                    private uint _flowId;

                    public Channel{{n}}(nint handle, nint socket)
                    {
                        _handle = handle;
                        _socket = socket;
                    }

                    public bool Start() => Qwave.QOSAddSocketToFlow(_handle, _socket, null, 4, 2, ref _flowId);

                    public void Dispose()
                    {
                        DetachFlows();
                        ReleaseHandle();
                    }

                    private void DetachFlows()
                    {
                        if (_flowId != 0)
                        {
                            _ = Qwave.QOSRemoveSocketFromFlow(_handle, _socket, _flowId, 0);
                            _flowId = 0;
                        }
                    }

                    private void ReleaseHandle() => _ = Qwave.QOSCloseHandle(_handle);
                }

                """);
        }

        return sb.ToString();
    }
}
