using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>
/// Reading and feeding the fake's stand-in of Promscale 0.10.0's schema (docs/promscale.md §10.2–10.3) as a client
/// would: metrics are created through <c>_prom_catalog.get_or_create_metric_table_name</c>, samples inserted into
/// <c>prom_data.&lt;table_name&gt;</c>.
/// </summary>
internal static class PromscaleSchema
{
    /// <summary>The Promscale 0.10.0 run that installs the schema and exits: what the launcher's first install runs.</summary>
    public static async Task<RunningFake> MigrateOnlyAsync(PostgresCluster cluster, string role, string database)
    {
        var (code, fake) = await RunningFake.RunAsync(
            FakeOnCluster.Environment("0.10.0", ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false")),
            $"-db.uri={cluster.UrlFor(role, database, "sslmode=disable")}",
            "-migrate=only");
        Assert.True(code == 0, $"-migrate=only exited {code}: {fake.StderrText}");
        return fake;
    }

    /// <summary>
    /// A database where Promscale 0.10.0 already runs on today's TimescaleDB: its schema installed while TimescaleDB
    /// was not created, then TimescaleDB created (docs/promscale.md §10.1). Returns the database's name.
    /// </summary>
    public static async Task<string> ExistingDatabaseWithTimescaleDbAsync(PostgresCluster cluster, string owner)
    {
        var database = await cluster.CreateDatabaseAsync(owner);
        await MigrateOnlyAsync(cluster, owner, database);
        await cluster.EnableTimescaleDbAsync(database);
        return database;
    }

    /// <summary>Creates the metric as ingest does and returns its data table, e.g. <c>prom_data."cpu"</c>.</summary>
    public static async Task<string> CreateMetricAsync(NpgsqlConnection connection, string metric)
    {
        await using var command = new NpgsqlCommand("SELECT table_name::text FROM _prom_catalog.get_or_create_metric_table_name(@metric)", connection);
        command.Parameters.AddWithValue("metric", metric);
        var table = (string)(await command.ExecuteScalarAsync())!;
        await SqlQueries.ExecuteAsync(connection, "CALL _prom_catalog.finalize_metric_creation()");
        return $"prom_data.\"{table}\"";
    }

    /// <summary>The hypertables TimescaleDB lists, as <c>schema.table</c>.</summary>
    public static async Task<List<string>> HypertablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT hypertable_schema || '.' || hypertable_name FROM timescaledb_information.hypertables ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public static Task<long> ChunksAsync(NpgsqlConnection connection, string dataTable)
        => SqlQueries.ScalarAsync<long>(connection, $"SELECT count(*) FROM public.show_chunks('{dataTable.Replace("'", "''", StringComparison.Ordinal)}')");

    /// <summary>Runs <c>CALL prom_api.execute_maintenance()</c> and returns the WARNINGs it sent to the client.</summary>
    public static async Task<List<string>> ExecuteMaintenanceAsync(NpgsqlConnection connection)
    {
        var warnings = new List<string>();
        void OnNotice(object sender, NpgsqlNoticeEventArgs e)
        {
            if (e.Notice.InvariantSeverity == "WARNING")
            {
                warnings.Add(e.Notice.MessageText);
            }
        }

        connection.Notice += OnNotice;
        try
        {
            await SqlQueries.ExecuteAsync(connection, "CALL prom_api.execute_maintenance()");
        }
        finally
        {
            connection.Notice -= OnNotice;
        }

        return warnings;
    }

    /// <summary>One sample of series 1 per age, at now() − age.</summary>
    public static async Task InsertSamplesAsync(NpgsqlConnection connection, string dataTable, params TimeSpan[] ages)
    {
        foreach (var age in ages)
        {
            await using var command = new NpgsqlCommand($"INSERT INTO {dataTable} (time, value, series_id) VALUES (now() - @age, 1, 1)", connection);
            command.Parameters.AddWithValue("age", age);
            await command.ExecuteNonQueryAsync();
        }
    }

    public static async Task<(long Rows, TimeSpan? OldestAge)> SamplesAsync(NpgsqlConnection connection, string dataTable)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*), now() - min(time) FROM {dataTable}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<TimeSpan>(1));
    }
}
