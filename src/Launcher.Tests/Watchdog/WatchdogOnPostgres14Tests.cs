using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Watchdog;

/// <summary>
/// The real launcher with the fake Promscale 0.10.0 (what runs on Scalingo), whose pool stays broken after a lost
/// connection as Promscale's does (timescale/promscale#387), on a PostgreSQL 14 cluster of each test's own: the tests
/// restart and stop it. Small watchdog settings (1 s, 2 failures) keep them short; docs/watchdog.md has the defaults' times.
/// </summary>
public sealed class WatchdogOnPostgres14Tests
{
    private const int SigTerm = 15;
    private const int SigUsr1 = 10;
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(60);

    private static async Task<(PostgresCluster Cluster, Dictionary<string, string> Environment)> StartAsync(params (string Name, string Value)[] overrides)
    {
        var cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions(PostgresVersion.V14), CancellationToken.None);
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var environment = LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database,
            overrides:
            [
                ("PORT", FreePort.Next().ToString()), LauncherEnvironment.WithoutTimescaleDb,
                ("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "1"), ("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "2"),
                .. overrides,
            ]);
        return (cluster, environment);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Restarts_Promscale_in_place_after_a_database_restart_and_it_is_ready_again()
    {
        var (cluster, environment) = await StartAsync();
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);
        var firstPid = await launcher.PromscalePidAsync();
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        await launcher.WaitForEventAsync(LauncherEvents.WatchdogOn);

        await cluster.RestartServerAsync(CancellationToken.None);

        var restarting = await launcher.WaitForEventAsync(LauncherEvents.RestartingPromscale, _bound);
        var again = await launcher.WaitForEventAsync(LauncherEvents.PromscaleReadyAgain, _bound);
        launcher.Signal(SigUsr1);
        var status = await launcher.WaitForEventAsync(LauncherEvents.Status);
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        // The database answered the launcher's own check: Promscale alone was broken, and stayed so.
        Assert.Equal((firstPid.ToString(), "1", "promscale-unhealthy", "2"),
            (restarting.Property("Pid"), restarting.Property("Restart"), restarting.Property("Cause"), restarting.Property("Failures")));
        Assert.StartsWith("answers", restarting.Property("DatabaseCheck"), StringComparison.Ordinal);
        Assert.StartsWith("500", restarting.Property("LastHealthCheck"), StringComparison.Ordinal);
        Assert.Equal("SIGTERM", restarting.Property("SentSignal"));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PromscaleStoppedForRestart));
        Assert.Equal("1", again.Property("Restart"));
        // A new Promscale, started again by the same launcher, serving on the same port.
        var starts = launcher.Events.Where(e => e.Is(LauncherEvents.PromscaleStarted)).ToList();
        Assert.Equal(2, starts.Count);
        Assert.NotEqual(firstPid.ToString(), starts[1].Property("Pid"));
        Assert.Equal(2, launcher.Events.Count(e => e.Is(LauncherEvents.PromscaleReady, "Port", environment["PORT"])));
        Assert.Equal(("1", "promscale-unhealthy", starts[1].Property("Pid"), "true"),
            (status.Property("WatchdogRestarts"), status.Property("LastRestartCause"), status.Property("Pid"), status.Property("Ready")));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.PromscaleExited));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Waits_for_a_stopped_database_and_restarts_Promscale_once_it_answers_again()
    {
        var (cluster, environment) = await StartAsync(("PROMSCALE_LAUNCHER_DB_WAIT", "120"));
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        await cluster.StopServerAsync(CancellationToken.None);
        var waiting = await launcher.WaitForEventAsync(LauncherEvents.WaitingForDatabase, _bound);
        await cluster.StartServerAgainAsync(CancellationToken.None);

        var restarting = await launcher.WaitForEventAsync(LauncherEvents.RestartingPromscale, _bound);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReadyAgain, _bound);
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        Assert.Equal("120", waiting.Property("WaitSeconds"));
        Assert.Equal("database-returned", restarting.Property("Cause"));
        Assert.StartsWith("unreachable", restarting.Property("DatabaseCheck"), StringComparison.Ordinal);
        // The 0.10.0 stand-in did not come back by itself: its /healthz still failed after the database was back.
        Assert.StartsWith("500", restarting.Property("LastHealthCheck"), StringComparison.Ordinal);
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.PromscaleRecovered));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_69_when_the_database_stays_down_beyond_the_wait_without_restarting_Promscale()
    {
        var (cluster, environment) = await StartAsync(("PROMSCALE_LAUNCHER_DB_WAIT", "3"));
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        await cluster.StopServerAsync(CancellationToken.None);

        Assert.Equal(69, await launcher.WaitForExitAsync(_bound));
        var gaveUp = Assert.Single(launcher.Events, e => e.Is(LauncherEvents.WatchdogGaveUp));
        Assert.Equal(("database-unreachable", "69"), (gaveUp.Property("Reason"), gaveUp.Property("ExitCode")));
        Assert.Contains("connection refused", gaveUp.Property("Diagnosis"), StringComparison.Ordinal);
        Assert.Single(launcher.Events, e => e.Is(LauncherEvents.WaitingForDatabase));
        // No restart storm: Promscale was started once, stopped once, and the launcher exited with the diagnosis's code.
        Assert.Single(launcher.Events, e => e.Is(LauncherEvents.PromscaleStarted));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.RestartingPromscale));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PromscaleStopped, "ExitCode", "69"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_75_instead_of_a_fourth_restart_within_ten_minutes()
    {
        // Ready once, then /healthz fails for good while the database answers: every restart breaks again.
        var (cluster, environment) = await StartAsync(("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "1"), ("FAKE_PROMSCALE_CONNECTION_LOST_AFTER", "1"));
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);

        Assert.Equal(75, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var restarts = launcher.Events.Where(e => e.Is(LauncherEvents.RestartingPromscale)).ToList();
        Assert.Equal(["1", "2", "3"], restarts.Select(e => e.Property("Restart")));
        Assert.Equal(["1", "2", "3"], restarts.Select(e => e.Property("RestartsInWindow")));
        Assert.Equal(3, launcher.Events.Count(e => e.Is(LauncherEvents.PromscaleReadyAgain)));
        var gaveUp = Assert.Single(launcher.Events, e => e.Is(LauncherEvents.WatchdogGaveUp));
        Assert.Equal(("restart-limit", "75"), (gaveUp.Property("Reason"), gaveUp.Property("ExitCode")));
        Assert.Equal(4, launcher.Events.Count(e => e.Is(LauncherEvents.PromscaleStarted)));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PromscaleStopped, "ExitCode", "75"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Stops_cleanly_on_SIGTERM_while_it_waits_for_the_database()
    {
        var (cluster, environment) = await StartAsync(("PROMSCALE_LAUNCHER_DB_WAIT", "600"));
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);
        var pid = await launcher.PromscalePidAsync();
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        await cluster.StopServerAsync(CancellationToken.None);
        await launcher.WaitForEventAsync(LauncherEvents.WaitingForDatabase, _bound);

        launcher.Signal(SigTerm);

        // The stop contract of docs/shutdown.md, well within Scalingo's 30 s: 0.10 dies of the SIGTERM sent, a clean stop.
        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(25)));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.StoppingPromscale, "Pid", pid.ToString()));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PromscaleStopped, "ExitCode", "0"));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.RestartingPromscale) || e.Is(LauncherEvents.WatchdogGaveUp));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Does_not_start_Promscale_again_on_SIGTERM_during_the_restart()
    {
        // A Promscale that ignores signals keeps the watchdog's stop in its grace period long enough for the SIGTERM.
        var (cluster, environment) = await StartAsync(("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "1"), ("FAKE_PROMSCALE_CONNECTION_LOST_AFTER", "1"),
            ("FAKE_PROMSCALE_IGNORE_SIGNALS", "true"), ("PROMSCALE_LAUNCHER_STOP_TIMEOUT", "5"));
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.RestartingPromscale, _bound);

        launcher.Signal(SigTerm);

        // The stop contract: killed after the grace period → 137; no second Promscale.
        Assert.Equal(137, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(25)));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.StopDuringRestart, "ExitCode", "137"));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.KillingPromscale));
        Assert.Single(launcher.Events, e => e.Is(LauncherEvents.PromscaleStarted));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Does_not_watch_with_an_interval_of_0()
    {
        var (cluster, environment) = await StartAsync(("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "0"), ("FAKE_PROMSCALE_CONNECTION_LOST_AFTER", "1"));
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        // The fake's pool is broken from its second /healthz on: ask it twice, as the watchdog would.
        await launcher.WaitForEventAsync(LauncherEvents.WatchdogOff);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{LauncherEnvironment.WebUser}:{LauncherEnvironment.WebPassword}")));
        var healthz = await client.GetAsync($"http://127.0.0.1:{environment["PORT"]}/healthz", CancellationToken.None);
        launcher.Signal(SigUsr1);
        var status = await launcher.WaitForEventAsync(LauncherEvents.Status);
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, healthz.StatusCode);
        Assert.Equal(("0", "none"), (status.Property("WatchdogRestarts"), status.Property("LastRestartCause")));
        Assert.DoesNotContain(launcher.Events, e => e.Id is >= LauncherEvents.HealthCheckFailed and <= LauncherEvents.StopDuringRestart);
    }
}
