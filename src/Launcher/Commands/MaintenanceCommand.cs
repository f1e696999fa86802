using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Hosting;
using PromscaleLauncher.Maintenance;
using PromscaleLauncher.Reporting;
using PromscaleLauncher.Signals;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Commands;

/// <summary>
/// `promscale-launcher maintenance`: settings → connect (with the preflight's retry) → one maintenance pass → exit code.
/// For Scalingo's cron.json or a `scalingo run` one-off (README "Retention"). 0 done, 75 another runner holds the lock.
/// </summary>
internal sealed class MaintenanceCommand(StartupEnvironment environment, SignalLifetime signals, TimeProvider timeProvider, ILogger<MaintenanceCommand> logger)
    : ILauncherCommand
{
    /// <summary>
    /// Under the 15 minutes after which Scalingo's scheduler kills a cron.json task: the launcher cancels the query
    /// itself rather than leave it running on the server behind a killed container (docs/scalingo.md, Scheduler).
    /// </summary>
    public static readonly TimeSpan StatementTimeout = TimeSpan.FromMinutes(14);

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        // 1. Settings.
        var configuration = SettingsReader.Read(environment.Variables);
        PreflightLog.Configuration(logger, configuration);
        if (!configuration.IsValid || configuration.Settings is not { } settings)
        {
            return ExitCodes.Configuration;
        }

        // 2. Connect, retrying for PROMSCALE_LAUNCHER_DB_WAIT as the preflight does (and, as it does, without loading the
        //    system trust store for a TLS connection that verifies nothing).
        UnverifiedTlsTrustStore.SkipLoadingWhenUnverified(settings.SslMode);
        var pass = new MaintenancePass(StatementTimeout, timeProvider);
        var reporter = new MaintenanceReporter(logger);
        var started = timeProvider.GetTimestamp();
        await using var dataSource = MaintenanceDataSource.Create(settings);
        try
        {
            var connected = await new DatabaseConnector(settings, timeProvider, logger).ConnectAsync(dataSource, stopping);
            if (connected.Connection is not { } connection)
            {
                var failure = MaintenanceFailure.FromConnection(connected.Failure!);
                LauncherLog.MaintenancePassFailed(logger, (long)connected.Elapsed.TotalMilliseconds, failure.Reason, failure.SqlState ?? "none", "");
                return connected.Failure!.ExitCode;
            }

            // 3. One pass, whatever the schedule says: the operator asked for it.
            await using (connection)
            {
                var result = await pass.RunAsync(connection, MaintenanceSchedule.Every(StatementTimeout), stopping);
                reporter.Report(result, pass.StatementTimeoutText, nextAttempt: null);
                return ExitCodeOf(result);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LauncherLog.MaintenanceCancelled(logger, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds, signals.ReceivedSignalName);
            return ExitCodes.FromSignal(signals.ReceivedSignal);
        }
    }

    private static int ExitCodeOf(MaintenancePassResult result) => result.Outcome switch
    {
        MaintenanceOutcome.Done => ExitCodes.Success,
        MaintenanceOutcome.LockHeld => ExitCodes.TemporaryFailure,
        MaintenanceOutcome.NoSchema => ExitCodes.DatabaseIncompatible,
        _ => result.Failure?.Kind switch
        {
            MaintenanceFailureKind.PermissionDenied or MaintenanceFailureKind.Authentication => ExitCodes.PermissionDenied,
            MaintenanceFailureKind.TimedOut => ExitCodes.TemporaryFailure,
            MaintenanceFailureKind.Connection => ExitCodes.DatabaseUnavailable,
            _ => ExitCodes.DatabaseIncompatible,
        },
    };
}
