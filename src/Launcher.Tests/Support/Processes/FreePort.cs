using System.Net;
using System.Net.Sockets;

namespace PromscaleLauncher.Tests.Support.Processes;

public static class FreePort
{
    // Every port handed out in this test run: the OS may give a just-released port to the next bind(0), so two
    // parallel tests (a fake Promscale, a PostgreSQL cluster) could otherwise get the same one.
    private static readonly HashSet<int> _handedOut = [];

    /// <summary>A TCP port nothing listens on right now and that no other test of this run was given.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (_handedOut)
            {
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
