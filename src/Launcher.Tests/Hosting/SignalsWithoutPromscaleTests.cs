using System.Net;
using System.Net.Sockets;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Hosting;

/// <summary>Signals while no Promscale runs (the preflight, against a database that does not answer), and inherited dispositions.</summary>
public sealed class SignalsWithoutPromscaleTests
{
    private const int SigHup = 1;
    private const int SigUsr1 = 10;
    private const int SigUsr2 = 12;
    private const int SigTerm = 15;

    static SignalsWithoutPromscaleTests() => SecretRegistry.Register("db-Pa55-d0nt-print-me", LauncherEnvironment.WebPassword);

    private static Dictionary<string, string> Unreachable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        return new()
        {
            ["SCALINGO_POSTGRESQL_URL"] = $"postgres://app:db-Pa55-d0nt-print-me@127.0.0.1:{port}/app?sslmode=disable",
            ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = LauncherEnvironment.WebPassword,
            ["PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB"] = "true",
            ["PROMSCALE_BIN"] = LauncherEnvironment.FakePromscalePath,
            ["FAKE_PROMSCALE_VERSION"] = "0.10.0",
            ["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "json",
            ["PROMSCALE_LAUNCHER_DB_WAIT"] = "60",
        };
    }

    [Fact]
    public async Task Logs_SIGHUP_SIGUSR1_and_SIGUSR2_received_during_the_preflight_and_goes_on()
    {
        await using var launcher = RunningLauncher.Start(Unreachable());
        await launcher.WaitForEventAsync(LauncherEvents.DatabaseRetry);

        foreach (var (signal, name) in new[] { (SigHup, "SIGHUP"), (SigUsr1, "SIGUSR1"), (SigUsr2, "SIGUSR2") })
        {
            launcher.Signal(signal);
            await launcher.WaitForEventAsync(LauncherEvents.SignalIgnoredWithoutPromscale, "Signal", name);
        }
        launcher.Signal(SigTerm);

        // Still in the preflight when SIGTERM came: none of the three stopped it.
        Assert.Equal(143, await launcher.WaitForExitAsync());
    }

    [Fact]
    public async Task Warns_at_start_when_SIGINT_is_inherited_ignored()
    {
        await using var launcher = RunningLauncher.StartIgnoring(Unreachable(), workingDirectory: null, ignoredSignals: "INT");
        await launcher.WaitForEventAsync(LauncherEvents.InheritedIgnoredSignal, "Signal", "SIGINT");
        launcher.Signal(SigTerm);

        Assert.Equal(143, await launcher.WaitForExitAsync());
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.InheritedIgnoredSignal, "Signal", "SIGTERM"));
    }

    [Fact]
    public async Task Does_not_warn_about_signals_when_started_with_the_defaults()
    {
        await using var launcher = RunningLauncher.Start(Unreachable());
        await launcher.WaitForEventAsync(LauncherEvents.DatabaseRetry);
        launcher.Signal(SigTerm);

        Assert.Equal(143, await launcher.WaitForExitAsync());
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.InheritedIgnoredSignal));
    }
}
