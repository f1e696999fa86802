using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Logging;

/// <summary>The maintenance pass's events (Maintenance/; docs/diagnostics.md "Maintenance"): ids 60–69.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Maintenance: the launcher calls prom_api.execute_maintenance() every {Interval} while Promscale runs ({Why}); statement timeout {StatementTimeout}, one runner at a time (advisory lock {LockKey})")]
    public static partial void MaintenanceScheduled(ILogger logger, string interval, string why, string statementTimeout, long lockKey);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Maintenance: the launcher does not call prom_api.execute_maintenance(): {Why}")]
    public static partial void MaintenanceNotScheduled(ILogger logger, string why);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "Maintenance pass done in {DurationMs} ms: chunks {ChunksBefore} → {ChunksAfter}, metrics {MetricsBefore} → {MetricsAfter}; warnings: {TraceTableWarnings} trace-table, {DeprecationWarnings} deprecation, {OtherWarnings} other")]
    public static partial void MaintenancePassDone(ILogger logger, long durationMs, string chunksBefore, string chunksAfter, long metricsBefore, long metricsAfter,
        int traceTableWarnings, int deprecationWarnings, int otherWarnings);

    [LoggerMessage(EventId = 63, Level = LogLevel.Information, Message = "Maintenance pass skipped: another runner holds the launcher's maintenance lock (advisory key {LockKey}, pid {HolderPid}, {HolderApplication})")]
    public static partial void MaintenancePassSkipped(ILogger logger, long lockKey, string holderPid, string holderApplication);

    [LoggerMessage(EventId = 64, Level = LogLevel.Warning, Message = "Maintenance pass failed after {DurationMs} ms: {Reason} (SQLSTATE {SqlState}); Promscale keeps running{NextAttempt}")]
    public static partial void MaintenancePassFailed(ILogger logger, long durationMs, string reason, string sqlState, string nextAttempt);

    [LoggerMessage(EventId = 65, Level = LogLevel.Error, Message = "Maintenance failed {Failures} times in a row: data older than the retention is not being deleted and the database keeps growing. Fix: {Fix}")]
    public static partial void MaintenanceFailing(ILogger logger, int failures, string fix);

    [LoggerMessage(EventId = 66, Level = LogLevel.Information, Message = "Maintenance: PostgreSQL warned {Count} time(s) that Promscale's trace tables (_ps_trace.span, event, link) are not hypertables: expected after a first install on TimescaleDB ≥ 2.14, where they stay plain tables (docs/promscale.md §10.1); harmless, counted in each pass from now on, not repeated")]
    public static partial void MaintenanceTraceTableWarnings(ILogger logger, int count);

    [LoggerMessage(EventId = 67, Level = LogLevel.Warning, Message = "Maintenance: PostgreSQL warned: {Warning}")]
    public static partial void MaintenanceWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 68, Level = LogLevel.Warning, Message = "Maintenance: the database has no Promscale schema yet (no prom_api.execute_maintenance): nothing to maintain")]
    public static partial void MaintenanceNoSchema(ILogger logger);

    [LoggerMessage(EventId = 69, Level = LogLevel.Information, Message = "Maintenance pass cancelled after {DurationMs} ms ({Signal}): its query was cancelled, its connection closed")]
    public static partial void MaintenanceCancelled(ILogger logger, long durationMs, string signal);
}
