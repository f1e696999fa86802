using Microsoft.Extensions.Logging;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Logging.Promscale;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Promscale does not recover from a lost database connection (timescale/promscale#387, #850, helm-charts#453): it keeps
/// running, answers /healthz with the error and ingests nothing, and Scalingo restarts only containers that exit. Once
/// Promscale is ready, the watchdog probes /healthz every PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL; after
/// PROMSCALE_LAUNCHER_WATCHDOG_FAILURES failures in a row it checks the database with a connection of its own, waits
/// for it (PROMSCALE_LAUNCHER_DB_WAIT, as the preflight) when it does not answer, and decides: restart Promscale in
/// place, or give up so that the platform restarts the container (docs/watchdog.md). One instance lives as long as the
/// launcher: it keeps the restart count across Promscale's lifetimes.
/// </summary>
internal sealed class PromscaleWatchdog(LauncherSettings settings, TimeProvider timeProvider, ILogger logger)
{
    public const string ApplicationName = "promscale-launcher watchdog";
    private const int ExcerptLength = 200;

    private readonly WatchdogRestartWindow _window = new(timeProvider);
    private readonly SecretRedactor _redactor = new(settings.Secrets);

    public static bool IsOn(LauncherSettings settings) => settings.WatchdogInterval > TimeSpan.Zero;

    /// <summary>Restarts since the launcher started (the SIGUSR1 status line).</summary>
    public int Restarts => _window.Total;

    /// <summary>Why the last restart (or give-up) happened, or "none".</summary>
    public string LastCause { get; private set; } = "none";

    public void Announce()
    {
        if (IsOn(settings))
        {
            LauncherLog.WatchdogOn(logger, (int)settings.WatchdogInterval.TotalSeconds, settings.WatchdogFailures,
                WatchdogRestartWindow.MaxRestarts, (int)WatchdogRestartWindow.Length.TotalMinutes);
        }
        else
        {
            LauncherLog.WatchdogOff(logger, Env.WatchdogInterval);
        }
    }

    /// <summary>
    /// Watches a ready Promscale until it needs a restart or the watchdog gives up (the verdict says which; the caller
    /// stops Promscale). Cancelled when Promscale exits or the launcher stops, in any phase: probing or waiting for the database.
    /// </summary>
    public async Task<WatchdogVerdict> WatchAsync(PromscaleReadinessProbe probe, CancellationToken cancellationToken)
    {
        var failures = 0;
        var firstFailure = 0L;
        while (true)
        {
            await Task.Delay(settings.WatchdogInterval, timeProvider, cancellationToken);
            if (await probe.ProbeOnceAsync(cancellationToken))
            {
                if (failures > 0)
                {
                    LauncherLog.PromscaleRecovered(logger, failures);
                }
                failures = 0;
                continue;
            }
            if (failures++ == 0)
            {
                firstFailure = timeProvider.GetTimestamp();
            }
            var lastHealthCheck = Excerpt(probe.LastResult);
            LauncherLog.HealthCheckFailed(logger, lastHealthCheck, failures, settings.WatchdogFailures);
            if (failures < settings.WatchdogFailures)
            {
                continue;
            }

            var database = await CheckDatabaseAsync(failures, cancellationToken);
            if (database.Failure is { } failure)
            {
                LastCause = "database-unreachable";
                var diagnosis = $"Promscale's /healthz failed {failures} times in a row (last {lastHealthCheck}) and the database stayed unreachable "
                    + $"for {database.Elapsed.TotalSeconds:0.#} s ({failure.Reason}{(failure.SqlState is null ? "" : $", SQLSTATE {failure.SqlState}")})";
                LauncherLog.WatchdogGaveUp(logger, LastCause, diagnosis, ExitCodes.DatabaseUnavailable,
                    $"check the database (scalingo --app <db-app> addons, its status page); a longer outage is waited for with {Env.DbWait} (now {(int)settings.DbWait.TotalSeconds} s)");
                return new WatchdogVerdict(LastCause, failures, lastHealthCheck, database.Evidence) { ExitCode = ExitCodes.DatabaseUnavailable };
            }
            if (database.WasDown && await probe.ProbeOnceAsync(cancellationToken))
            {
                // Promscale reconnected by itself once the database came back (0.17's pools may): nothing to restart.
                LauncherLog.PromscaleRecovered(logger, failures);
                failures = 0;
                continue;
            }
            if (database.WasDown)
            {
                lastHealthCheck = Excerpt(probe.LastResult);
            }

            var cause = database.WasDown ? WatchdogVerdict.DatabaseReturned : WatchdogVerdict.PromscaleUnhealthy;
            var detection = timeProvider.GetElapsedTime(firstFailure);
            if (!_window.TryRecord())
            {
                LastCause = "restart-limit";
                var diagnosis = $"Promscale broke again after {WatchdogRestartWindow.MaxRestarts} restarts in place within {(int)WatchdogRestartWindow.Length.TotalMinutes} minutes "
                    + $"(now {cause}: /healthz {lastHealthCheck}; database {database.Evidence})";
                LauncherLog.WatchdogGaveUp(logger, LastCause, diagnosis, ExitCodes.WatchdogRestartLimit,
                    "read Promscale's last lines above for why it fails; a new container re-runs the preflight, which names a database problem if there is one");
                return new WatchdogVerdict(LastCause, failures, lastHealthCheck, database.Evidence) { ExitCode = ExitCodes.WatchdogRestartLimit };
            }
            LastCause = cause;
            return new WatchdogVerdict(cause, failures, lastHealthCheck, database.Evidence)
            {
                Restart = _window.Total,
                RestartsInWindow = _window.InWindow,
                Detection = detection,
                DecidedAt = timeProvider.GetTimestamp(),
            };
        }
    }

    private sealed record DatabaseCheck(bool WasDown, string Evidence, TimeSpan Elapsed, ConnectionFailure? Failure = null);

    // A short connection through the launcher's own settings (URL, sslmode, TLS), not pooled: it answers or it does not.
    private async Task<DatabaseCheck> CheckDatabaseAsync(int failures, CancellationToken cancellationToken)
    {
        await using var dataSource = PreflightDataSource.Create(settings, builder =>
        {
            builder.ApplicationName = ApplicationName;
            builder.Pooling = false;
        });
        var started = timeProvider.GetTimestamp();
        ConnectionFailure failure;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return new DatabaseCheck(false, $"answers (connected in {(long)timeProvider.GetElapsedTime(started).TotalMilliseconds} ms)", timeProvider.GetElapsedTime(started));
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
                                          && !cancellationToken.IsCancellationRequested)
        {
            failure = ConnectionFailure.Classify(exception, settings.SslMode is Configuration.SslMode.VerifyCa or Configuration.SslMode.VerifyFull);
        }

        // Promscale is left running meanwhile: it is broken either way, and restarting it now would only make it exit.
        LauncherLog.WaitingForDatabase(logger, failures, failure.Reason, (int)settings.DbWait.TotalSeconds);
        var outcome = await new DatabaseConnector(settings, timeProvider, logger).ConnectAsync(dataSource, cancellationToken);
        var elapsed = timeProvider.GetElapsedTime(started);
        if (outcome.Connection is { } back)
        {
            await back.DisposeAsync();
            return new DatabaseCheck(true, $"unreachable ({failure.Reason}), answers again after {elapsed.TotalSeconds:0.#} s", elapsed);
        }
        var last = outcome.Failure ?? failure;
        return new DatabaseCheck(true, $"unreachable for {elapsed.TotalSeconds:0.#} s ({last.Reason})", elapsed, last);
    }

    private string Excerpt(string result)
    {
        var redacted = _redactor.Redact(result).ReplaceLineEndings(" ");
        return redacted.Length <= ExcerptLength ? redacted : redacted[..ExcerptLength] + "…";
    }
}
