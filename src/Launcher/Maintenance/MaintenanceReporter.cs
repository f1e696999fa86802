using System.Globalization;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Maintenance;

/// <summary>
/// Writes each pass as events: one line per pass, the trace-table warnings summarised once per process (they come back
/// on every pass, harmless), other warnings as they come, and an error line with the fix after repeated failures.
/// </summary>
internal sealed class MaintenanceReporter(ILogger logger)
{
    /// <summary>After this many failed passes in a row, one error line with the fix (again after as many more).</summary>
    public const int FailuresBeforeError = 3;

    private bool _traceWarningsReported;
    private int _consecutiveFailures;

    public void Report(MaintenancePassResult result, string statementTimeout, TimeSpan? nextAttempt)
    {
        var durationMs = (long)result.Duration.TotalMilliseconds;
        var notices = result.Notices;
        if (notices.TraceTableWarnings > 0 && !_traceWarningsReported)
        {
            _traceWarningsReported = true;
            LauncherLog.MaintenanceTraceTableWarnings(logger, notices.TraceTableWarnings);
        }
        foreach (var warning in notices.Others)
        {
            LauncherLog.MaintenanceWarning(logger, warning);
        }
        switch (result.Outcome)
        {
            case MaintenanceOutcome.Done:
                _consecutiveFailures = 0;
                LauncherLog.MaintenancePassDone(logger, durationMs, Count(result.ChunksBefore), Count(result.ChunksAfter),
                    result.MetricsBefore ?? 0, result.MetricsAfter ?? 0, notices.TraceTableWarnings, notices.DeprecationWarnings, notices.OtherCount);
                break;
            case MaintenanceOutcome.LockHeld:
                LauncherLog.MaintenancePassSkipped(logger, MaintenanceLock.Key,
                    result.LockHolderPid?.ToString(CultureInfo.InvariantCulture) ?? "gone", result.LockHolderApplication ?? "unknown");
                break;
            case MaintenanceOutcome.NoSchema:
                LauncherLog.MaintenanceNoSchema(logger);
                break;
            case MaintenanceOutcome.Failed:
                var failure = result.Failure!;
                LauncherLog.MaintenancePassFailed(logger, durationMs, failure.Reason, failure.SqlState ?? "none",
                    nextAttempt is { } next ? $", next attempt in {MaintenanceSchedule.Format(next)}" : "");
                _consecutiveFailures++;
                if (_consecutiveFailures % FailuresBeforeError == 0)
                {
                    LauncherLog.MaintenanceFailing(logger, _consecutiveFailures, failure.Fix(statementTimeout));
                }
                break;
            case MaintenanceOutcome.LeftToPromscale:
                LauncherLog.MaintenanceNotScheduled(logger,
                    "TimescaleDB runs under the Timescale licence and Promscale's own job (_prom_catalog.execute_maintenance_job) is scheduled; set PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL=30m to run it anyway");
                break;
        }
    }

    private static string Count(long? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "n/a (no hypertables)";
}
