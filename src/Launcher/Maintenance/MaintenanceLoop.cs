using Microsoft.Extensions.Logging;
using Npgsql;
using PromscaleLauncher.Configuration;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Maintenance;

/// <summary>
/// Retention that runs (docs/promscale.md §10.2): once Promscale is ready, a pass right away and then every
/// PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL, each on a connection opened for it and closed after. A failed pass is
/// logged and retried at the next interval; it never stops Promscale. Cancelling the token cancels a running query
/// (Npgsql sends PostgreSQL's cancel request) and ends the loop: the supervisor's stop never waits for a pass.
/// </summary>
internal sealed class MaintenanceLoop(LauncherSettings settings, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan _shortestTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan _longestTimeout = TimeSpan.FromMinutes(30);

    /// <summary>A pass may take as long as the interval, within [1 min, 30 min]: the next one waits for it anyway.</summary>
    public static TimeSpan StatementTimeoutFor(TimeSpan interval) =>
        interval < _shortestTimeout ? _shortestTimeout : interval > _longestTimeout ? _longestTimeout : interval;

    /// <param name="ready">Completes when Promscale answers /healthz: its migration is done, its schema is there.</param>
    /// <param name="stopReason">What stopped the loop, for its log line (the signal, or Promscale's exit).</param>
    /// <param name="stopping">Cancelled when the launcher stops or Promscale has exited.</param>
    public async Task RunAsync(Task ready, Func<string> stopReason, CancellationToken stopping)
    {
        var schedule = settings.Maintenance;
        if (schedule.Mode == MaintenanceMode.Off)
        {
            LauncherLog.MaintenanceNotScheduled(logger, $"{Env.MaintenanceInterval}={MaintenanceSchedule.Format(TimeSpan.Zero)}; run promscale-launcher maintenance from cron.json instead, or delete old data yourself");
            return;
        }
        try
        {
            await ready.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var interval = schedule.Interval;
        var pass = new MaintenancePass(StatementTimeoutFor(interval), timeProvider);
        var reporter = new MaintenanceReporter(logger);
        LauncherLog.MaintenanceScheduled(logger, MaintenanceSchedule.Format(interval),
            schedule.Mode == MaintenanceMode.Every
                ? $"{Env.MaintenanceInterval}={MaintenanceSchedule.Format(interval)}"
                : "automatic: Promscale schedules it itself only under the Timescale licence, never on the Apache edition",
            pass.StatementTimeoutText, MaintenanceLock.Key);
        await using var dataSource = MaintenanceDataSource.Create(settings);
        while (!stopping.IsCancellationRequested)
        {
            var started = timeProvider.GetTimestamp();
            MaintenancePassResult result;
            try
            {
                result = await RunOnceAsync(dataSource, pass, schedule, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                LauncherLog.MaintenanceCancelled(logger, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds, stopReason());
                return;
            }
            reporter.Report(result, pass.StatementTimeoutText, interval);
            if (result.Outcome == MaintenanceOutcome.LeftToPromscale)
            {
                return;
            }
            try
            {
                await Task.Delay(interval, timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<MaintenancePassResult> RunOnceAsync(NpgsqlDataSource dataSource, MaintenancePass pass, MaintenanceSchedule schedule, CancellationToken stopping)
    {
        var started = timeProvider.GetTimestamp();
        NpgsqlConnection connection;
        try
        {
            // One attempt: the next interval is the retry.
            connection = await dataSource.OpenConnectionAsync(stopping);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException && !stopping.IsCancellationRequested)
        {
            return new MaintenancePassResult(MaintenanceOutcome.Failed, timeProvider.GetElapsedTime(started))
            {
                Failure = MaintenanceFailure.From(exception, connected: false),
            };
        }
        await using (connection)
        {
            return await pass.RunAsync(connection, schedule, stopping);
        }
    }
}
