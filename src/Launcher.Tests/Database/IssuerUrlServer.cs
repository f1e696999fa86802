using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PromscaleLauncher.Tests.Database;

/// <summary>
/// A loopback HTTP server for a certificate's AIA issuer URL: counts the requests and answers 404 at once, so a
/// client that asks learns nothing and does not wait.
/// </summary>
public sealed class IssuerUrlServer : IAsyncDisposable
{
    private static readonly byte[] _notFound = Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _requests;

    public IssuerUrlServer()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/issuer.crt";
        _serving = ServeAsync(_stop.Token);
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    private async Task ServeAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(ct);
                Interlocked.Increment(ref _requests);
                try
                {
                    await AnswerAsync(client.GetStream(), ct);
                }
                catch (IOException)
                {
                    // The client went away first: it was counted, which is all the tests look at.
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task AnswerAsync(NetworkStream stream, CancellationToken ct)
    {
        var request = new byte[4096];
        var read = 0;
        while (read < request.Length && !Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var count = await stream.ReadAsync(request.AsMemory(read), ct);
            if (count == 0)
            {
                return;
            }
            read += count;
        }
        await stream.WriteAsync(_notFound, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
