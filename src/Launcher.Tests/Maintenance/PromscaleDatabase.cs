using Npgsql;
using PromscaleLauncher.Tests.FakePromscale.Support;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>
/// A database with the fake Promscale 0.10.0's schema, installed as Promscale does it (its own -migrate=only run, as the
/// role with CREATEROLE that owns the database), optionally TimescaleDB created afterwards by the same role (the first
/// install of docs/promscale.md §10.1: later metrics are hypertables, the trace tables stay plain), and metrics created
/// through the schema's own functions with samples at chosen ages.
/// </summary>
internal sealed class PromscaleDatabase(PostgresCluster cluster, string name)
{
    public const string Owner = PostgresCluster.CreatorRole;

    public string Name => name;

    public static async Task<PromscaleDatabase> CreateAsync(PostgresCluster cluster, bool timescaleDb)
    {
        var database = await cluster.CreateDatabaseAsync(Owner);
        await PromscaleSchema.MigrateOnlyAsync(cluster, Owner, database);
        if (timescaleDb)
        {
            await using var connection = await cluster.OpenAsync(Owner, database);
            await SqlQueries.ExecuteAsync(connection, "CREATE EXTENSION timescaledb");
        }
        return new PromscaleDatabase(cluster, database);
    }

    public Task<NpgsqlConnection> OpenAsync() => cluster.OpenAsync(Owner, name);

    /// <summary>A metric created as ingest creates it, one sample per age before now, and its own retention when given.</summary>
    public async Task CreateMetricAsync(string metric, TimeSpan[] ages, TimeSpan? retention = null)
    {
        await using var connection = await OpenAsync();
        var table = await PromscaleSchema.CreateMetricAsync(connection, metric);
        await PromscaleSchema.InsertSamplesAsync(connection, table, ages);
        if (retention is { } period)
        {
            await using var command = new NpgsqlCommand("SELECT prom_api.set_metric_retention_period(@metric, @period)", connection);
            command.Parameters.AddWithValue("metric", metric);
            command.Parameters.AddWithValue("period", period);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task<long> CountSamplesAsync(string metric)
    {
        await using var connection = await OpenAsync();
        return (await PromscaleSchema.SamplesAsync(connection, $"prom_data.\"{metric}\"")).Rows;
    }

    public async Task<long> CountChunksAsync()
    {
        await using var connection = await OpenAsync();
        return await SqlQueries.ScalarAsync<long>(connection, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = 'prom_data'");
    }

    /// <summary>
    /// TEST-ONLY replacement of the procedure by one that only sleeps: a long pass, to cancel or to overlap. Not Promscale's
    /// behaviour, only its duration.
    /// </summary>
    public async Task MakeMaintenanceSlowAsync(int seconds)
    {
        await using var connection = await OpenAsync();
        await SqlQueries.ExecuteAsync(connection,
            $"CREATE OR REPLACE PROCEDURE prom_api.execute_maintenance(log_verbose boolean = false) LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep({seconds}); END $$");
    }
}
