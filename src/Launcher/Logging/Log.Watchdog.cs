using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Logging;

/// <summary>The watchdog's events (Supervision/PromscaleWatchdog; docs/watchdog.md, docs/diagnostics.md "Watchdog"): ids 80–89.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 80, Level = LogLevel.Information, Message = "Watchdog: once Promscale is ready, the launcher probes its /healthz every {IntervalSeconds} s; after {Failures} failures in a row it checks the database and restarts Promscale in place (at most {MaxRestarts} restarts in {WindowMinutes} minutes)")]
    public static partial void WatchdogOn(ILogger logger, int intervalSeconds, int failures, int maxRestarts, int windowMinutes);

    [LoggerMessage(EventId = 81, Level = LogLevel.Warning, Message = "Watchdog off ({Variable}=0): a Promscale that lost its database keeps answering /healthz with errors and ingests nothing until the container restarts. Unset {Variable} to turn the watchdog on")]
    public static partial void WatchdogOff(ILogger logger, string variable);

    [LoggerMessage(EventId = 82, Level = LogLevel.Warning, Message = "Watchdog: Promscale's /healthz failed ({LastHealthCheck}), {Failures} of {Threshold} failures in a row")]
    public static partial void HealthCheckFailed(ILogger logger, string lastHealthCheck, int failures, int threshold);

    [LoggerMessage(EventId = 83, Level = LogLevel.Information, Message = "Watchdog: Promscale's /healthz answers 200 again after {Failures} failed probe(s): no restart")]
    public static partial void PromscaleRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 84, Level = LogLevel.Warning, Message = "Watchdog: Promscale's /healthz failed {Failures} times in a row and the database does not answer either ({Reason}): waiting up to {WaitSeconds} s (PROMSCALE_LAUNCHER_DB_WAIT) for it; Promscale is restarted once it answers")]
    public static partial void WaitingForDatabase(ILogger logger, int failures, string reason, int waitSeconds);

    [LoggerMessage(EventId = 85, Level = LogLevel.Warning, Message = "Watchdog: restarting Promscale (pid {Pid}) in place, restart {Restart} ({RestartsInWindow} in the last {WindowMinutes} minutes), cause {Cause}: /healthz failed {Failures} times in a row, last {LastHealthCheck}; database: {DatabaseCheck}. Stopping it with {SentSignal}, waiting up to {GraceSeconds} s ({Why})")]
    public static partial void RestartingPromscale(ILogger logger, int pid, int restart, int restartsInWindow, int windowMinutes, string cause, int failures, string lastHealthCheck,
        string databaseCheck, string sentSignal, int graceSeconds, string why);

    [LoggerMessage(EventId = 86, Level = LogLevel.Information, Message = "Watchdog: Promscale stopped {StopMs} ms after {SentSignal} ({How}): starting it again")]
    public static partial void PromscaleStoppedForRestart(ILogger logger, long stopMs, string sentSignal, string how);

    [LoggerMessage(EventId = 87, Level = LogLevel.Information, Message = "Watchdog: Promscale is ready again after restart {Restart}: {RestartMs} ms from the restart decision, {DetectionMs} ms from the first failed probe to the decision")]
    public static partial void PromscaleReadyAgain(ILogger logger, int restart, long restartMs, long detectionMs);

    [LoggerMessage(EventId = 88, Level = LogLevel.Error, Message = "Watchdog gives up ({Reason}): {Diagnosis}. Stopping Promscale and exiting {ExitCode} so that the platform restarts the container. Fix: {Fix}")]
    public static partial void WatchdogGaveUp(ILogger logger, string reason, string diagnosis, int exitCode, string fix);

    [LoggerMessage(EventId = 89, Level = LogLevel.Information, Message = "{Signal} received while the watchdog restarted Promscale: it is not started again; exiting with {ExitCode}")]
    public static partial void StopDuringRestart(ILogger logger, string signal, int exitCode);
}
