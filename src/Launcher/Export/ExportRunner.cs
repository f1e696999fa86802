using Microsoft.Extensions.Logging;
using Npgsql;
using PromscaleLauncher.Export.Protocol;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Export;

/// <summary>
/// The export once connected: metrics → progress store (refused before anything is sent when it cannot be written)
/// → windows → metadata → windows sent oldest first, <c>--concurrency</c> at a time → summaries → --verify.
/// </summary>
internal sealed class ExportRunner(ExportOptions options, NpgsqlDataSource dataSource, HttpClient http, string launcherVersion, TimeSpan retryBudget,
    TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Stopped by a signal after recording what was acknowledged: the command exits 128 + the signal.</summary>
    public const int Interrupted = -1;

    public const string NotExported = "exemplars (_prom_catalog.exemplar), traces (_ps_trace), and series without samples in the range";

    public async Task<int> RunAsync(NpgsqlConnection connection, Func<string> signalName, CancellationToken stopping, CancellationToken force)
    {
        var started = timeProvider.GetTimestamp();
        var target = options.Target;
        if (!await MetricCatalog.HasPromscaleSchemaAsync(connection, force))
        {
            LauncherLog.ExportFailed(logger, "the database has no Promscale schema (_prom_catalog.metric): nothing to export", "none",
                "point SCALINGO_POSTGRESQL_URL (or DATABASE_URL) at the database Promscale wrote to");
            return ExitCodes.DatabaseIncompatible;
        }
        var metrics = await MetricCatalog.ReadAsync(connection, force);
        if (options.Metrics.Count > 0)
        {
            var unknown = options.Metrics.Where(name => metrics.All(m => m.Name != name)).ToList();
            if (unknown.Count > 0)
            {
                LauncherLog.ExportInvalidOption(logger, "--metric", $"no metric named {string.Join(", ", unknown)} in _prom_catalog.metric.",
                    "give metric names as Prometheus shows them; list them with: SELECT metric_name FROM _prom_catalog.metric ORDER BY 1");
                return ExitCodes.Usage;
            }
            metrics = metrics.Where(m => options.Metrics.Contains(m.Name)).ToList();
        }

        // The range and window: a resumed run keeps the first run's, so that its windows are the recorded ones.
        var (rangeStart, rangeEnd, window) = (options.Start, options.End, options.Window);
        Dictionary<(string, DateTimeOffset), WindowProgress> progress = [];
        if (!options.DryRun)
        {
            if (await ExportProgressStore.MissingPrivilegeAsync(connection, force) is { } privilege)
            {
                LauncherLog.ExportCannotRecordProgress(logger, connection.UserName ?? "?", privilege,
                    $"as the database owner: GRANT {(privilege.StartsWith("CREATE on database", StringComparison.Ordinal) ? "CREATE ON DATABASE " + connection.Database : privilege)} TO {connection.UserName}; or run the export as the database owner (Scalingo's default user is)");
                return ExitCodes.PermissionDenied;
            }
            if (!await ExportProgressStore.ExistsAsync(connection, force))
            {
                LauncherLog.ExportDatabaseChange(logger,
                    $"creating schema {ExportProgressStore.Schema} with tables export_run and export_progress in database {connection.Database}, to record which windows {target.Identity} acknowledged (for --resume)",
                    ExportProgressStore.RemoveCommand);
                await ExportProgressStore.CreateAsync(connection, force);
            }
            var run = await ExportProgressStore.ReadRunAsync(connection, target.Identity, force);
            if (run is not null && !options.Resume)
            {
                LauncherLog.ExportProgressExists(logger, target.Identity, run.WindowsDone, ExportTimeParser.Format(run.StartedAt),
                    $"add --resume to continue it (nothing acknowledged is sent again), or start over with: DELETE FROM promscale_launcher.export_run WHERE target = '{target.Identity.Replace("'", "''", StringComparison.Ordinal)}'");
                return ExitCodes.Usage;
            }
            if (run is null)
            {
                LauncherLog.ExportDatabaseChange(logger, $"recording this export's range in promscale_launcher.export_run for {target.Identity}",
                    $"DELETE FROM promscale_launcher.export_run WHERE target = '{target.Identity.Replace("'", "''", StringComparison.Ordinal)}' (or {ExportProgressStore.RemoveCommand})");
                await ExportProgressStore.CreateRunAsync(connection, target.Identity, rangeStart, rangeEnd, window, force);
            }
            else
            {
                (rangeStart, rangeEnd, window) = (run.RangeStart, run.RangeEnd, run.Window);
                progress = await ExportProgressStore.ReadProgressAsync(connection, target.Identity, force);
            }
        }

        var windows = await ExportPlanner.PlanAsync(connection, metrics, rangeStart, rangeEnd, window, force);
        var rangeText = rangeStart is { } s ? ExportTimeParser.Format(s) : "each metric's first sample";
        LauncherLog.ExportStarting(logger, target.Identity, metrics.Count, windows.Count, ExportTimeParser.Format(window), rangeText,
            ExportTimeParser.Format(rangeEnd), options.BatchSamples, options.Concurrency,
            options.DryRun ? " (dry run: nothing sent, nothing written)" : options.Resume ? " (resuming)" : "");
        if (options.DryRun)
        {
            await DryRunAsync(connection, metrics, windows, force);
            return ExitCodes.Success;
        }
        if (options.Resume && progress.Count > 0)
        {
            LauncherLog.ExportResumed(logger, target.Identity, progress.Values.Count(p => p.Done), progress.Values.Count(p => !p.Done && p.Cursor is not null),
                rangeText, ExportTimeParser.Format(rangeEnd), ExportTimeParser.Format(window));
        }

        using var announceStop = stopping.Register(() => LauncherLog.ExportStopping(logger, signalName()));
        var client = new RemoteWriteClient(http, target, launcherVersion, retryBudget, timeProvider, logger);
        var counters = new ExportCounters(windows.Count(w => progress.GetValueOrDefault((w.Metric.Name, w.Start))?.Done != true));
        try
        {
            await SendMetadataAsync(client, metrics, stopping, force);
            var outcome = await SendWindowsAsync(client, counters, windows, progress, stopping, force);
            foreach (var (metric, totals) in counters.ByMetric())
            {
                LauncherLog.ExportMetricSummary(logger, metric, totals.Samples, totals.Series, totals.WindowsSent, totals.WindowsSkipped);
            }
            if (outcome == WindowExporter.Outcome.Interrupted)
            {
                LauncherLog.ExportInterrupted(logger, signalName(), counters.Samples, counters.WindowsDone, counters.WindowsTotal);
                return Interrupted;
            }
            if (_rejected > 0)
            {
                return ExitCodes.DatabaseIncompatible;
            }
        }
        catch (ReceiverFailure failure) when (failure.Kind == ReceiverFailureKind.Interrupted)
        {
            LauncherLog.ExportInterrupted(logger, signalName(), counters.Samples, counters.WindowsDone, counters.WindowsTotal);
            return Interrupted;
        }
        catch (ReceiverFailure failure) when (failure.Kind == ReceiverFailureKind.Unauthorized)
        {
            LauncherLog.ExportReceiverUnauthorized(logger, target.Identity, failure.Status, target.Credentials.Description,
                $"set {Configuration.EnvironmentVariableNames.ExportUsername} and {Configuration.EnvironmentVariableNames.ExportPassword} (basic auth) or {Configuration.EnvironmentVariableNames.ExportBearerToken} to credentials the receiver accepts, then run the same command with --resume");
            return ExitCodes.PermissionDenied;
        }
        catch (ReceiverFailure failure) when (failure.Kind == ReceiverFailureKind.Unavailable)
        {
            LauncherLog.ExportReceiverUnavailable(logger, target.Identity, failure.Attempts, (int)failure.Elapsed.TotalSeconds, failure.ReceiverMessage);
            return ExitCodes.DatabaseUnavailable;
        }

        var elapsed = timeProvider.GetElapsedTime(started);
        LauncherLog.ExportDone(logger, (long)elapsed.TotalMilliseconds, counters.Samples,
            elapsed.TotalSeconds > 0 ? (long)(counters.Samples / elapsed.TotalSeconds) : 0, counters.WindowsDone, target.Identity, NotExported);
        if (options.Verify)
        {
            try
            {
                var mismatches = await new ExportVerifier(http, target, dataSource, timeProvider, logger).VerifyAsync(windows, force);
                return mismatches == 0 ? ExitCodes.Success : ExitCodes.DatabaseIncompatible;
            }
            catch (Exception exception) when (exception is ReceiverFailure or HttpRequestException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                LauncherLog.ExportFailed(logger, $"--verify could not query {target.QueryBase}api/v1/query: {exception.Message.ReplaceLineEndings(" ")}", "none",
                    "the samples were sent and recorded; check that the receiver serves the Prometheus query API at that address");
                return ExitCodes.DatabaseUnavailable;
            }
        }
        return ExitCodes.Success;
    }

    private int _rejected;

    private async Task<WindowExporter.Outcome> SendWindowsAsync(RemoteWriteClient client, ExportCounters counters, List<ExportWindow> windows,
        Dictionary<(string, DateTimeOffset), WindowProgress> progress, CancellationToken stopping, CancellationToken force)
    {
        var exporter = new WindowExporter(dataSource, client, options.Target.Identity, options.BatchSamples, counters);
        var queue = new Queue<ExportWindow>(windows);
        // A failure that ends the export (credentials, receiver gone) stops the other windows as a signal would.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var reporting = new CancellationTokenSource();
        var reporter = new ExportProgressReporter(counters, timeProvider, logger).RunAsync(reporting.Token);
        var interrupted = false;
        ReceiverFailure? fatal = null;

        async Task WorkAsync()
        {
            while (true)
            {
                ExportWindow window;
                lock (queue)
                {
                    if (abort.IsCancellationRequested || !queue.TryDequeue(out window!))
                    {
                        return;
                    }
                }
                var recorded = progress.GetValueOrDefault((window.Metric.Name, window.Start));
                if (recorded?.Done == true)
                {
                    counters.WindowDone(window.Metric.Name, skipped: true);
                    continue;
                }
                try
                {
                    if (await exporter.ExportAsync(window, recorded, abort.Token, force) == WindowExporter.Outcome.Interrupted)
                    {
                        interrupted |= stopping.IsCancellationRequested;
                        return;
                    }
                }
                catch (ReceiverFailure failure) when (failure.Kind == ReceiverFailureKind.Rejected)
                {
                    Interlocked.Increment(ref _rejected);
                    LauncherLog.ExportReceiverRejected(logger, options.Target.Identity, window.Metric.Name, window.StartText, window.EndText,
                        failure.Status, failure.ReceiverMessage, RejectionFix(failure));
                }
                catch (ReceiverFailure failure)
                {
                    interrupted |= failure.Kind == ReceiverFailureKind.Interrupted;
                    if (failure.Kind != ReceiverFailureKind.Interrupted)
                    {
                        lock (queue)
                        {
                            fatal ??= failure;
                        }
                    }
                    await abort.CancelAsync();
                    return;
                }
            }
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Min(options.Concurrency, Math.Max(1, windows.Count))).Select(_ => Task.Run(WorkAsync, CancellationToken.None)));
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
        }
        if (fatal is not null)
        {
            throw fatal;
        }
        return interrupted || stopping.IsCancellationRequested ? WindowExporter.Outcome.Interrupted : WindowExporter.Outcome.Done;
    }

    /// <summary>Once per metric that has metadata, in one request before the samples; a receiver that refuses it gets the samples anyway.</summary>
    private async Task SendMetadataAsync(RemoteWriteClient client, List<ExportMetric> metrics, CancellationToken stopping, CancellationToken force)
    {
        var request = new WriteRequest();
        request.Metadata.AddRange(metrics.Where(m => m.Metadata is not null).Select(m => m.Metadata!));
        if (request.Metadata.Count == 0)
        {
            return;
        }
        try
        {
            await client.SendAsync(request, stopping, force);
        }
        catch (ReceiverFailure failure) when (failure.Kind == ReceiverFailureKind.Rejected)
        {
            LauncherLog.ExportMetadataNotAccepted(logger, options.Target.Identity, failure.Status, failure.ReceiverMessage);
        }
    }

    private async Task DryRunAsync(NpgsqlConnection connection, List<ExportMetric> metrics, List<ExportWindow> windows, CancellationToken cancellationToken)
    {
        foreach (var metric in metrics)
        {
            var own = windows.Where(w => w.Metric == metric).ToList();
            long samples = 0;
            if (own.Count > 0)
            {
                await using var command = new NpgsqlCommand($"SELECT count(*) FROM prom_data.{SqlNames.Quote(metric.Table)} WHERE time >= @start AND time < @end", connection);
                command.Parameters.AddWithValue("start", own.Min(w => w.Start).UtcDateTime);
                command.Parameters.AddWithValue("end", own.Max(w => w.End).UtcDateTime);
                samples = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }
            LauncherLog.ExportDryRunMetric(logger, metric.Name, metric.Table, samples, own.Count);
        }
    }

    /// <summary>What to change when a receiver refuses samples (docs/export.md, "Errors").</summary>
    private static string RejectionFix(ReceiverFailure failure)
    {
        var message = failure.ReceiverMessage;
        if (failure.Status == 413)
        {
            return "lower --batch-samples (the receiver limits the request size), then run the same command with --resume";
        }
        if (failure.Status == 404)
        {
            return "check --target: the receiver's remote-write path (Prometheus needs --web.enable-remote-write-receiver; VictoriaMetrics: /api/v1/write)";
        }
        if (message.Contains("out of bounds", StringComparison.OrdinalIgnoreCase) || message.Contains("too old", StringComparison.OrdinalIgnoreCase)
            || message.Contains("out of order", StringComparison.OrdinalIgnoreCase) || message.Contains("retention", StringComparison.OrdinalIgnoreCase)
            || message.Contains("timestamp", StringComparison.OrdinalIgnoreCase))
        {
            return "the receiver refuses samples this old: on Prometheus set storage.tsdb.out_of_order_time_window (prometheus.yml, under storage: tsdb:) longer than the age of the oldest sample and --storage.tsdb.retention.time longer still; on VictoriaMetrics set -retentionPeriod longer than that age; or export a shorter range with --start. Then run the same command with --resume";
        }
        return "see the receiver's message; after fixing, run the same command with --resume (acknowledged windows are not sent again)";
    }
}
