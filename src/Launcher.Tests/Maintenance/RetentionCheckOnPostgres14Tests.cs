using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>
/// `check --json` on whether retention is effective, on PostgreSQL 14 with the fake Promscale 0.10.0's schema: plain
/// tables (min(time)) and hypertables of the TimescaleDB stand-in (chunk ranges).
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class RetentionCheckOnPostgres14Tests(Postgres14Fixture fixture)
{
    private PostgresCluster Cluster => fixture.Cluster;

    private async Task<CheckJsonReport> CheckAsync(string database, params (string Name, string Value)[] overrides)
    {
        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, PromscaleDatabase.Owner, database, overrides: overrides), "check", "--json");
        return CheckJsonReport.Of(result);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Says_nothing_about_retention_without_a_Promscale_schema()
    {
        var database = await Cluster.CreateDatabaseAsync(PromscaleDatabase.Owner);

        var report = await CheckAsync(database);

        Assert.DoesNotContain(report.Checks, check => check.Id.StartsWith("retention.", StringComparison.Ordinal) || check.Id == "maintenance.schedule");
        // The launcher's maintenance connection is reserved in the budget (automatic: on, no Timescale licence).
        Assert.Equal("1", report.Check("connections.budget").Evidence("maintenance_connections"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reports_retention_in_force_from_chunk_ranges_after_a_first_install_stand_in()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: true);
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromHours(30), TimeSpan.FromHours(1)], retention: TimeSpan.FromDays(2));
        await database.CreateMetricAsync("requests_total", [TimeSpan.FromDays(10)]);

        var report = await CheckAsync(database.Name);

        var schedule = report.Check("maintenance.schedule");
        Assert.Equal("ok", schedule.Status);
        Assert.Equal("30m", schedule.Evidence("launcher_interval"));
        Assert.Equal("none", schedule.Evidence("promscale_job"));
        var retention = report.Check("retention.default");
        Assert.Equal((90 * 86400).ToString(), retention.Evidence("default_retention_seconds"));
        Assert.Equal("2", retention.Evidence("metrics"));
        Assert.Equal("1", retention.Evidence("own_retention_metrics"));
        var effective = report.Check("retention.effective");
        Assert.Equal("ok", effective.Status);
        Assert.Equal("chunks", effective.Evidence("source"));
        Assert.Equal("0", effective.Evidence("overdue_metrics"));
        Assert.Contains("overdue=no", effective.Evidence("metric.cpu_seconds"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Warns_that_maintenance_is_not_running_when_chunks_outlive_retention_plus_one_chunk_interval_stand_in()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: true);
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromDays(5), TimeSpan.FromHours(1)], retention: TimeSpan.FromDays(1));

        var report = await CheckAsync(database.Name, ("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", "off"));

        var effective = report.Check("retention.effective");
        Assert.Equal("warn", effective.Status);
        Assert.Equal("1", effective.Evidence("overdue_metrics"));
        Assert.Contains("overdue=yes", effective.Evidence("metric.cpu_seconds"));
        Assert.Contains("promscale-launcher maintenance", effective.Fix);
        Assert.Equal("warn", report.Check("maintenance.schedule").Status);
        Assert.Equal("off", report.Check("maintenance.schedule").Evidence("launcher_interval"));
        Assert.Equal("0", report.Check("connections.budget").Evidence("maintenance_connections"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reads_min_time_of_plain_tables_without_TimescaleDB()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: false);
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromDays(3)], retention: TimeSpan.FromDays(1));

        var report = await CheckAsync(database.Name);

        var effective = report.Check("retention.effective");
        Assert.Equal("warn", effective.Status);
        Assert.Equal("min(time)", effective.Evidence("source"));
        Assert.Equal("no TimescaleDB", report.Check("maintenance.schedule").Evidence("promscale_job"));
    }
}
