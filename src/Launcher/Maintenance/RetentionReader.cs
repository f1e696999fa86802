using System.Globalization;
using Npgsql;

namespace PromscaleLauncher.Maintenance;

/// <summary>
/// Reads the default and per-metric retention (docs/promscale.md §10.2) and the age of each metric's oldest data:
/// from chunk ranges for hypertables (timescaledb_information.chunks, no table read), from min(time) for plain tables
/// up to <see cref="PlainTableReadLimitBytes"/> (Promscale's only index on them starts with series_id, so min(time) is a
/// sequential scan), not measured above. Whether Promscale's own job is scheduled (timescaledb_information.jobs).
/// </summary>
internal static class RetentionReader
{
    public const long PlainTableReadLimitBytes = 64L * 1024 * 1024;

    /// <summary>Promscale's seeded default (`_prom_catalog."default"`, key chunk_interval), for plain tables.</summary>
    private static readonly TimeSpan _defaultChunkInterval = TimeSpan.FromHours(8);

    private const string ShapeSql = """
        SELECT to_regclass('_prom_catalog.metric') IS NOT NULL AND to_regclass('_prom_catalog."default"') IS NOT NULL,
               to_regclass('timescaledb_information.chunks') IS NOT NULL AND to_regclass('timescaledb_information.dimensions') IS NOT NULL
                   AND to_regclass('timescaledb_information.hypertables') IS NOT NULL,
               to_regclass('timescaledb_information.jobs') IS NOT NULL,
               current_setting('timescaledb.license', true)
        """;

    private const string MetricsSql = """
        SELECT extract(epoch FROM (SELECT value::interval FROM _prom_catalog."default" WHERE key = 'retention_period'))::float8,
               extract(epoch FROM (SELECT value::interval FROM _prom_catalog."default" WHERE key = 'chunk_interval'))::float8;
        SELECT m.metric_name::text, m.table_name::text,
               extract(epoch FROM m.retention_period)::float8,
               coalesce(pg_relation_size(to_regclass(format('prom_data.%I', m.table_name))), 0)::int8,
               to_regclass(format('prom_data.%I', m.table_name)) IS NOT NULL
        FROM _prom_catalog.metric m
        ORDER BY m.metric_name
        """;

    private const string ChunksSql = """
        SELECT h.hypertable_name::text,
               extract(epoch FROM now() - (SELECT min(c.range_start) FROM timescaledb_information.chunks c
                                           WHERE c.hypertable_schema = h.hypertable_schema AND c.hypertable_name = h.hypertable_name))::float8,
               extract(epoch FROM (SELECT d.time_interval FROM timescaledb_information.dimensions d
                                   WHERE d.hypertable_schema = h.hypertable_schema AND d.hypertable_name = h.hypertable_name
                                   ORDER BY d.dimension_number LIMIT 1))::float8
        FROM timescaledb_information.hypertables h
        WHERE h.hypertable_schema = 'prom_data'
        """;

    private const string JobSql = """
        SELECT count(*) > 0 FROM timescaledb_information.jobs
        WHERE proc_schema = '_prom_catalog' AND proc_name = 'execute_maintenance_job'
        """;

    /// <summary>Null when the database has no Promscale schema.</summary>
    public static async Task<RetentionReading?> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        bool hasSchema, hasChunks, hasJobs;
        string? license;
        await using (var command = new NpgsqlCommand(ShapeSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (hasSchema, hasChunks, hasJobs) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
            license = reader.IsDBNull(3) ? null : reader.GetString(3);
        }
        if (!hasSchema)
        {
            return null;
        }

        TimeSpan defaultRetention, chunkIntervalDefault;
        var tables = new List<(string Metric, string Table, TimeSpan? Own, long Bytes, bool Exists)>();
        await using (var command = new NpgsqlCommand(MetricsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            // Promscale seeds 90 days; an empty row would mean a damaged catalog, and execute_maintenance would keep everything.
            defaultRetention = reader.IsDBNull(0) ? TimeSpan.MaxValue : TimeSpan.FromSeconds(reader.GetDouble(0));
            chunkIntervalDefault = reader.IsDBNull(1) ? _defaultChunkInterval : TimeSpan.FromSeconds(reader.GetDouble(1));
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : TimeSpan.FromSeconds(reader.GetDouble(2)),
                    reader.GetInt64(3), reader.GetBoolean(4)));
            }
        }

        var hypertables = new Dictionary<string, (TimeSpan? OldestAge, TimeSpan? ChunkInterval)>(StringComparer.Ordinal);
        if (hasChunks)
        {
            await using var command = new NpgsqlCommand(ChunksSql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hypertables[reader.GetString(0)] = (reader.IsDBNull(1) ? null : TimeSpan.FromSeconds(reader.GetDouble(1)),
                    reader.IsDBNull(2) ? null : TimeSpan.FromSeconds(reader.GetDouble(2)));
            }
        }

        var metrics = new List<MetricRetention>();
        foreach (var (metric, table, own, bytes, exists) in tables)
        {
            var retention = new MetricRetention(metric, own ?? defaultRetention, own is not null) { ChunkInterval = chunkIntervalDefault };
            if (hypertables.TryGetValue(table, out var hypertable))
            {
                retention = retention with
                {
                    OldestAge = hypertable.OldestAge,
                    ChunkInterval = hypertable.ChunkInterval ?? chunkIntervalDefault,
                    Source = hypertable.OldestAge is null ? RetentionSource.NoData : RetentionSource.Chunks,
                };
            }
            else if (!exists)
            {
                retention = retention with { Source = RetentionSource.NoData };
            }
            else if (bytes > PlainTableReadLimitBytes)
            {
                retention = retention with { Source = RetentionSource.NotMeasured };
            }
            else
            {
                var age = await OldestAgeOfPlainTableAsync(connection, table, cancellationToken);
                retention = retention with { OldestAge = age, Source = age is null ? RetentionSource.NoData : RetentionSource.MinTime };
            }
            metrics.Add(retention);
        }

        bool? job = hasJobs ? await ScalarAsync<bool>(connection, JobSql, cancellationToken) : null;
        return new RetentionReading(defaultRetention, metrics, license, job);
    }

    private static async Task<TimeSpan?> OldestAgeOfPlainTableAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var quoted = "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var command = new NpgsqlCommand($"SELECT extract(epoch FROM now() - min(time))::float8 FROM prom_data.{quoted}", connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is double seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>An age or interval for a report: "90d", "3d 4h", "5h 12m", "42s".</summary>
    public static string Describe(TimeSpan span)
    {
        if (span == TimeSpan.MaxValue)
        {
            return "unset";
        }
        if (span.TotalDays >= 1)
        {
            return span.Hours > 0 ? $"{(int)span.TotalDays}d {span.Hours}h" : $"{(int)span.TotalDays}d";
        }
        if (span.TotalHours >= 1)
        {
            return span.Minutes > 0 ? $"{(int)span.TotalHours}h {span.Minutes}m" : $"{(int)span.TotalHours}h";
        }
        return span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m" : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s");
    }
}
