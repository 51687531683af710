using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using QosAnalyzers.Testing;

namespace QosAnalyzers.Tests.Shared;

/// <summary>
/// Correct qWAVE code in every binding style, with the frameworks each style can be written for. Every
/// analyzer the package ships must report nothing on any of it (AllAnalyzersValid, and the Roslyn floor leg).
/// </summary>
public static partial class ValidCorpus
{
    /// <summary>One case: its documents, the frameworks it compiles for, and whether it uses this package's API.</summary>
    public sealed record Case(string Name, ImmutableArray<string> Sources, ImmutableArray<ReferenceAssemblies> Frameworks, bool UsesPackageApi);

    private static readonly ImmutableArray<ReferenceAssemblies> Everywhere = ImmutableArray.Create(TargetFrameworks.Net472, TargetFrameworks.Net80, TargetFrameworks.Net100);
    private static readonly ImmutableArray<ReferenceAssemblies> DotNet = ImmutableArray.Create(TargetFrameworks.Net80, TargetFrameworks.Net100);

    public static IEnumerable<Case> Cases { get; } = new[]
    {
        new Case("DllImport, IntPtr and GetLastWin32Error, C# 7.3", ImmutableArray.Create(DllImportSender, DllImportBindings), Everywhere, UsesPackageApi: false),
        new Case("LibraryImport with pointers, GetLastPInvokeError", ImmutableArray.Create(LibraryImportSender, LibraryImportBindings), DotNet, UsesPackageApi: false),
        new Case("DisableRuntimeMarshalling with CsWin32-style BOOL and HANDLE", ImmutableArray.Create(CsWin32Sender, CsWin32Bindings), DotNet, UsesPackageApi: false),
        new Case("This package's session and generated flows", ImmutableArray.Create(PackageApiSender), DotNet, UsesPackageApi: true),
        new Case("Classes: SafeHandle, Dispose(bool) through helpers, flows in collections, a static manager, pending forms", ImmutableArray.Create(DllImportClasses), Everywhere, UsesPackageApi: false),
        new Case("Classes with LibraryImport pointers: flows in a list, a reconnect, ids pinned in fields", ImmutableArray.Create(PointerClasses), DotNet, UsesPackageApi: false),
    };

    /// <summary>The documented lifecycle, as .NET Framework code writes it: handle, flow, DSCP, notification, remove, close.</summary>
    public const string DllImportSender = """
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Corpus.Interop;

        namespace Corpus
        {
            public sealed class VoiceSender : IDisposable
            {
                private const int ErrorIoPending = 997;
                private readonly IntPtr _handle;
                private readonly IntPtr _socket;
                private uint _flowId;
                private bool _disposed;

                public VoiceSender(IntPtr socket)
                {
                    var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                    IntPtr handle;
                    if (!Qwave.QOSCreateHandle(ref version, out handle))
                    {
                        throw new Win32Exception(Marshal.GetLastWin32Error());
                    }

                    _handle = handle;
                    _socket = socket;
                }

                public void Start()
                {
                    uint flowId = 0;
                    if (!Qwave.QOSAddSocketToFlow(_handle, _socket, IntPtr.Zero, QOS_TRAFFIC_TYPE.QOSTrafficTypeVoice, Qwave.QOS_NON_ADAPTIVE_FLOW, ref flowId))
                    {
                        throw new Win32Exception(Marshal.GetLastWin32Error());
                    }

                    _flowId = flowId;
                }

                public bool TrySetDscp(uint dscp)
                {
                    IntPtr buffer = Marshal.AllocHGlobal(sizeof(uint));
                    try
                    {
                        Marshal.WriteInt32(buffer, (int)dscp);
                        return Qwave.QOSSetFlow(_handle, _flowId, QOS_SET_FLOW.QOSSetOutgoingDSCPValue, sizeof(uint), buffer, 0, IntPtr.Zero);
                    }
                    finally
                    {
                        Marshal.FreeHGlobal(buffer);
                    }
                }

                public void Dispose()
                {
                    if (_disposed)
                    {
                        return;
                    }

                    _disposed = true;
                    if (!Qwave.QOSRemoveSocketFromFlow(_handle, IntPtr.Zero, _flowId, 0))
                    {
                        int error = Marshal.GetLastWin32Error();
                        if (error == ErrorIoPending)
                        {
                            return;
                        }
                    }

                    if (!Qwave.QOSCloseHandle(_handle))
                    {
                        throw new Win32Exception(Marshal.GetLastWin32Error());
                    }
                }
            }
        }
        """;

    public const string DllImportBindings = """
        using System;
        using System.Runtime.InteropServices;

        namespace Corpus.Interop
        {
            public enum QOS_TRAFFIC_TYPE { QOSTrafficTypeBestEffort = 0, QOSTrafficTypeBackground = 1, QOSTrafficTypeExcellentEffort = 2, QOSTrafficTypeAudioVideo = 3, QOSTrafficTypeVoice = 4, QOSTrafficTypeControl = 5 }
            public enum QOS_SET_FLOW { QOSSetTrafficType = 0, QOSSetOutgoingRate = 1, QOSSetOutgoingDSCPValue = 2 }

            [StructLayout(LayoutKind.Sequential)]
            public struct QOS_VERSION { public ushort MajorVersion; public ushort MinorVersion; }

            internal static class Qwave
            {
                public const uint QOS_NON_ADAPTIVE_FLOW = 0x00000002;

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSCreateHandle(ref QOS_VERSION Version, out IntPtr QOSHandle);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSCloseHandle(IntPtr QOSHandle);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSAddSocketToFlow(IntPtr QOSHandle, IntPtr Socket, IntPtr DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, ref uint FlowId);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSRemoveSocketFromFlow(IntPtr QOSHandle, IntPtr Socket, uint FlowId, uint Flags);

                [DllImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool QOSSetFlow(IntPtr QOSHandle, uint FlowId, QOS_SET_FLOW Operation, uint Size, IntPtr Buffer, uint Flags, IntPtr Overlapped);
            }
        }
        """;

    public const string LibraryImportSender = """
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Corpus.Interop;

        namespace Corpus;

        public unsafe sealed class VideoSender : IDisposable
        {
            private readonly nint _handle;
            private readonly nint _socket;
            private uint _flowId;

            public VideoSender(nint socket)
            {
                var version = new QOS_VERSION { MajorVersion = 1, MinorVersion = 0 };
                nint handle;
                if (!Qos.QOSCreateHandle(&version, &handle))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }

                _handle = handle;
                _socket = socket;
            }

            public void Start()
            {
                uint id = 0;
                if (!Qos.QOSAddSocketToFlow(_handle, _socket, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeAudioVideo, 0, &id))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }

                _flowId = id;
            }

            public void WaitForCongestion(NativeOverlapped* overlapped)
            {
                if (!Qos.QOSNotifyFlow(_handle, _flowId, QOS_NOTIFY_FLOW.QOSNotifyCongested, null, null, 0, overlapped)
                    && Marshal.GetLastPInvokeError() != 997)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }

                _ = Qos.QOSCancel(_handle, overlapped);
            }

            public void Dispose()
            {
                _ = Qos.QOSRemoveSocketFromFlow(_handle, 0, _flowId, 0);
                if (!Qos.QOSCloseHandle(_handle))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
            }
        }
        """;

    public const string LibraryImportBindings = """
        using System.Runtime.InteropServices;
        using System.Threading;

        namespace Corpus.Interop;

        public enum QOS_TRAFFIC_TYPE { QOSTrafficTypeBestEffort = 0, QOSTrafficTypeBackground = 1, QOSTrafficTypeExcellentEffort = 2, QOSTrafficTypeAudioVideo = 3, QOSTrafficTypeVoice = 4, QOSTrafficTypeControl = 5 }
        public enum QOS_NOTIFY_FLOW { QOSNotifyCongested = 0, QOSNotifyUncongested = 1, QOSNotifyAvailable = 2 }
        public struct QOS_VERSION { public ushort MajorVersion; public ushort MinorVersion; }

        internal static unsafe partial class Qos
        {
            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSCreateHandle(QOS_VERSION* Version, nint* QOSHandle);

            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSCloseHandle(nint QOSHandle);

            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSAddSocketToFlow(nint QOSHandle, nint Socket, void* DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, uint* FlowId);

            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSRemoveSocketFromFlow(nint QOSHandle, nint Socket, uint FlowId, uint Flags);

            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSNotifyFlow(nint QOSHandle, uint FlowId, QOS_NOTIFY_FLOW Operation, uint* Size, void* Buffer, uint Flags, NativeOverlapped* Overlapped);

            [LibraryImport("qwave", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static partial bool QOSCancel(nint QOSHandle, NativeOverlapped* Overlapped);
        }
        """;

    public const string CsWin32Sender = """
        using System;
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using Windows.Win32;
        using Windows.Win32.Foundation;

        [assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]

        namespace Corpus;

        public unsafe sealed class ControlChannel : IDisposable
        {
            private readonly HANDLE _handle;
            private readonly nuint _socket;
            private uint _flowId;

            public ControlChannel(HANDLE handle, nuint socket)
            {
                _handle = handle;
                _socket = socket;
                uint id = 0;
                if (!PInvoke.QOSAddSocketToFlow(_handle, _socket, null, QOS_TRAFFIC_TYPE.QOSTrafficTypeControl, 0, &id))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }

                _flowId = id;
            }

            public void Dispose()
            {
                if (!PInvoke.QOSRemoveSocketFromFlow(_handle, _socket, _flowId, 0))
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }
            }
        }
        """;

    public const string CsWin32Bindings = """
        namespace Windows.Win32.Foundation
        {
            public readonly struct BOOL
            {
                private readonly int _value;
                public BOOL(int value) => _value = value;
                public static implicit operator bool(BOOL value) => value._value != 0;
            }

            public readonly struct HANDLE
            {
                public readonly nint Value;
                public HANDLE(nint value) => Value = value;
            }

            public enum QOS_TRAFFIC_TYPE { QOSTrafficTypeBestEffort = 0, QOSTrafficTypeControl = 5 }
        }

        namespace Windows.Win32
        {
            using System.Runtime.InteropServices;
            using Windows.Win32.Foundation;

            public static unsafe partial class PInvoke
            {
                [DllImport("qwave.dll", ExactSpelling = true, SetLastError = true)]
                public static extern BOOL QOSAddSocketToFlow(HANDLE QOSHandle, nuint Socket, void* DestAddr, QOS_TRAFFIC_TYPE TrafficType, uint Flags, uint* FlowId);

                [DllImport("qwave.dll", ExactSpelling = true, SetLastError = true)]
                public static extern BOOL QOSRemoveSocketFromFlow(HANDLE QOSHandle, nuint Socket, uint FlowId, uint Flags);
            }
        }
        """;

    public const string PackageApiSender = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using QosAnalyzers;

        namespace Corpus;

        [QosFlow(QosTrafficType.Voice)]
        public sealed partial class VoiceFlow
        {
        }

        [QosFlow(QosTrafficType.AudioVideo, Adaptive = true)]
        public sealed partial class VideoFlow
        {
        }

        public static class Streams
        {
            public static async Task RunAsync(QosSession session, Socket voiceSocket, Socket videoSocket, IPEndPoint peer, CancellationToken cancellationToken)
            {
                using VoiceFlow voice = VoiceFlow.Add(session, voiceSocket, peer);
                using VideoFlow video = VideoFlow.Add(session, videoSocket, peer);
                voice.SetOutgoingDscp(46);
                await video.WhenCongestedAsync(cancellationToken);
                video.SetOutgoingRate(1_500_000);

                QosFlowId flow = session.AddSocketToFlow(voiceSocket, peer, QosTrafficType.Control, adaptive: false);
                try
                {
                    _ = session.TrySetOutgoingDscp(flow, 56, out _);
                }
                finally
                {
                    session.RemoveFlow(flow);
                }
            }

            /// <summary>Off Windows the stack honours IP_TOS; on Windows qWAVE marks the packets.</summary>
            public static void MarkWithTos(Socket socket)
            {
                if (OperatingSystem.IsWindows())
                {
                    return;
                }

                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 46 << 2);
            }
        }
        """;
}
