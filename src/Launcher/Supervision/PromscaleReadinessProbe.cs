using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Promscale is ready when GET /healthz answers 200 on loopback. Auth covers /healthz in every version
/// (docs/promscale.md §5.3), so the probe sends the basic-auth credentials; nothing listens before start-up is complete.
/// Once Promscale is ready, the watchdog probes it with the same requests (docs/watchdog.md).
/// </summary>
internal sealed class PromscaleReadinessProbe : IDisposable
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);
    private readonly HttpClient _client;
    private readonly Uri _healthz;
    private readonly TimeProvider _timeProvider;

    public PromscaleReadinessProbe(int port, string username, SecretString password, TimeProvider timeProvider)
        : this(port, username, password, timeProvider, new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), UseProxy = false })
    {
    }

    /// <summary>With <paramref name="handler"/> sending the requests (tests: one that fails the way sockets do).</summary>
    internal PromscaleReadinessProbe(int port, string username, SecretString password, TimeProvider timeProvider, HttpMessageHandler handler)
    {
        _timeProvider = timeProvider;
        _healthz = new Uri($"http://127.0.0.1:{port}/healthz");
        _client = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password.Reveal()}")));
    }

    /// <summary>What the last probe saw, for messages ("connection refused", "500: …").</summary>
    public string LastResult { get; private set; } = "not probed yet";

    /// <summary>
    /// Polls until /healthz answers 200; cancelled when Promscale exits or the launcher stops. Whatever a probe
    /// meets on the way (refused, reset, timeout) is a "not yet", never an exception: Promscale dying while
    /// it is probed must end in Promscale's exit code, not in an internal error of the launcher.
    /// </summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await ProbeOnceAsync(cancellationToken))
            {
                return;
            }
            await Task.Delay(_interval, _timeProvider, cancellationToken);
        }
    }

    /// <summary>One GET /healthz: true on 200; otherwise <see cref="LastResult"/> says what it met. The watchdog's probe too.</summary>
    public async Task<bool> ProbeOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetAsync(_healthz, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                LastResult = "200";
                return true;
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            LastResult = $"{(int)response.StatusCode}: {body.Trim()}";
            return false;
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or IOException or TaskCanceledException)
        {
            // Cancelled: say so, whatever the request failed with on its way out.
            cancellationToken.ThrowIfCancellationRequested();
            LastResult = exception switch
            {
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "nothing listens yet",
                HttpRequestException request => request.HttpRequestError.ToString(),
                // SocketsHttpHandler lets some socket errors out unwrapped: a connection that Promscale resets
                // as it exits fails in Socket.RemoteEndPoint with ENOTCONN (seen in the supervision tests).
                SocketException socket => $"connection lost ({socket.SocketErrorCode})",
                IOException => "connection lost",
                _ => "timed out",
            };
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
