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

    [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "Preflight failed in {ElapsedMs} ms with {FailureCount} blocking problem(s), but PROMSCALE_LAUNCHER_PREFLIGHT=warn: starting Promscale {PromscaleVersion} anyway")]
    public static partial void PreflightOverridden(ILogger logger, long elapsedMs, int failureCount, string promscaleVersion);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Preflight only: this build of promscale-launcher does not start Promscale yet (supervision lands with the next release); exiting")]
    public static partial void SupervisionNotAvailable(ILogger logger);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Starting Promscale {PromscaleVersion} from {PromscalePath} (pid {Pid}), listening on port {Port}")]
    public static partial void PromscaleStarted(ILogger logger, string promscaleVersion, string promscalePath, int pid, int port);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "ready: Promscale answers /healthz on port {Port} {ReadyMs} ms after it started ({SinceLauncherStartMs} ms after the launcher started)")]
    public static partial void PromscaleReady(ILogger logger, int port, long readyMs, long sinceLauncherStartMs);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "Promscale is not ready {SinceLauncherStartSeconds} s after the launcher started, past the boot window (PROMSCALE_LAUNCHER_BOOT_WINDOW, Scalingo's 60 s; Scalingo fails the deploy or restarts the container); last /healthz: {LastHealthCheck}; last Promscale problem: {LastProblem}. Still waiting")]
    public static partial void PromscaleNotReady(ILogger logger, int sinceLauncherStartSeconds, string lastHealthCheck, string lastProblem);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "Promscale exited on its own with code {ExitCode} ({Meaning}) after {UptimeMs} ms; last Promscale problem: {LastProblem}")]
    public static partial void PromscaleExited(ILogger logger, int exitCode, string meaning, long uptimeMs, string lastProblem);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "{Signal} received: stopping Promscale (pid {Pid}) with {SentSignal}, waiting up to {GraceSeconds} s ({Why})")]
    public static partial void StoppingPromscale(ILogger logger, string signal, int pid, string sentSignal, int graceSeconds, string why);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "Promscale (pid {Pid}) did not stop within {WaitedMs} ms: sending SIGKILL")]
    public static partial void KillingPromscale(ILogger logger, int pid, long waitedMs);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "Promscale stopped {StopMs} ms after {SentSignal} ({How}); exiting with {ExitCode}")]
    public static partial void PromscaleStopped(ILogger logger, long stopMs, string sentSignal, string how, int exitCode);

    [LoggerMessage(EventId = 27, Level = LogLevel.Information, Message = "{Signal} forwarded to Promscale (pid {Pid}): {Why}")]
    public static partial void SignalForwarded(ILogger logger, string signal, int pid, string why);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "{Signal} not forwarded: {Why}")]
    public static partial void SignalNotForwarded(ILogger logger, string signal, string why);

    [LoggerMessage(EventId = 29, Level = LogLevel.Information, Message = "status: Promscale {PromscaleVersion} pid {Pid}, up {UptimeSeconds} s, ready {Ready}; watchdog restarts {WatchdogRestarts}, last cause {LastRestartCause}")]
    public static partial void Status(ILogger logger, string promscaleVersion, int pid, long uptimeSeconds, bool ready, int watchdogRestarts, string lastRestartCause);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "{Variable}={Value} set by the operator replaces the launcher's {BudgetValue}, which fits the free connections: Promscale may exceed them")]
    public static partial void OperatorOverridesBudget(ILogger logger, string variable, string value, string budgetValue);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "{ConfigFile} exists in Promscale's working directory: Promscale reads it silently, and an unknown key in it stops Promscale. Remove it, or name the file you mean with PROMSCALE_CONFIG")]
    public static partial void StrayConfigFile(ILogger logger, string configFile);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Reaped process {Pid} ({Command}), left behind by Promscale, exit status {Status}")]
    public static partial void OrphanReaped(ILogger logger, int pid, string command, int status);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "{Signal} received again: killing Promscale (pid {Pid}) now")]
    public static partial void SecondSignal(ILogger logger, string signal, int pid);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "{Signal} was ignored when the launcher started (inherited from its parent, e.g. nohup or a background job of a non-interactive shell): {Consequence}. Start the launcher with {Signal} at its default")]
    public static partial void InheritedIgnoredSignal(ILogger logger, string signal, string consequence);

    [LoggerMessage(EventId = 35, Level = LogLevel.Information, Message = "{Signal} received while Promscale is not running (preflight): ignored")]
    public static partial void SignalIgnoredWithoutPromscale(ILogger logger, string signal);

    [LoggerMessage(EventId = 36, Level = LogLevel.Warning, Message = "Cannot become a child subreaper (PR_SET_CHILD_SUBREAPER failed: {Error}): processes Promscale leaves behind go to PID 1; the launcher still stops those in Promscale's process group")]
    public static partial void SubreaperUnavailable(ILogger logger, string error);

    [LoggerMessage(EventId = 37, Level = LogLevel.Warning, Message = "Promscale left {Count} process(es) running ({Pids}): sending SIGTERM, SIGKILL after {GraceMs} ms")]
    public static partial void StoppingLeftovers(ILogger logger, int count, string pids, long graceMs);

    [LoggerMessage(EventId = 38, Level = LogLevel.Warning, Message = "{Count} process(es) left by Promscale still running {WaitedMs} ms after SIGTERM ({Pids}): sending SIGKILL")]
    public static partial void KillingLeftovers(ILogger logger, int count, string pids, long waitedMs);

    [LoggerMessage(EventId = 39, Level = LogLevel.Warning, Message = "Promscale's output was still open {WaitedMs} ms after it exited, held by a process it left behind: stopped reading it")]
    public static partial void OutputHeldOpen(ILogger logger, long waitedMs);

    // No exception object: its stack trace would be printed, and its message may quote what it failed on.
    [LoggerMessage(EventId = 90, Level = LogLevel.Critical, Message = "Internal error in promscale-launcher ({ExceptionType} at {Site}: {ExceptionMessage}): please report it with this line")]
    public static partial void InternalError(ILogger logger, string exceptionType, string site, string exceptionMessage);
}
