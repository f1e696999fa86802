using PromscaleLauncher.Tests.FakePromscale.Support;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>
/// Under the Timescale licence Promscale 0.10.0 schedules its own maintenance job (add_job, docs/promscale.md §10.2); the
/// fake does not, so the test adds that job as 0.10.0 would, on its own PostgreSQL 14 with the stand-in's licence set to
/// "timescale". Automatic mode then leaves maintenance to Promscale.
/// </summary>
public sealed class MaintenanceUnderTimescaleLicenceOnPostgres14Tests
{
    private const int SigTerm = 15;

    private static async Task<PromscaleDatabase> DatabaseWithPromscaleJobAsync(PostgresCluster cluster)
    {
        var database = await PromscaleDatabase.CreateAsync(cluster, timescaleDb: true);
        await using var connection = await database.OpenAsync();
        // What 0.10.0's migration adds when NOT is_timescaledb_oss(): a job running its maintenance every 30 min.
        await PromscaleSchema.ExecuteAsync(connection, """
            CREATE PROCEDURE _prom_catalog.execute_maintenance_job(job_id int, config jsonb) LANGUAGE plpgsql AS $$ BEGIN CALL prom_api.execute_maintenance(); END $$;
            SELECT add_job('_prom_catalog.execute_maintenance_job', '30 min');
            """);
        return database;
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Leaves_maintenance_to_Promscale_s_own_job_in_check_and_run_stand_in()
    {
        await using var cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions(PostgresVersion.V14) { TimescaleDbLicense = "timescale" }, CancellationToken.None);
        var database = await DatabaseWithPromscaleJobAsync(cluster);
        var environment = LauncherEnvironment.For(cluster, PromscaleDatabase.Owner, database.Name, overrides: [("PORT", FreePort.Next().ToString())]);

        var report = CheckJsonReport.Of(await LauncherProcess.RunAsync(environment, "check", "--json"));

        var schedule = report.Check("maintenance.schedule");
        Assert.Equal("ok", schedule.Status);
        Assert.Equal("scheduled", schedule.Evidence("promscale_job"));
        Assert.Equal("off", schedule.Evidence("launcher_interval"));
        Assert.Equal("0", report.Check("connections.budget").Evidence("maintenance_connections"));

        await using var launcher = RunningLauncher.Start(environment);
        var left = await launcher.WaitForEventAsync(LauncherEvents.MaintenanceNotScheduled, TimeSpan.FromSeconds(30));
        Assert.Contains("execute_maintenance_job", left.Message);
        launcher.Signal(SigTerm);
        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.MaintenancePassDone) || e.Is(LauncherEvents.MaintenancePassSkipped));
    }
}
