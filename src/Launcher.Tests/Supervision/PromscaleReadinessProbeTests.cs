using System.Net;
using System.Net.Sockets;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Supervision;

namespace PromscaleLauncher.Tests.Supervision;

/// <summary>
/// The readiness probe against the ways a request fails while Promscale starts or dies. Promscale dying as it
/// is probed once ended the launcher with an internal error (70) instead of Promscale's exit code: .NET's
/// connection pool let a SocketException (ENOTCONN from Socket.RemoteEndPoint) out unwrapped.
/// </summary>
public sealed class PromscaleReadinessProbeTests
{
    [Fact]
    public async Task Keeps_probing_through_socket_and_IO_errors_until_200()
    {
        var handler = new ScriptedHandler(
            _ => throw new SocketException((int)SocketError.NotConnected),
            _ => throw new IOException("Connection reset by peer"),
            _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"),
            _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var probe = new PromscaleReadinessProbe(9, "user", new SecretString("s3cret"), TimeProvider.System, handler);

        await probe.WaitUntilReadyAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(4, handler.Calls);
        Assert.Equal("200", probe.LastResult);
    }

    [Fact]
    public async Task Reports_what_the_last_probe_before_cancellation_met()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new ScriptedHandler(
            _ => throw new SocketException((int)SocketError.NotConnected),
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("starting\n") },
            _ =>
            {
                cancellation.Cancel();
                throw new IOException("Connection reset by peer");
            });
        using var probe = new PromscaleReadinessProbe(9, "user", new SecretString("s3cret"), TimeProvider.System, handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.WaitUntilReadyAsync(cancellation.Token));

        Assert.Equal("503: starting", probe.LastResult);
    }

    [Fact]
    public async Task A_request_failing_after_cancellation_ends_as_cancelled_not_as_its_error()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new ScriptedHandler(_ =>
        {
            cancellation.Cancel();
            throw new SocketException((int)SocketError.NotConnected);
        });
        using var probe = new PromscaleReadinessProbe(9, "user", new SecretString("s3cret"), TimeProvider.System, handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.WaitUntilReadyAsync(cancellation.Token));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Sends_the_basic_auth_credentials_to_loopback_healthz()
    {
        HttpRequestMessage? seen = null;
        var handler = new ScriptedHandler(request =>
        {
            seen = request;
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var probe = new PromscaleReadinessProbe(9201, "user", new SecretString("s3cret"), TimeProvider.System, handler);

        await probe.WaitUntilReadyAsync(CancellationToken.None);

        Assert.NotNull(seen);
        Assert.Equal(new Uri("http://127.0.0.1:9201/healthz"), seen.RequestUri);
        Assert.Equal("Basic", seen.Headers.Authorization?.Scheme);
        Assert.Equal(Convert.ToBase64String("user:s3cret"u8), seen.Headers.Authorization?.Parameter);
    }

    /// <summary>Answers the n-th request with the n-th step; fails the test if asked more often.</summary>
    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] steps) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.True(Calls < steps.Length, $"the probe sent request {Calls + 1}, the script has {steps.Length}");
            return Task.FromResult(steps[Calls++](request));
        }
    }
}
