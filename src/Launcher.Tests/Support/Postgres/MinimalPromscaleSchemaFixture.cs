using System.Globalization;
using Npgsql;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// TEMPORARY, NOT PROMSCALE: the few objects of Promscale 0.10.0's schema that the launcher's maintenance and `check`
/// touch (docs/promscale.md §10.2–10.3), installed by the test as the schema owner, until the fake Promscale installs
/// its stand-in of 0.10.0's schema (branch i11-fakemig); then the tests create metrics through the fake and this file
/// goes. Plain tables only (Promscale's branch without TimescaleDB): execute_maintenance DELETEs rows older than the
/// retention, one COMMIT per metric as the real procedure does, and warns about plain trace tables like §10.1.
/// </summary>
public static class MinimalPromscaleSchemaFixture
{
    private const string SchemaSql = """
        CREATE SCHEMA _prom_catalog;
        CREATE SCHEMA prom_api;
        CREATE SCHEMA prom_data;
        CREATE TABLE _prom_catalog."default" (key text PRIMARY KEY, value text NOT NULL);
        INSERT INTO _prom_catalog."default" VALUES ('retention_period', '90 days'), ('chunk_interval', '8 hours');
        CREATE TABLE _prom_catalog.metric (
            id serial PRIMARY KEY, metric_name text NOT NULL UNIQUE, table_name name NOT NULL,
            table_schema name NOT NULL DEFAULT 'prom_data', retention_period interval);
        CREATE PROCEDURE prom_api.execute_maintenance(log_verbose boolean = false) LANGUAGE plpgsql AS $proc$
        DECLARE
            m record;
        BEGIN
            FOR m IN SELECT * FROM _prom_catalog.metric ORDER BY id LOOP
                EXECUTE format('DELETE FROM prom_data.%I WHERE time < now() - %L::interval', m.table_name,
                    coalesce(m.retention_period, (SELECT value::interval FROM _prom_catalog."default" WHERE key = 'retention_period')));
                COMMIT;
            END LOOP;
            IF to_regclass('_ps_trace.span') IS NOT NULL THEN
                RAISE WARNING 'promscale maintenance: data retention: tracing: failed to delete link data. "link" is not a hypertable or a continuous aggregate';
                RAISE WARNING 'promscale maintenance: data retention: tracing: failed to delete event data. "event" is not a hypertable or a continuous aggregate';
                RAISE WARNING 'promscale maintenance: data retention: tracing: failed to delete span data. "span" is not a hypertable or a continuous aggregate';
            END IF;
        END
        $proc$;
        """;

    public static async Task InstallAsync(PostgresCluster cluster, string owner, string database)
    {
        await using var connection = await cluster.OpenAsync(owner, database);
        await ExecuteAsync(connection, SchemaSql);
    }

    /// <summary>Plain trace tables, as after a first install on TimescaleDB ≥ 2.14: every pass then warns three times.</summary>
    public static async Task AddPlainTraceTablesAsync(PostgresCluster cluster, string owner, string database)
    {
        await using var connection = await cluster.OpenAsync(owner, database);
        await ExecuteAsync(connection, "CREATE SCHEMA _ps_trace; CREATE TABLE _ps_trace.span (start_time timestamptz); CREATE TABLE _ps_trace.event (time timestamptz); CREATE TABLE _ps_trace.link (span_start_time timestamptz)");
    }

    /// <summary>A metric with one sample at each of <paramref name="ages"/> before now, and its own retention when given.</summary>
    public static async Task CreateMetricAsync(PostgresCluster cluster, string owner, string database, string metric, TimeSpan[] ages, TimeSpan? retention = null)
    {
        await using var connection = await cluster.OpenAsync(owner, database);
        var table = "\"" + metric.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await ExecuteAsync(connection, $"""
            INSERT INTO _prom_catalog.metric (metric_name, table_name, retention_period) VALUES ('{metric}', '{metric}', {(retention is { } r ? $"'{Seconds(r)} seconds'" : "NULL")});
            CREATE TABLE prom_data.{table} (time timestamptz NOT NULL, value double precision NOT NULL, series_id bigint NOT NULL);
            CREATE UNIQUE INDEX ON prom_data.{table} (series_id, time) INCLUDE (value);
            """);
        foreach (var age in ages)
        {
            await ExecuteAsync(connection, $"INSERT INTO prom_data.{table} VALUES (now() - interval '{Seconds(age)} seconds', 1, 1)");
        }
    }

    public static async Task<long> CountSamplesAsync(PostgresCluster cluster, string owner, string database, string metric)
    {
        await using var connection = await cluster.OpenAsync(owner, database);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM prom_data.\"{metric}\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Replaces the procedure with one that runs for <paramref name="seconds"/>: a long pass to cancel or to overlap.</summary>
    public static async Task MakeMaintenanceSlowAsync(PostgresCluster cluster, string owner, string database, int seconds)
    {
        await using var connection = await cluster.OpenAsync(owner, database);
        await ExecuteAsync(connection, $"CREATE OR REPLACE PROCEDURE prom_api.execute_maintenance(log_verbose boolean = false) LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep({seconds}); END $$");
    }

    private static string Seconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
