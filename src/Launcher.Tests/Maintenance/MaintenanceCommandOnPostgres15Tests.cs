using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>
/// `promscale-launcher maintenance` on PostgreSQL 15 with the preloadable TimescaleDB stand-in (2.23.1, as on
/// Scalingo), whose library defines timescaledb.enable_deprecation_warnings: the launcher turns those warnings off.
/// The schema is installed by the fake's -migrate=only, which 0.10.0 runs before its PostgreSQL version check.
/// </summary>
[Collection(PostgresCollections.V15)]
public sealed class MaintenanceCommandOnPostgres15Tests(Postgres15Fixture fixture)
{
    private PostgresCluster Cluster => fixture.Cluster;

    [PostgresFact(PostgresVersion.V15)]
    public async Task Drops_old_chunks_after_a_first_install_stand_in()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: true);
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromDays(3), TimeSpan.FromHours(1)], retention: TimeSpan.FromDays(1));
        var chunks = await database.CountChunksAsync();

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, PromscaleDatabase.Owner, database.Name), "maintenance");

        Assert.True(result.ExitCode == 0, result.ToString());
        var done = Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone));
        Assert.Equal(chunks.ToString(), done.Property("ChunksBefore"));
        Assert.Equal(1, await database.CountSamplesAsync("cpu_seconds"));
        // The fake's procedure reads TimescaleDB's catalog through the deprecated aliases, once per chunk, as 0.10.0's
        // does: silenced by the launcher's SET. Only the three trace-table warnings remain, summarised in one line.
        Assert.Equal("0", done.Property("DeprecationWarnings"));
        Assert.Equal("3", done.Property("TraceTableWarnings"));
        Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenanceTraceTableWarnings));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.MaintenanceWarning));
    }
}
