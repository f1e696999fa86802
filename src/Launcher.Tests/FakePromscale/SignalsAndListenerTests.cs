using System.Net;
using System.Net.Sockets;
using PromscaleLauncher.Tests.FakePromscale.Support;

namespace PromscaleLauncher.Tests.FakePromscale;

/// <summary>
/// Signals and the HTTP listener (docs/promscale.md §5, §6), with the database step skipped
/// (<c>FAKE_PROMSCALE_SKIP_DATABASE</c>); <c>FAKE_PROMSCALE_LOG_BURST=1</c> marks "bound and serving".
/// </summary>
public sealed class SignalsAndListenerTests
{
    private const string Served = "log burst done";

    private static Dictionary<string, string> Environment(string version, params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string>
        {
            ["FAKE_PROMSCALE_VERSION"] = version,
            ["FAKE_PROMSCALE_SKIP_DATABASE"] = "true",
            ["FAKE_PROMSCALE_LOG_BURST"] = "1",
        };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static string Listen() => $"-web.listen-address=127.0.0.1:{FreeTcpPort.Next()}";

    [Fact]
    public async Task Stops_gracefully_on_SIGINT_while_serving_in_0_17()
    {
        await using var fake = RunningFake.Start(Environment("0.17.0"), [Listen()]);
        await fake.WaitForStderrAsync(Served);

        fake.Signal(RunningFake.SigInt);

        Assert.Equal(0, await fake.WaitForExitAsync());
        var messages = fake.Stderr.Where(line => line.Contains("msg=\"Stopping", StringComparison.Ordinal)).Select(line => line[line.IndexOf("msg=", StringComparison.Ordinal)..]);
        Assert.Equal(
            ["msg=\"Stopping Rule-Manager\"", "msg=\"Stopping GRPC server for Jaeger and OTEL traces\"", "msg=\"Stopping vacuum engine\"", "msg=\"Stopping Prometheus remote-storage HTTP server\""],
            messages);
    }

    [Theory]
    [InlineData("0.17.0", RunningFake.SigTerm)]
    [InlineData("0.10.0", RunningFake.SigTerm)]
    [InlineData("0.10.0", RunningFake.SigInt)]
    [InlineData("0.10.0", RunningFake.SigHup)]
    public async Task Dies_by_the_signal_where_promscale_does_not_handle_it(string version, int signal)
    {
        await using var fake = RunningFake.Start(Environment(version), [Listen()]);
        await fake.WaitForStderrAsync(Served);

        fake.Signal(signal);

        Assert.Equal(128 + signal, await fake.WaitForExitAsync());
        Assert.DoesNotContain(fake.Stderr, line => line.Contains("Stopping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dies_by_SIGINT_during_start_up_in_0_17()
    {
        await using var fake = RunningFake.Start(Environment("0.17.0", ("FAKE_PROMSCALE_PAUSE_BEFORE_SERVING", "forever")), [Listen()]);
        await fake.WaitForStderrAsync(" config=");

        fake.Signal(RunningFake.SigInt);

        Assert.Equal(128 + RunningFake.SigInt, await fake.WaitForExitAsync());
    }

    [Fact]
    public async Task Ignores_every_signal_with_the_ignore_knob()
    {
        await using var fake = RunningFake.Start(Environment("0.17.0", ("FAKE_PROMSCALE_IGNORE_SIGNALS", "true")), [Listen()]);
        await fake.WaitForStderrAsync(Served);

        fake.Signal(RunningFake.SigTerm);
        fake.Signal(RunningFake.SigInt);
        fake.Signal(9);

        Assert.Equal(137, await fake.WaitForExitAsync());
        Assert.DoesNotContain(fake.Stderr, line => line.Contains("Stopping", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("SIGKILL", 137)]
    public async Task Exits_after_ready_as_told(string exit, int expected)
    {
        var (code, _) = await RunningFake.RunAsync(Environment("0.17.0", ("FAKE_PROMSCALE_EXIT_AFTER_READY", exit)), Listen());

        Assert.Equal(expected, code);
    }

    [Fact]
    public async Task Reports_a_busy_port_after_stopping_the_other_actors_in_0_17()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (code, fake) = await RunningFake.RunAsync(Environment("0.17.0"), $"-web.listen-address=127.0.0.1:{port}");

        Assert.Equal(1, code);
        Assert.Contains(fake.Stderr, line => line.Contains("msg=\"Started Prometheus remote-storage HTTP server\"", StringComparison.Ordinal));
        Assert.EndsWith($"msg=\"Execution failure, stopping Promscale\" err=\"listen tcp 127.0.0.1:{port}: bind: address already in use\"", fake.Stderr[^1]);
    }

    [Fact]
    public async Task Reports_a_busy_port_as_a_listen_failure_in_0_10()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (code, fake) = await RunningFake.RunAsync(Environment("0.10.0"), $"-web.listen-address=127.0.0.1:{port}");

        Assert.Equal(1, code);
        Assert.EndsWith($"msg=\"Listen failure\" err=\"listen tcp 127.0.0.1:{port}: bind: address already in use\"", fake.Stderr[^1]);
    }

    [Theory]
    [InlineData("0.17.0", "")]
    [InlineData("0.10.0", "Method Not Allowed\n")]
    public async Task Serves_healthz_behind_basic_auth_with_404_and_405_before_auth(string version, string notAllowedBody)
    {
        var port = FreeTcpPort.Next();
        await using var fake = RunningFake.Start(Environment(version), [$"-web.listen-address=127.0.0.1:{port}", "-web.auth.username=u", "-web.auth.password=p"]);
        await fake.WaitForStderrAsync(Served);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var notFound = await http.GetAsync(new Uri("/write", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("404 page not found\n", await notFound.Content.ReadAsStringAsync());

        using var notAllowed = await http.PostAsync(new Uri("/healthz", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed.StatusCode);
        Assert.Equal(notAllowedBody, await notAllowed.Content.ReadAsStringAsync());

        using var unauthorized = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("Unauthorized access to endpoint, invalid username or password.\n", await unauthorized.Content.ReadAsStringAsync());
        Assert.Empty(unauthorized.Headers.WwwAuthenticate);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("u:p"u8.ToArray()));
        using var healthy = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(0, healthy.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Writes_numbered_burst_lines_in_order()
    {
        const int count = 100_000;
        await using var fake = RunningFake.Start(Environment("0.17.0", ("FAKE_PROMSCALE_LOG_BURST", count.ToString(System.Globalization.CultureInfo.InvariantCulture))), [Listen()]);
        await fake.WaitForStderrAsync(Served, TimeSpan.FromMinutes(2));

        var numbers = fake.Stderr.Where(line => line.Contains("msg=\"burst line ", StringComparison.Ordinal))
            .Select(line => int.Parse(line[(line.IndexOf("burst line ", StringComparison.Ordinal) + 11)..^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(1, count), numbers);
    }
}
