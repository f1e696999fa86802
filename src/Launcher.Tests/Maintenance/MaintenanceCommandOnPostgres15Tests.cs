using PromscaleLauncher.Tests.FakePromscale.Support;
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
        Assert.Equal(chunks.ToString(), Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone)).Property("ChunksBefore"));
        Assert.Equal(1, await database.CountSamplesAsync("cpu_seconds"));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Turns_off_TimescaleDB_s_deprecation_warnings_where_the_library_defines_the_setting_stand_in()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: true);
        await MaintenanceCallingADeprecatedFunctionAsync(database);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, PromscaleDatabase.Owner, database.Name), "maintenance");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0", Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone)).Property("DeprecationWarnings"));
    }

    /// <summary>TEST-ONLY procedure: calls one deprecated _timescaledb_internal alias, as 0.10.0's does once per chunk (§10.2).</summary>
    internal static async Task MaintenanceCallingADeprecatedFunctionAsync(PromscaleDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await PromscaleSchema.ExecuteAsync(connection,
            "CREATE OR REPLACE PROCEDURE prom_api.execute_maintenance(log_verbose boolean = false) LANGUAGE plpgsql AS $$ BEGIN PERFORM _timescaledb_internal.to_unix_microseconds(now()); END $$");
    }
}
