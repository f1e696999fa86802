using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>
/// Kestrel started directly (no generic host, so no console lifetime stealing SIGTERM/SIGINT and no log output):
/// binds only when asked, after the database start-up (docs/promscale.md §5).
/// </summary>
internal sealed class PromscaleHttpServer : IAsyncDisposable
{
    private KestrelServer? _server;

    public async Task StartAsync(ListenAddress address, PromscaleHttpApplication application, CancellationToken cancellationToken)
    {
        var options = new KestrelServerOptions { AddServerHeader = false };
        static void Configure(ListenOptions listen) => listen.Protocols = HttpProtocols.Http1;

        if (address.Address is null)
        {
            options.ListenAnyIP(address.Port, Configure);
        }
        else
        {
            options.Listen(new IPEndPoint(address.Address, address.Port), Configure);
        }

        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance);
        _server = new KestrelServer(Options.Create(options), transport, NullLoggerFactory.Instance);
        try
        {
            await _server.StartAsync(application, cancellationToken);
        }
        catch (IOException ex)
        {
            _server.Dispose();
            _server = null;
            throw new ListenFailure($"listen tcp {address.Display}: {BindReason(ex)}");
        }
    }

    /// <summary><c>server.Shutdown</c>: stop accepting, wait for in-flight requests without a deadline.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string BindReason(Exception error)
    {
        for (var current = (Exception?)error; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AddressInUseException:
                    return "bind: address already in use";
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return "bind: permission denied";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return "bind: cannot assign requested address";
            }
        }

        return error.Message;
    }
}
