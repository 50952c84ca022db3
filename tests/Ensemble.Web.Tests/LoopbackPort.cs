using System.Net;
using System.Net.Sockets;

namespace Ensemble.Web.Tests;

/// <summary>A loopback TCP port nothing listens on, for a server a test starts as its own process.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
