using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>
/// The maintenance loop beside a running (fake) Promscale 0.10.0 on PostgreSQL 14 without TimescaleDB (plain metric
/// tables: the procedure DELETEs old rows; a run with TimescaleDB dropping chunks is in FirstInstallOnPostgres14PreloadedTests):
/// passes after ready and every PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL, skipped while another runner holds the lock,
/// failures that never stop Promscale, cancelled (query and all) by SIGTERM without holding up the stop. The
/// maintenance command's tests show the same pass dropping chunks on the stand-ins.
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class MaintenanceDuringRunOnPostgres14Tests(Postgres14Fixture fixture)
{
    private const long LockKey = 5786084564062327857;
    private const int SigTerm = 15;
    private static readonly TimeSpan _passWait = TimeSpan.FromSeconds(30);

    private PostgresCluster Cluster => fixture.Cluster;

    private Dictionary<string, string> Environment(PromscaleDatabase database, string interval) =>
        LauncherEnvironment.For(Cluster, PromscaleDatabase.Owner, database.Name,
            overrides: [("PORT", FreePort.Next().ToString()), ("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", interval), ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false")]);

    [PostgresFact(PostgresVersion.V14)]
    public async Task Deletes_old_samples_after_ready_and_runs_again_after_the_interval()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: false);
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromDays(3), TimeSpan.FromDays(2), TimeSpan.FromHours(1)], retention: TimeSpan.FromDays(1));

        await using var launcher = RunningLauncher.Start(Environment(database, "1s"));

        var ready = await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        var scheduled = await launcher.WaitForEventAsync(LauncherEvents.MaintenanceScheduled, _passWait);
        Assert.Equal("1s", scheduled.Property("Interval"));
        var first = await launcher.WaitForEventAsync(LauncherEvents.MaintenancePassDone, _passWait);
        Assert.True(first.Timestamp >= ready.Timestamp);
        Assert.Equal("1", first.Property("MetricsBefore"));
        Assert.Equal(1, await database.CountSamplesAsync("cpu_seconds"));
        await launcher.WaitForEventAsync(e => e.Is(LauncherEvents.MaintenancePassDone) && e.Timestamp > first.Timestamp, "a second pass", _passWait);

        launcher.Signal(SigTerm);
        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.MaintenancePassFailed));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Skips_passes_while_another_runner_holds_the_lock_and_runs_once_it_is_free()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: false);
        var otherRunner = await database.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", otherRunner))
        {
            await take.ExecuteNonQueryAsync();
        }

        await using var launcher = RunningLauncher.Start(Environment(database, "1s"));

        var skipped = await launcher.WaitForEventAsync(LauncherEvents.MaintenancePassSkipped, _passWait);
        Assert.Equal(otherRunner.ProcessID.ToString(), skipped.Property("HolderPid"));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.MaintenancePassDone));
        await otherRunner.DisposeAsync();
        await launcher.WaitForEventAsync(e => e.Is(LauncherEvents.MaintenancePassDone) && e.Timestamp > skipped.Timestamp, "a pass once the lock is free", _passWait);

        launcher.Signal(SigTerm);
        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Cancels_a_long_pass_on_SIGTERM_without_holding_up_the_stop()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: false);
        await database.MakeMaintenanceSlowAsync(seconds: 120);
        await using var observer = await Cluster.OpenSuperuserAsync(database.Name);

        await using var launcher = RunningLauncher.Start(Environment(database, "1s"));
        await launcher.WaitForEventAsync(LauncherEvents.MaintenanceScheduled, _passWait);
        await MaintenanceSessions.WaitForCallAsync(observer, _passWait);
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(launcher.Events, e => e.Is(LauncherEvents.MaintenanceCancelled));
        Assert.Single(launcher.Events, e => e.Is(LauncherEvents.PromscaleStopped));
        Assert.Equal(0, await MaintenanceSessions.CountAsync(observer));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Keeps_Promscale_running_through_failed_passes_and_logs_the_fix_after_three()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: false);
        await using (var connection = await database.OpenAsync())
        {
            // TEST-ONLY: a procedure that always fails.
            await Support.Postgres.SqlQueries.ExecuteAsync(connection,
                "CREATE OR REPLACE PROCEDURE prom_api.execute_maintenance(log_verbose boolean = false) LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'stand-in failure' USING ERRCODE = 'XX001'; END $$");
        }

        await using var launcher = RunningLauncher.Start(Environment(database, "1s"));

        var failing = await launcher.WaitForEventAsync(LauncherEvents.MaintenanceFailing, _passWait);
        Assert.Equal("3", failing.Property("Failures"));
        Assert.NotNull(failing.Property("Fix"));
        Assert.Equal(3, launcher.Events.Count(e => e.Is(LauncherEvents.MaintenancePassFailed, "SqlState", "XX001")));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.PromscaleExited));
        launcher.Signal(SigTerm);
        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Runs_no_pass_when_the_interval_is_off()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: false);

        await using var launcher = RunningLauncher.Start(Environment(database, "off"));
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        await launcher.WaitForEventAsync(LauncherEvents.MaintenanceNotScheduled);
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.MaintenanceScheduled) || e.Is(LauncherEvents.MaintenancePassDone));
    }
}
