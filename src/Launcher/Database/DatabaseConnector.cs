using Microsoft.Extensions.Logging;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;

namespace PromscaleLauncher.Database;

/// <summary>
/// Opens the preflight's connection, retrying what may heal by itself (refused, DNS, timeout, server starting, and
/// 53300: slots free up) with capped exponential backoff until PROMSCALE_LAUNCHER_DB_WAIT runs out. Scalingo may start
/// the container while the database restarts after maintenance.
/// </summary>
internal sealed class DatabaseConnector(LauncherSettings settings, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan _firstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan _maximumDelay = TimeSpan.FromSeconds(5);

    public sealed record Outcome(NpgsqlConnection? Connection, ConnectionFailure? Failure, int Attempts, TimeSpan Elapsed);

    public async Task<Outcome> ConnectAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var deadline = started + (long)(settings.DbWait.TotalSeconds * timeProvider.TimestampFrequency);
        var delay = _firstDelay;
        var endpoint = string.Join(",", settings.DatabaseUrl.Hosts.Select(host => host.Authority));
        for (var attempt = 1; ; attempt++)
        {
            ConnectionFailure failure;
            try
            {
                var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                return new Outcome(connection, null, attempt, timeProvider.GetElapsedTime(started));
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
                                              && !cancellationToken.IsCancellationRequested)
            {
                failure = ConnectionFailure.Classify(exception, settings.SslMode is Configuration.SslMode.VerifyCa or Configuration.SslMode.VerifyFull);
            }

            var remaining = TimeSpan.FromSeconds((double)(deadline - timeProvider.GetTimestamp()) / timeProvider.TimestampFrequency);
            if (failure.Kind is not (ConnectionFailureKind.Transient or ConnectionFailureKind.TooManyConnections) || remaining <= TimeSpan.Zero)
            {
                return new Outcome(null, failure, attempt, timeProvider.GetElapsedTime(started));
            }
            var wait = delay < remaining ? delay : remaining;
            Log.DatabaseRetry(logger, endpoint, failure.Reason, attempt, Math.Round(wait.TotalSeconds, 1),
                (int)Math.Ceiling(remaining.TotalSeconds), (int)settings.DbWait.TotalSeconds);
            await Task.Delay(wait, timeProvider, cancellationToken);
            delay = delay * 2 < _maximumDelay ? delay * 2 : _maximumDelay;
        }
    }
}
