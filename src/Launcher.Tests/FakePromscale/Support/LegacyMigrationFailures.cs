using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>What a failed 0.10.0 migration looks like (docs/promscale.md §10.1).</summary>
internal static class LegacyMigrationFailures
{
    /// <summary>The end of the last line Promscale 0.10.0 logs on TimescaleDB ≥ 2.14, exactly.</summary>
    public const string DataNodes =
        "caller=runner.go:101 msg=\"aborting startup due to error\" err=\"migration error: Error while trying to migrate DB: Error encountered during migration: "
        + "error executing migration script: name preinstall/010-tracing.sql, err ERROR: relation \\\"timescaledb_information.data_nodes\\\" does not exist (SQLSTATE 42P01)\"";

    /// <summary>
    /// Runs the fake 0.10.0 with <c>-migrate=only</c> (extensions left alone) on a database where TimescaleDB ≥ 2.14 is
    /// created: exit 1, the data_nodes chain as its last line, nothing left behind.
    /// </summary>
    public static async Task AssertMigrateOnlyFailsOnDataNodesAsync(PostgresCluster cluster, string database)
    {
        var (code, fake) = await RunningFake.RunAsync(
            FakeOnCluster.Environment("0.10.0", ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false")),
            $"-db.uri={cluster.UrlFor(PostgresCluster.CreatorRole, database, "sslmode=disable")}",
            "-migrate=only");

        Assert.Equal(1, code);
        Assert.EndsWith(DataNodes, fake.Stderr[^1]);
        await AssertNoPromscaleSchemaAsync(cluster, database);
    }

    /// <summary>The migration is one transaction: after a failure none of its schemas nor its version table exist.</summary>
    public static async Task AssertNoPromscaleSchemaAsync(PostgresCluster cluster, string database)
    {
        await using var connection = await cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        Assert.Equal(
            0L,
            await SqlQueries.ScalarAsync<long>(connection, """
                SELECT count(*) FROM pg_namespace WHERE nspname IN ('_prom_catalog', 'prom_api', 'prom_data', 'prom_data_series', '_ps_trace', 'ps_trace')
                """));
        Assert.Null(await SqlQueries.ScalarAsync<string>(connection, "SELECT to_regclass('public.prom_schema_migrations')::text"));
    }
}
