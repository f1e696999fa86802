using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Watchdog;

/// <summary>
/// The fake Promscale in its 0.17.0 profile (graceful SIGINT) on a PostgreSQL 15 cluster of each test's own, with
/// TimescaleDB: a database restart with a Promscale that stays broken (helm-charts#453) and with one that reconnects.
/// </summary>
public sealed class WatchdogOnPostgres15Tests
{
    private const int SigTerm = 15;
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(60);

    private static async Task<(PostgresCluster Cluster, Dictionary<string, string> Environment)> StartAsync(params (string Name, string Value)[] overrides)
    {
        var cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions(PostgresVersion.V15), CancellationToken.None);
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await cluster.EnableTimescaleDbAsync(database);
        var environment = LauncherEnvironment.For(cluster, PostgresCluster.AppRole, database,
            overrides:
            [
                ("PORT", FreePort.Next().ToString()), ("PROMSCALE_VERSION", "0.17.0"),
                ("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "1"), ("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "2"),
                .. overrides,
            ]);
        return (cluster, environment);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Restarts_a_broken_0_17_gracefully_with_SIGINT_after_a_database_restart()
    {
        var (cluster, environment) = await StartAsync(("FAKE_PROMSCALE_AFTER_CONNECTION_LOSS", "stays-broken"));
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        await cluster.RestartServerAsync(CancellationToken.None);

        var restarting = await launcher.WaitForEventAsync(LauncherEvents.RestartingPromscale, _bound);
        var again = await launcher.WaitForEventAsync(LauncherEvents.PromscaleReadyAgain, _bound);
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        Assert.Equal(("promscale-unhealthy", "SIGINT"), (restarting.Property("Cause"), restarting.Property("SentSignal")));
        var stopped = Assert.Single(launcher.Events, e => e.Is(LauncherEvents.PromscaleStoppedForRestart));
        Assert.Equal("graceful shutdown, exit 0", stopped.Property("How"));
        Assert.InRange(long.Parse(again.Property("RestartMs")!), 1, 30_000);
        Assert.Equal(2, launcher.Events.Count(e => e.Is(LauncherEvents.PromscaleStarted)));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Leaves_a_0_17_that_reconnects_by_itself_running()
    {
        // Enough failures in a row to let the pool drop each connection the restart ended and open a new one.
        var (cluster, environment) = await StartAsync(("FAKE_PROMSCALE_AFTER_CONNECTION_LOSS", "recovers"), ("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "20"));
        await using var _ = cluster;
        await using var launcher = RunningLauncher.Start(environment);
        var pid = await launcher.PromscalePidAsync();
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        await cluster.RestartServerAsync(CancellationToken.None);

        var failed = await launcher.WaitForEventAsync(LauncherEvents.HealthCheckFailed, _bound);
        var recovered = await launcher.WaitForEventAsync(LauncherEvents.PromscaleRecovered, _bound);
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        Assert.StartsWith("500", failed.Property("LastHealthCheck"), StringComparison.Ordinal);
        Assert.InRange(int.Parse(recovered.Property("Failures")!), 1, 19);
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.RestartingPromscale));
        Assert.Single(launcher.Events, e => e.Is(LauncherEvents.PromscaleStarted, "Pid", pid.ToString()));
    }
}
