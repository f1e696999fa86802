using Npgsql;

namespace PromscaleLauncher.Export;

/// <summary>
/// What the receiver acknowledged, kept in the source database in the launcher's own schema (docs/export.md, "Progress"):
/// export_run fixes a target's range and window at its first run; export_progress has one row per metric and window
/// with the last acknowledged (series_id, time) and whether the window is complete. A batch is recorded right after
/// the receiver's 2xx, so --resume continues after it and never sends it again.
/// </summary>
internal static class ExportProgressStore
{
    public const string Schema = "promscale_launcher";
    public const string RemoveCommand = "DROP SCHEMA promscale_launcher CASCADE";

    private const string CreateSql =
        """
        CREATE SCHEMA IF NOT EXISTS promscale_launcher;
        CREATE TABLE IF NOT EXISTS promscale_launcher.export_run (
            target text PRIMARY KEY,
            range_start timestamptz,
            range_end timestamptz NOT NULL,
            window_seconds bigint NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS promscale_launcher.export_progress (
            target text NOT NULL REFERENCES promscale_launcher.export_run ON DELETE CASCADE,
            metric text NOT NULL,
            window_start timestamptz NOT NULL,
            window_end timestamptz NOT NULL,
            sent_through_series bigint,
            sent_through_time timestamptz,
            samples bigint NOT NULL DEFAULT 0,
            done boolean NOT NULL DEFAULT false,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (target, metric, window_start)
        );
        """;

    /// <summary>What is missing for the store to work: null when it can be used (or created), else the privilege.</summary>
    public static async Task<string?> MissingPrivilegeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT CASE
                WHEN to_regclass('promscale_launcher.export_progress') IS NULL OR to_regclass('promscale_launcher.export_run') IS NULL
                    THEN CASE WHEN to_regnamespace('promscale_launcher') IS NULL
                        THEN CASE WHEN has_database_privilege(current_database(), 'CREATE') THEN NULL ELSE 'CREATE on database ' || quote_ident(current_database()) END
                        ELSE CASE WHEN has_schema_privilege('promscale_launcher', 'CREATE') THEN NULL ELSE 'CREATE on schema promscale_launcher' END END
                WHEN NOT has_table_privilege('promscale_launcher.export_progress', 'SELECT, INSERT, UPDATE')
                    OR NOT has_table_privilege('promscale_launcher.export_run', 'SELECT, INSERT')
                    THEN 'SELECT, INSERT, UPDATE on promscale_launcher.export_run and export_progress'
                ELSE NULL END
            """, connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('promscale_launcher.export_progress') IS NOT NULL AND to_regclass('promscale_launcher.export_run') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task CreateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CreateSql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public sealed record Run(DateTimeOffset? RangeStart, DateTimeOffset RangeEnd, TimeSpan Window, DateTimeOffset StartedAt, long WindowsDone);

    public static async Task<Run?> ReadRunAsync(NpgsqlConnection connection, string target, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT r.range_start, r.range_end, r.window_seconds, r.started_at,
                   (SELECT count(*) FROM promscale_launcher.export_progress p WHERE p.target = r.target AND p.done)
            FROM promscale_launcher.export_run r WHERE r.target = @target
            """, connection);
        command.Parameters.AddWithValue("target", target);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Run(
            reader.IsDBNull(0) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(0)),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(1)),
            TimeSpan.FromSeconds(reader.GetInt64(2)),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(3)),
            reader.GetInt64(4));
    }

    public static async Task CreateRunAsync(NpgsqlConnection connection, string target, DateTimeOffset? start, DateTimeOffset end, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO promscale_launcher.export_run (target, range_start, range_end, window_seconds) VALUES (@target, @start, @end, @window)", connection);
        command.Parameters.AddWithValue("target", target);
        command.Parameters.AddWithValue("start", start is { } s ? s.UtcDateTime : DBNull.Value);
        command.Parameters.AddWithValue("end", end.UtcDateTime);
        command.Parameters.AddWithValue("window", (long)window.TotalSeconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Each window's recorded progress, by (metric, window start).</summary>
    public static async Task<Dictionary<(string Metric, DateTimeOffset Start), WindowProgress>> ReadProgressAsync(NpgsqlConnection connection, string target, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT metric, window_start, sent_through_series, sent_through_time, samples, done FROM promscale_launcher.export_progress WHERE target = @target", connection);
        command.Parameters.AddWithValue("target", target);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var progress = new Dictionary<(string, DateTimeOffset), WindowProgress>();
        while (await reader.ReadAsync(cancellationToken))
        {
            SampleCursor? cursor = reader.IsDBNull(2) ? null : new SampleCursor(reader.GetInt64(2), reader.GetFieldValue<DateTime>(3));
            progress[(reader.GetString(0), new DateTimeOffset(reader.GetFieldValue<DateTime>(1)))] = new WindowProgress(cursor, reader.GetInt64(4), reader.GetBoolean(5));
        }
        return progress;
    }

    /// <summary>Records an acknowledged batch (or a window complete): called only after the receiver's 2xx.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, string target, ExportWindow window, SampleCursor? cursor, long samples, bool done, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO promscale_launcher.export_progress AS p (target, metric, window_start, window_end, sent_through_series, sent_through_time, samples, done)
            VALUES (@target, @metric, @start, @end, @series, @time, @samples, @done)
            ON CONFLICT (target, metric, window_start) DO UPDATE SET
                sent_through_series = coalesce(excluded.sent_through_series, p.sent_through_series),
                sent_through_time = coalesce(excluded.sent_through_time, p.sent_through_time),
                samples = p.samples + excluded.samples, done = excluded.done, updated_at = now()
            """, connection);
        command.Parameters.AddWithValue("target", target);
        command.Parameters.AddWithValue("metric", window.Metric.Name);
        command.Parameters.AddWithValue("start", window.Start.UtcDateTime);
        command.Parameters.AddWithValue("end", window.End.UtcDateTime);
        command.Parameters.AddWithValue("series", cursor is { } c ? c.SeriesId : DBNull.Value);
        command.Parameters.AddWithValue("time", cursor is { } t ? t.Time : DBNull.Value);
        command.Parameters.AddWithValue("samples", samples);
        command.Parameters.AddWithValue("done", done);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
