using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Promscale is ready when GET /healthz answers 200 on loopback. Auth covers /healthz in every version
/// (contract §5.3), so the probe sends the basic-auth credentials; nothing listens before start-up is complete.
/// </summary>
internal sealed class PromscaleReadinessProbe : IDisposable
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);
    private readonly HttpClient _client;
    private readonly Uri _healthz;
    private readonly TimeProvider _timeProvider;

    public PromscaleReadinessProbe(int port, string username, SecretString password, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _healthz = new Uri($"http://127.0.0.1:{port}/healthz");
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password.Reveal()}")));
    }

    /// <summary>What the last probe saw, for messages ("connection refused", "500: …").</summary>
    public string LastResult { get; private set; } = "not probed yet";

    /// <summary>Polls until /healthz answers 200; cancelled when Promscale exits or the launcher stops.</summary>
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

    private async Task<bool> ProbeOnceAsync(CancellationToken cancellationToken)
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
        catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LastResult = exception.HttpRequestError == HttpRequestError.ConnectionError ? "nothing listens yet" : exception.HttpRequestError.ToString();
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LastResult = "timed out";
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
