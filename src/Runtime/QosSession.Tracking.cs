// QOSStartTrackingClient / QOSStopTrackingClient and the set of clients the session tracks.
using System;
using System.Net;
using System.Net.Sockets;
using QosAnalyzers.Catalog;
using QosAnalyzers.Compat;
using QosAnalyzers.Interop;

namespace QosAnalyzers;

public sealed partial class QosSession
{
    private unsafe void TrackClient(IPAddress client, bool start)
    {
        Guard.NotNull(client);
        if (client.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"qWAVE tracks IPv4 or IPv6 clients only; this address is {client.AddressFamily}.", nameof(client));
        }

        if (client.Equals(IPAddress.Any) || client.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException($"The client {client} is the unspecified address, which names no host.", nameof(client));
        }

        if (client.IsIPv4MappedToIPv6)
        {
            throw new ArgumentException($"qWAVE does not mix IPv4 and IPv6: pass the IPv4 address {client.MapToIPv4()} rather than the IPv4-mapped {client}.", nameof(client));
        }

        byte* address = stackalloc byte[WindowsSockAddr.MaxSize];
        WindowsSockAddr.Write(new IPEndPoint(client, 0), new Span<byte>(address, WindowsSockAddr.MaxSize));
        using CallScope scope = EnterCall();
        int ok = start
            ? Backend.QOSStartTrackingClient(RawHandle, address, 0)
            : Backend.QOSStopTrackingClient(RawHandle, address, 0);
        if (ok == 0)
        {
            throw SessionError(start ? QwaveCatalog.QOSStartTrackingClient : QwaveCatalog.QOSStopTrackingClient);
        }

        lock (_sync)
        {
            if (start)
            {
                _trackedClients.Add(client);
            }
            else
            {
                _trackedClients.Remove(client);
            }
        }
    }
}
