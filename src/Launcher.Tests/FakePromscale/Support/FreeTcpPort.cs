using System.Net;
using System.Net.Sockets;

namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>A loopback port free right now (the OS picks it).</summary>
internal static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
