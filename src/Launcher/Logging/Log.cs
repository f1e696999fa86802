using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Logging;

/// <summary>
/// The launcher's own events, with fixed ids so that log drains can match on them (docs/diagnostics.md).
/// Promscale's forwarded lines do not go through here.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "promscale-launcher {LauncherVersion} starting for Promscale {PromscaleVersion}")]
    public static partial void Starting(ILogger logger, string launcherVersion, string promscaleVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Variable}: {Problem} Fix: {Fix}")]
    public static partial void ConfigurationProblem(ILogger logger, string variable, string problem, string fix);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Variable}: {Notice}")]
    public static partial void ConfigurationWarning(ILogger logger, string variable, string notice);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Variable}: {Notice}")]
    public static partial void ConfigurationInformation(ILogger logger, string variable, string notice);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Configuration invalid ({ProblemCount} problems): Promscale was not started")]
    public static partial void ConfigurationInvalid(ILogger logger, int problemCount);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Database {Endpoint} not reachable yet ({Reason}); attempt {Attempt}, retrying in {RetryInSeconds} s ({RemainingSeconds} s left of PROMSCALE_LAUNCHER_DB_WAIT={WaitSeconds})")]
    public static partial void DatabaseRetry(ILogger logger, string endpoint, string reason, int attempt, double retryInSeconds, int remainingSeconds, int waitSeconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{CheckId}: {Summary}")]
    public static partial void CheckPassed(ILogger logger, string checkId, string summary);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{CheckId}: {Summary} Fix: {Fix}")]
    public static partial void CheckWarning(ILogger logger, string checkId, string summary, string fix);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "{CheckId}: {Summary} Fix: {Fix}")]
    public static partial void CheckFailed(ILogger logger, string checkId, string summary, string fix);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Preflight passed in {ElapsedMs} ms: Promscale {PromscaleVersion} may start")]
    public static partial void PreflightPassed(ILogger logger, long elapsedMs, string promscaleVersion);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Preflight failed in {ElapsedMs} ms with {FailureCount} blocking problem(s): Promscale {PromscaleVersion} was not started (exit code {ExitCode})")]
    public static partial void PreflightFailed(ILogger logger, long elapsedMs, int failureCount, string promscaleVersion, int exitCode);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Preflight cancelled by {Signal}: Promscale was not started")]
    public static partial void PreflightCancelled(ILogger logger, string signal);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Preflight only: this build of promscale-launcher does not start Promscale yet (supervision lands with the next release); exiting")]
    public static partial void SupervisionNotAvailable(ILogger logger);

    [LoggerMessage(EventId = 90, Level = LogLevel.Critical, Message = "Internal error in promscale-launcher ({ExceptionType}): please report it with this line")]
    public static partial void InternalError(ILogger logger, string exceptionType, Exception exception);
}
