using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using QosAnalyzers.Analyzers.Rules;
using QosAnalyzers.CodeFixes;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Analyzers.Tests.QOS005;

public class CodeFix
{
    private static Task Verify(string source, string fixedSource) =>
        Run.CodeFix<SignatureDoesNotMatchAbiAnalyzer, SignatureDoesNotMatchAbiCodeFix>(source, Bindings.Types, fixedSource);

    [Fact]
    public Task DllImport_with_IntPtr_keeps_IntPtr_names_and_bool() => Verify("""
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        static class Qwave
        {
            /// <summary>Creates the handle.</summary>
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(ref QOS_VERSION Version, [|out int QOSHandle|]);

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, [|int Socket|], IntPtr DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, [|out uint FlowId|]);
        }
        """, """
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        static class Qwave
        {
            /// <summary>Creates the handle.</summary>
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(ref QOS_VERSION Version, out IntPtr QOSHandle);

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, IntPtr Socket, IntPtr DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, ref uint FlowId);
        }
        """);

    [Fact]
    public Task DllImport_alias_with_nint_FlowId_by_value_and_by_reference() => Verify("""
        using System.Runtime.InteropServices;
        using Interop;

        static unsafe class Native
        {
            private const string Library = "QWAVE";

            [DllImport(Library, EntryPoint = "QOSSetFlow", SetLastError = true)]
            public static extern int SetFlow(nint handle, [|ref uint flow|], QOS_SET_FLOW operation, uint size, nint buffer, uint reserved, nint overlapped);

            [DllImport(Library, EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
            public static extern int RemoveSocket(nint handle, nint socket, [|int* flow|], uint reserved);

            [DllImport(Library, EntryPoint = "QOSAddSocketToFlow", SetLastError = true)]
            public static extern int AddSocket(nint handle, nint socket, void* destination, QOS_TRAFFIC_TYPE type, uint options, [|uint flow|]);
        }
        """, """
        using System.Runtime.InteropServices;
        using Interop;

        static unsafe class Native
        {
            private const string Library = "QWAVE";

            [DllImport(Library, EntryPoint = "QOSSetFlow", SetLastError = true)]
            public static extern int SetFlow(nint handle, uint flow, QOS_SET_FLOW operation, uint size, nint buffer, uint reserved, nint overlapped);

            [DllImport(Library, EntryPoint = "QOSRemoveSocketFromFlow", SetLastError = true)]
            public static extern int RemoveSocket(nint handle, nint socket, int flow, uint reserved);

            [DllImport(Library, EntryPoint = "QOSAddSocketToFlow", SetLastError = true)]
            public static extern int AddSocket(nint handle, nint socket, void* destination, QOS_TRAFFIC_TYPE type, uint options, uint* flow);
        }
        """);

    [Fact]
    public Task BOOL_returns_in_both_import_styles() => Verify("""
        using System.Runtime.InteropServices;

        static partial class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.U1)]
            public static extern [|bool|] QOSCloseHandle(nint handle);

            [DllImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            public static extern [|byte|] CloseByte(nint handle);

            [LibraryImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            internal static partial [|bool|] {|SYSLIB1051:CloseLibrary|}(nint handle);

            [LibraryImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.I1)]
            internal static partial [|bool|] CloseLibraryI1(nint handle);
        }
        """, """
        using System.Runtime.InteropServices;

        static partial class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            public static extern bool QOSCloseHandle(nint handle);

            [DllImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            public static extern int CloseByte(nint handle);

            [LibraryImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool CloseLibrary(nint handle);

            [LibraryImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool CloseLibraryI1(nint handle);
        }
        """);

    [Fact]
    public Task LibraryImport_pointers_enum_widened_and_Cdecl_dropped() => Verify("""
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;

        enum SetOperation : byte { TrafficType, OutgoingRate, Dscp }

        static unsafe partial class Qos
        {
            [LibraryImport("qwave", SetLastError = true)]
            [[|UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })|]]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSSetFlow(nint QOSHandle, uint FlowId, [|SetOperation Operation|], [|ulong Size|], void* Buffer, [|[MarshalAs(UnmanagedType.U2)] uint {|SYSLIB1052:Flags|}|], [|ref System.Threading.NativeOverlapped {|SYSLIB1051:Overlapped|}|]);
        }
        """, """
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Threading;

        enum SetOperation { TrafficType, OutgoingRate, Dscp }

        static unsafe partial class Qos
        {
            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSSetFlow(nint QOSHandle, uint FlowId, SetOperation Operation, uint Size, void* Buffer, uint Flags, NativeOverlapped* Overlapped);
        }
        """);

    [Fact]
    public Task Entry_point_module_and_calling_convention() => Verify("""
        using System;
        using System.Runtime.InteropServices;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool [|QosCloseHandle|](IntPtr handle);

            [DllImport([|"qos2.dll"|], [|EntryPoint = "QOSCancelW"|], [|CallingConvention = CallingConvention.Cdecl|], SetLastError = true)]
            public static extern bool Cancel(IntPtr handle, IntPtr overlapped);
        }
        """, """
        using System;
        using System.Runtime.InteropServices;

        static class Qwave
        {
            [DllImport("qwave.dll", EntryPoint = "QOSCloseHandle", SetLastError = true)]
            public static extern bool QosCloseHandle(IntPtr handle);

            [DllImport("qwave.dll", EntryPoint = "QOSCancel", SetLastError = true)]
            public static extern bool Cancel(IntPtr handle, IntPtr overlapped);
        }
        """);

    [Fact]
    public Task Order_and_count_are_restored_with_the_users_names() => Verify("""
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSAddSocketToFlow[|(IntPtr QOSHandle, IntPtr Socket, IntPtr DestAddr, QOS_TRAFFIC_TYPE TrafficType, ref uint FlowId, uint Flags)|];

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSSetFlow[|(IntPtr handle, uint flowId, QOS_SET_FLOW operation, uint size, IntPtr buffer, IntPtr overlapped)|];
        }
        """, """
        using System;
        using System.Runtime.InteropServices;
        using Interop;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, IntPtr Socket, IntPtr DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, ref uint FlowId);

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSSetFlow(IntPtr handle, uint flowId, QOS_SET_FLOW operation, uint size, IntPtr buffer, uint flags, IntPtr overlapped);
        }
        """);

    [Fact]
    public Task Values_become_references_and_OVERLAPPEDs_pointers_or_nint() => Verify("""
        using System;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interop;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle([|QOS_VERSION Version|], out IntPtr QOSHandle);

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSNotifyFlow(IntPtr QOSHandle, uint FlowId, QOS_NOTIFY_FLOW Operation, [|out uint Size|], ref ulong Buffer, uint Flags, [|ref NativeOverlapped Overlapped|]);

            [DllImport("qwave.dll", [|PreserveSig = false|], SetLastError = true)]
            public static extern int QOSCloseHandle(IntPtr QOSHandle);
        }
        """, """
        using System;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interop;

        static class Qwave
        {
            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSCreateHandle(in QOS_VERSION Version, out IntPtr QOSHandle);

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern bool QOSNotifyFlow(IntPtr QOSHandle, uint FlowId, QOS_NOTIFY_FLOW Operation, ref uint Size, ref ulong Buffer, uint Flags, IntPtr Overlapped);

            [DllImport("qwave.dll", SetLastError = true)]
            public static extern int QOSCloseHandle(IntPtr QOSHandle);
        }
        """);

    [Fact]
    public Task Native_structs_get_the_qos2_layout() => Run.CodeFix<SignatureDoesNotMatchAbiAnalyzer, SignatureDoesNotMatchAbiCodeFix>("""
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential, [|Pack = 1|])]
        struct QOS_FLOW_FUNDAMENTALS
        {
            public int BottleneckBandwidthSet;
            public ulong BottleneckBandwidth;
            public int AvailableBandwidthSet;
            public ulong AvailableBandwidth;
            public int RTTSet;
            public uint RTT;
        }

        struct QOS_FLOWRATE_OUTGOING
        {
            public [|uint|] Bandwidth;
            public int ShapingBehavior;
            public int Reason;
        }

        struct PacketPriority
        {
            public uint ConformantDSCPValue, NonConformantDSCPValue, ConformantL2Value;
            public [|byte|] NonConformantL2Value;
        }

        [StructLayout(LayoutKind.Explicit)]
        struct QosFlowrateOutgoing
        {
            [FieldOffset(0)] public ulong Bandwidth;
            [FieldOffset(4)] public [|int|] ShapingBehavior;
            [FieldOffset(12)] public int Reason;
        }
        """,
        Bindings.DllImportBool,
        """
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        struct QOS_FLOW_FUNDAMENTALS
        {
            public int BottleneckBandwidthSet;
            public ulong BottleneckBandwidth;
            public int AvailableBandwidthSet;
            public ulong AvailableBandwidth;
            public int RTTSet;
            public uint RTT;
        }

        struct QOS_FLOWRATE_OUTGOING
        {
            public ulong Bandwidth;
            public int ShapingBehavior;
            public int Reason;
        }

        struct PacketPriority
        {
            public uint ConformantDSCPValue;
            public uint NonConformantDSCPValue;
            public uint ConformantL2Value;
            public uint NonConformantL2Value;
        }

        [StructLayout(LayoutKind.Explicit)]
        struct QosFlowrateOutgoing
        {
            [FieldOffset(0)] public ulong Bandwidth;
            [FieldOffset(8)] public int ShapingBehavior;
            [FieldOffset(12)] public int Reason;
        }
        """);

    /// <summary>Every declaration the diagnostic tests report, fixed one diagnostic at a time: QOS005 must accept the result, and it must compile.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_fix_repairs_every_reported_declaration(string name)
    {
        string source = Markup.Parse((string)typeof(WrongDeclarations).GetField(name)!.GetValue(null)!).Source;
        var analyzer = new SignatureDoesNotMatchAbiAnalyzer();
        var fix = new SignatureDoesNotMatchAbiCodeFix();
        Project project = CreateProject(source, Bindings.DllImportBool);
        for (int round = 0; ; round++)
        {
            Compilation compilation = (await project.GetCompilationAsync())!;
            AnalysisRun run = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(analyzer));
            Assert.Empty(run.AnalyzerFailures);
            Diagnostic[] remaining = run.AnalyzerDiagnostics.Where(d => d.Id == "QOS005" && d.Location.SourceTree!.FilePath == "Test0.cs").ToArray();
            Document document = project.Documents.First(d => d.Name == "Test0.cs");
            if (remaining.Length == 0)
            {
                Assert.True(round > 0, "nothing was reported");
                Diagnostic[] errors = run.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())) + "\n" + (await document.GetTextAsync()));
                return;
            }

            // Unknown entry points have no fix: nothing says which function was meant.
            var actions = new List<CodeAction>();
            foreach (Diagnostic diagnostic in remaining)
            {
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                if (actions.Count > 0)
                {
                    break;
                }
            }

            if (actions.Count == 0)
            {
                Assert.All(remaining, d => Assert.Contains("exports no", d.GetMessage(), StringComparison.Ordinal));
                return;
            }

            Assert.True(round < 40, "the fix does not converge:\n" + (await document.GetTextAsync()));
            var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
            project = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;
        }
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(WrongDeclarations).GetFields())
        {
            data.Add(field.Name);
        }

        return data;
    }

    private static Project CreateProject(params string[] sources)
    {
        var workspace = new AdhocWorkspace();
        ProjectId id = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            id,
            VersionStamp.Default,
            TestProject.ProjectName,
            TestProject.ProjectName,
            LanguageNames.CSharp,
            compilationOptions: TestProject.CompilationOptions,
            parseOptions: TestProject.ParseOptions,
            metadataReferences: TargetFrameworks.References(TargetFrameworks.Default)));
        for (int i = 0; i < sources.Length; i++)
        {
            string path = "Test" + i + ".cs";
            solution = solution.AddDocument(DocumentId.CreateNewId(id, path), path, SourceText.From(sources[i], Encoding.UTF8), filePath: path);
        }

        return solution.GetProject(id)!;
    }
}
