using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Logging;

/// <summary>Events 50–59: the first install on TimescaleDB ≥ 2.14 (FirstInstall/, docs/first-install.md).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 50, Level = LogLevel.Warning, Message = "First install: plain schema, then TimescaleDB: Promscale {PromscaleVersion}'s first migration fails on TimescaleDB {TimescaleDbVersion} (2.14 removed multi-node), so the launcher changes database {Database} as {Role} in {StepCount} step(s): {Steps}")]
    public static partial void FirstInstallStarting(ILogger logger, string promscaleVersion, string timescaleDbVersion, string database, string role, int stepCount, string steps);

    [LoggerMessage(EventId = 51, Level = LogLevel.Warning, Message = "First install step {Step}: {Action}")]
    public static partial void FirstInstallStepStarting(ILogger logger, string step, string action);

    [LoggerMessage(EventId = 52, Level = LogLevel.Information, Message = "First install step {Step} done in {ElapsedMs} ms: {Result}")]
    public static partial void FirstInstallStepDone(ILogger logger, string step, long elapsedMs, string result);

    [LoggerMessage(EventId = 53, Level = LogLevel.Error, Message = "First install step {Step} failed after {ElapsedMs} ms: {Problem}. The database now: {State}. Fix: {Fix}")]
    public static partial void FirstInstallStepFailed(ILogger logger, string step, long elapsedMs, string problem, string state, string fix);

    [LoggerMessage(EventId = 54, Level = LogLevel.Information, Message = "First install done in {ElapsedMs} ms: Promscale schema {SchemaVersion}, TimescaleDB {TimescaleDbVersion} created by {Role}; starting Promscale normally")]
    public static partial void FirstInstallDone(ILogger logger, long elapsedMs, string schemaVersion, string timescaleDbVersion, string role);

    [LoggerMessage(EventId = 55, Level = LogLevel.Information, Message = "First install not needed any more ({Path}): {Why}")]
    public static partial void FirstInstallNotNeeded(ILogger logger, string path, string why);

    [LoggerMessage(EventId = 56, Level = LogLevel.Error, Message = "schema.first-install: {Summary} Fix: {Fix}")]
    public static partial void FirstInstallRefused(ILogger logger, string summary, string fix);

    [LoggerMessage(EventId = 57, Level = LogLevel.Information, Message = "Another launcher holds the first-install lock: waiting up to {WaitSeconds} s for it")]
    public static partial void FirstInstallWaiting(ILogger logger, int waitSeconds);

    [LoggerMessage(EventId = 58, Level = LogLevel.Information, Message = "Running Promscale {PromscaleVersion} from {PromscalePath} (pid {Pid}) once to install its schema: PROMSCALE_MIGRATE=only, PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false")]
    public static partial void PromscaleMigrationStarted(ILogger logger, string promscaleVersion, string promscalePath, int pid);

    [LoggerMessage(EventId = 59, Level = LogLevel.Warning, Message = "First install interrupted by {Signal} during step {Step} after {ElapsedMs} ms. The database now: {State}")]
    public static partial void FirstInstallInterrupted(ILogger logger, string signal, string step, long elapsedMs, string state);
}
