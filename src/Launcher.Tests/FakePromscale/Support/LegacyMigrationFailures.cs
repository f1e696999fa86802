using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>What a failed 0.10.0 migration looks like (docs/promscale.md §10.1).</summary>
internal static class LegacyMigrationFailures
{
    /// <summary>The end of the last line Promscale 0.10.0 logs on TimescaleDB ≥ 2.14, exactly.</summary>
    public const string DataNodes =
        "caller=runner.go:101 msg=\"aborting startup due to error\" err=\"migration error: Error while trying to migrate DB: Error encountered during migration: "
        + "error executing migration script: name preinstall/010-tracing.sql, err ERROR: relation \\\"timescaledb_information.data_nodes\\\" does not exist (SQLSTATE 42P01)\"";

    /// <summary>The migration is one transaction: after a failure none of its schemas nor its version table exist.</summary>
    public static async Task AssertNoPromscaleSchemaAsync(PostgresCluster cluster, string database)
    {
        await using var connection = await cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        Assert.Equal(
            0L,
            await PromscaleSchema.ScalarAsync<long>(connection, """
                SELECT count(*) FROM pg_namespace WHERE nspname IN ('_prom_catalog', 'prom_api', 'prom_data', 'prom_data_series', '_ps_trace', 'ps_trace')
                """));
        Assert.Null(await PromscaleSchema.ScalarAsync<string>(connection, "SELECT to_regclass('public.prom_schema_migrations')::text"));
    }
}
