using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Export.Protocol;
using PromscaleLauncher.Logging.Formatting;
using Snappier;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Export;

/// <summary>
/// Sends WriteRequests as the remote-write 1.0 spec says (https://prometheus.io/docs/specs/remote_write_spec/): protobuf,
/// snappy block format (not the framed stream), Content-Encoding: snappy, Content-Type: application/x-protobuf,
/// X-Prometheus-Remote-Write-Version: 0.1.0, a User-Agent. 2xx: acknowledged. 5xx, 429 and network errors: retried with
/// capped exponential backoff and jitter, for at most the retry budget. 401/403 and other 4xx: not retried (the spec:
/// "MUST NOT retry on 4xx other than 429").
/// </summary>
internal sealed class RemoteWriteClient(HttpClient http, ExportTarget target, string launcherVersion, TimeSpan retryBudget, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan _firstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _maximumDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _attemptTimeout = TimeSpan.FromMinutes(1);
    private const int MaxMessageLength = 500;

    public static HttpClient CreateHttpClient(int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency + 1,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <param name="request">The samples or metadata; compressed once, resent as is on a retry.</param>
    /// <param name="stopping">A stop signal: the request in flight completes, but no retry starts after it.</param>
    /// <param name="force">A second stop signal: the request in flight is abandoned.</param>
    public async Task SendAsync(WriteRequest request, CancellationToken stopping, CancellationToken force)
    {
        var body = Snappy.CompressToArray(request.ToByteArray());
        var started = timeProvider.GetTimestamp();
        var delay = _firstDelay;
        for (var attempt = 1; ; attempt++)
        {
            int status;
            string message;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(force);
                timeout.CancelAfter(_attemptTimeout);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                content.Headers.ContentEncoding.Add("snappy");
                using var post = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = content };
                post.Headers.Authorization = target.Credentials.Header;
                post.Headers.UserAgent.Add(new ProductInfoHeaderValue("promscale-launcher", launcherVersion));
                post.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
                using var response = await http.SendAsync(post, HttpCompletionOption.ResponseContentRead, timeout.Token);
                status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    return;
                }
                message = Shorten(await response.Content.ReadAsStringAsync(force));
                if (status is 401 or 403)
                {
                    throw new ReceiverFailure(ReceiverFailureKind.Unauthorized, status, message, attempt, timeProvider.GetElapsedTime(started));
                }
                if (status is >= 400 and < 500 && status != 429)
                {
                    throw new ReceiverFailure(ReceiverFailureKind.Rejected, status, message, attempt, timeProvider.GetElapsedTime(started));
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException && !force.IsCancellationRequested)
            {
                status = 0;
                message = Shorten(exception is OperationCanceledException ? $"no answer within {_attemptTimeout.TotalSeconds:0} s" : exception.Message);
            }

            var elapsed = timeProvider.GetElapsedTime(started);
            var remaining = retryBudget - elapsed;
            if (stopping.IsCancellationRequested)
            {
                throw new ReceiverFailure(ReceiverFailureKind.Interrupted, status, message, attempt, elapsed);
            }
            if (remaining <= TimeSpan.Zero)
            {
                throw new ReceiverFailure(ReceiverFailureKind.Unavailable, status, message, attempt, elapsed);
            }
            // "Equal jitter": half the delay fixed, half random, so that concurrent senders spread out.
            var jittered = delay / 2 + delay / 2 * Random.Shared.NextDouble();
            var wait = jittered < remaining ? jittered : remaining;
            LauncherLog.ExportReceiverRetry(logger, target.Identity, status == 0 ? "no HTTP answer" : status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                message, attempt, Math.Round(wait.TotalSeconds, 1), (int)Math.Ceiling(remaining.TotalSeconds));
            try
            {
                await Task.Delay(wait, timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                throw new ReceiverFailure(ReceiverFailureKind.Interrupted, status, message, attempt, timeProvider.GetElapsedTime(started));
            }
            delay = delay * 2 < _maximumDelay ? delay * 2 : _maximumDelay;
        }
    }

    private static string Shorten(string text)
    {
        var line = ControlCharacterEscaping.Escape(text.Trim().ReplaceLineEndings(" "));
        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "…";
    }
}
