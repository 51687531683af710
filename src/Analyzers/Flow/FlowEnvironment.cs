using Microsoft.CodeAnalysis;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>The well-known types the shared pass recognizes, resolved once per compilation.</summary>
    internal sealed class FlowEnvironment
    {
        public FlowEnvironment(Compilation compilation)
        {
            SafeHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeHandle");
            Socket = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
            UdpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.UdpClient");
            TcpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
            SkipLocalsInit = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.SkipLocalsInitAttribute");
            QosSession = compilation.GetTypeByMetadataName(PackageApi.Session.MetadataName);
            Win32Exception = compilation.GetTypeByMetadataName("System.ComponentModel.Win32Exception");
        }

        /// <summary>This package's session type, whose members wrap the qWAVE calls.</summary>
        public INamedTypeSymbol? QosSession { get; }

        /// <summary>A member of <see cref="QosSession"/> named <paramref name="name"/>.</summary>
        public bool IsSessionMethod(IMethodSymbol method, string name) =>
            method.Name == name && IsSession(method.ContainingType);

        /// <summary>An instance of <see cref="QosSession"/>.</summary>
        public bool IsSession(ITypeSymbol? type) => QosSession is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, QosSession);

        /// <summary>
        /// This package's calls that take one socket out of a flow through its SOCKET (they throw ObjectDisposedException for a
        /// closed socket): QosSession's RemoveSocketFromFlow, and the RemoveSocket(socket) generated for a non-adaptive [QosFlow] class.
        /// </summary>
        public bool IsPackageSocketRemoval(IMethodSymbol method)
        {
            switch (method.Name)
            {
                case PackageApi.Session.RemoveSocketFromFlow:
                    return IsSessionMethod(method, method.Name);
                case PackageApi.FlowWrapper.RemoveSocket:
                    return !method.IsStatic && method.Parameters.Length == 1 && method.Parameters[0].Name == PackageApi.Parameters.Socket && PackageApi.IsPackageMethod(method);
                default:
                    return false;
            }
        }

        /// <summary>
        /// This package's calls that add a socket with a destination: QosSession's AddSocketToFlow, TryAddSocketToFlow and
        /// AddSocketToExistingFlow, and the Add/TryAdd(session, socket, destination) generated for a [QosFlow] class.
        /// </summary>
        public bool IsPackageAdd(IMethodSymbol method)
        {
            switch (method.Name)
            {
                case PackageApi.Session.AddSocketToFlow:
                case PackageApi.Session.TryAddSocketToFlow:
                case PackageApi.Session.AddSocketToExistingFlow:
                    return IsSessionMethod(method, method.Name);
                case PackageApi.FlowWrapper.Add:
                case PackageApi.FlowWrapper.TryAdd:
                    return method.IsStatic && method.Parameters.Length >= 3
                        && method.Parameters[1].Name == PackageApi.Parameters.Socket && method.Parameters[2].Name == PackageApi.Parameters.Destination
                        && PackageApi.IsPackageMethod(method);
                default:
                    return false;
            }
        }

        public INamedTypeSymbol? SafeHandle { get; }

        public INamedTypeSymbol? Socket { get; }

        public INamedTypeSymbol? UdpClient { get; }

        public INamedTypeSymbol? TcpClient { get; }

        public INamedTypeSymbol? SkipLocalsInit { get; }

        public INamedTypeSymbol? Win32Exception { get; }

        /// <summary>A Win32Exception or a type derived from it.</summary>
        public bool IsWin32Exception(ITypeSymbol? type) => DerivesFrom(type, Win32Exception);

        public bool IsSafeHandle(ITypeSymbol? type) => DerivesFrom(type, SafeHandle);

        /// <summary>A Socket, UdpClient or TcpClient: closing or disposing it closes the socket.</summary>
        public bool IsSocketOwner(ITypeSymbol? type) => DerivesFrom(type, Socket) || DerivesFrom(type, UdpClient) || DerivesFrom(type, TcpClient);

        /// <summary>True when [SkipLocalsInit] applies to <paramref name="method"/>: on it, a containing type, or the module.</summary>
        public bool SkipsLocalsInit(ISymbol? method)
        {
            if (SkipLocalsInit is null || method is null)
            {
                return false;
            }

            for (ISymbol? s = method; s is not null && s is not INamespaceSymbol; s = s.ContainingSymbol)
            {
                if (HasAttribute(s, SkipLocalsInit))
                {
                    return true;
                }
            }

            return method.ContainingModule is IModuleSymbol module && HasAttribute(module, SkipLocalsInit);
        }

        private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
        {
            foreach (AttributeData a in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
