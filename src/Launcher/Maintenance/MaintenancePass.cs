using System.Globalization;
using Npgsql;
using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Maintenance;

/// <summary>
/// One call of prom_api.execute_maintenance() on a connection of its own (docs/promscale.md §10.2): the launcher's
/// lock first, then the deprecation warnings off (when the setting exists), a statement timeout, the chunk and metric
/// counts before, the CALL in autocommit (the procedure COMMITs inside: it must not run in a transaction block), and
/// the counts after. The caller opens the connection and closes it afterwards (<see cref="MaintenanceDataSource"/>).
/// </summary>
internal sealed class MaintenancePass(TimeSpan statementTimeout, TimeProvider timeProvider)
{
    // Whether Promscale's schema is there, what the edition is, and whether Promscale scheduled its own job
    // (_prom_catalog.execute_maintenance_job, added only under the Timescale licence).
    private const string StateSql = """
        SELECT
            EXISTS (SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'prom_api' AND p.proname = 'execute_maintenance'),
            current_setting('timescaledb.license', true),
            to_regclass('timescaledb_information.jobs') IS NOT NULL,
            EXISTS (SELECT FROM pg_settings WHERE name = 'timescaledb.enable_deprecation_warnings'),
            to_regclass('timescaledb_information.chunks') IS NOT NULL
        """;

    private const string JobSql = """
        SELECT count(*) > 0 FROM timescaledb_information.jobs
        WHERE proc_schema = '_prom_catalog' AND proc_name = 'execute_maintenance_job'
        """;

    public string StatementTimeoutText => MaintenanceSchedule.Format(statementTimeout);

    /// <param name="connection">Open, unpooled, used by nothing else; the caller closes it.</param>
    /// <param name="schedule">Auto: leave the work to Promscale's own job when it is scheduled. The `maintenance`
    /// command passes an explicit schedule: the operator asked for a pass.</param>
    /// <param name="cancellationToken">Cancels the running query (PostgreSQL's cancel request).</param>
    public async Task<MaintenancePassResult> RunAsync(NpgsqlConnection connection, MaintenanceSchedule schedule, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var notices = new MaintenanceNotices();
        connection.Notice += (_, args) => notices.Observe(args.Notice);
        try
        {
            return await RunAsync(connection, schedule, started, notices, cancellationToken);
        }
        catch (NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything before or after the CALL (permission denied on the catalog, the connection lost): a failed pass.
            return new MaintenancePassResult(MaintenanceOutcome.Failed, timeProvider.GetElapsedTime(started))
            {
                Notices = notices,
                Failure = MaintenanceFailure.From(exception, connected: true),
            };
        }
    }

    private async Task<MaintenancePassResult> RunAsync(NpgsqlConnection connection, MaintenanceSchedule schedule, long started, MaintenanceNotices notices,
        CancellationToken cancellationToken)
    {
        MaintenancePassResult Result(MaintenanceOutcome outcome) => new(outcome, timeProvider.GetElapsedTime(started)) { Notices = notices };

        bool hasSchema, hasJobs, hasDeprecationSetting, hasChunks;
        string? license;
        await using (var command = new NpgsqlCommand(StateSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            hasSchema = reader.GetBoolean(0);
            license = reader.IsDBNull(1) ? null : reader.GetString(1);
            hasJobs = reader.GetBoolean(2);
            hasDeprecationSetting = reader.GetBoolean(3);
            hasChunks = reader.GetBoolean(4);
        }
        if (!hasSchema)
        {
            return Result(MaintenanceOutcome.NoSchema);
        }
        var promscaleJob = hasJobs && await ScalarAsync<bool>(connection, JobSql, cancellationToken);
        if (!schedule.Runs(license, promscaleJob))
        {
            return Result(MaintenanceOutcome.LeftToPromscale);
        }

        if (!await MaintenanceLock.TryAcquireAsync(connection, cancellationToken))
        {
            var (pid, application) = await MaintenanceLock.FindHolderAsync(connection, cancellationToken);
            return Result(MaintenanceOutcome.LockHeld) with { LockHolderPid = pid, LockHolderApplication = application };
        }

        if (hasDeprecationSetting)
        {
            // One warning per chunk examined on TimescaleDB ≥ 2.12 otherwise; any role may set it.
            await ExecuteAsync(connection, "SET timescaledb.enable_deprecation_warnings = off", cancellationToken);
        }
        var timeoutMs = ((long)statementTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(connection, $"SET statement_timeout = {timeoutMs}", cancellationToken);

        var (chunksBefore, metricsBefore) = await CountAsync(connection, hasChunks, cancellationToken);
        try
        {
            await ExecuteAsync(connection, "CALL prom_api.execute_maintenance()", cancellationToken);
        }
        catch (PostgresException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(MaintenanceOutcome.Failed) with
            {
                Failure = MaintenanceFailure.From(exception, connected: true),
                ChunksBefore = chunksBefore,
                MetricsBefore = metricsBefore,
            };
        }
        var (chunksAfter, metricsAfter) = await CountAsync(connection, hasChunks, cancellationToken);
        return Result(MaintenanceOutcome.Done) with
        {
            ChunksBefore = chunksBefore,
            ChunksAfter = chunksAfter,
            MetricsBefore = metricsBefore,
            MetricsAfter = metricsAfter,
        };
    }

    private static async Task<(long? Chunks, long Metrics)> CountAsync(NpgsqlConnection connection, bool hasChunks, CancellationToken cancellationToken)
    {
        var chunks = hasChunks
            ? await ScalarAsync<long>(connection, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = 'prom_data'", cancellationToken)
            : (long?)null;
        var metrics = await ScalarAsync<long>(connection, "SELECT count(*) FROM _prom_catalog.metric", cancellationToken);
        return (chunks, metrics);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
