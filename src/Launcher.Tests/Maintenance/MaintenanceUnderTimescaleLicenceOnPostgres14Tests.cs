using PromscaleLauncher.Configuration;
using PromscaleLauncher.Maintenance;
using PromscaleLauncher.Tests.FakePromscale.Support;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>
/// Under the Timescale licence Promscale 0.10.0 schedules its own maintenance jobs at its migration (docs/promscale.md
/// §10.2), which the fake does too, on TimescaleDB 2.5.0 (before 2.14, where that migration still works): automatic
/// mode then leaves maintenance to Promscale. On its own PostgreSQL 14 whose configuration sets the stand-in's licence to
/// "timescale"; the pass is run in-process.
/// </summary>
public sealed class MaintenanceUnderTimescaleLicenceOnPostgres14Tests
{
    [PostgresFact(PostgresVersion.V14)]
    public async Task Leaves_maintenance_to_Promscale_s_own_jobs_unless_an_interval_is_set_SQL_stand_in()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions(PostgresVersion.V14) { TimescaleDbLicense = "timescale" }, timeout.Token);
        var database = await cluster.CreateDatabaseAsync(PromscaleDatabase.Owner);
        await cluster.EnableTimescaleDbAsync(database, "2.5.0");
        await PromscaleSchema.MigrateOnlyAsync(cluster, PromscaleDatabase.Owner, database);

        var report = CheckJsonReport.Of(await LauncherProcess.RunAsync(LauncherEnvironment.For(cluster, PromscaleDatabase.Owner, database), "check", "--json"));

        var schedule = report.Check("maintenance.schedule");
        Assert.Equal("ok", schedule.Status);
        Assert.Equal("scheduled", schedule.Evidence("promscale_job"));
        Assert.Equal("off", schedule.Evidence("launcher_interval"));
        Assert.Equal("0", report.Check("connections.budget").Evidence("maintenance_connections"));

        var pass = new MaintenancePass(TimeSpan.FromMinutes(1), TimeProvider.System);
        await using (var connection = await cluster.OpenAsync(PromscaleDatabase.Owner, database, timeout.Token))
        {
            Assert.Equal(MaintenanceOutcome.LeftToPromscale, (await pass.RunAsync(connection, MaintenanceSchedule.Auto, timeout.Token)).Outcome);
        }
        await using (var connection = await cluster.OpenAsync(PromscaleDatabase.Owner, database, timeout.Token))
        {
            Assert.Equal(MaintenanceOutcome.Done, (await pass.RunAsync(connection, MaintenanceSchedule.Every(TimeSpan.FromMinutes(30)), timeout.Token)).Outcome);
        }
    }
}
