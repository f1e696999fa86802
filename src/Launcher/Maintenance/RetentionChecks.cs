using System.Globalization;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using Ids = PromscaleLauncher.Diagnostics.DiagnosisIds;

namespace PromscaleLauncher.Maintenance;

/// <summary>
/// `check`'s answer to "is retention effective?": who runs Promscale's maintenance, the default and per-metric
/// retention, and whether any metric holds data older than its retention plus one chunk interval (maintenance is then
/// not running). Only for a database with Promscale's schema.
/// </summary>
internal static class RetentionChecks
{
    /// <summary>Metrics named in the evidence: the overdue ones first, then the oldest.</summary>
    public const int ListedMetrics = 20;

    private static readonly TimeSpan _readTimeout = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<CheckResult>> ReadAsync(LauncherSettings settings, CancellationToken cancellationToken)
    {
        RetentionReading? reading;
        try
        {
            await using var dataSource = PreflightDataSource.Create(settings, builder => builder.CommandTimeout = (int)_readTimeout.TotalSeconds);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            reading = await RetentionReader.ReadAsync(connection, cancellationToken);
        }
        catch (PostgresException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return [CheckResult.Warn(Ids.RetentionEffective, $"Could not read the retention state: {exception.MessageText} (SQLSTATE {exception.SqlState}).",
                "grant the database user read access to Promscale's schema (it is a member of prom_reader once Promscale created it), or run check again.")
                .With("sqlstate", exception.SqlState)];
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The preflight's own connection worked a moment ago and reported the database; a second one that fails
            // (a slot taken meanwhile, the server restarting) says nothing about retention.
            return [];
        }
        return reading is null ? [] : Evaluate(settings.Maintenance, reading);
    }

    public static IReadOnlyList<CheckResult> Evaluate(MaintenanceSchedule schedule, RetentionReading reading) =>
        [Schedule(schedule, reading), Default(reading), Effective(schedule, reading)];

    private static CheckResult Schedule(MaintenanceSchedule schedule, RetentionReading reading)
    {
        var job = reading.PromscaleJobScheduled;
        var launcherRuns = schedule.Runs(reading.TimescaleDbLicense, job == true);
        var jobText = job switch
        {
            true => "Promscale's own job (_prom_catalog.execute_maintenance_job) is scheduled",
            false => "Promscale schedules no job of its own" + (reading.TimescaleDbLicense == "timescale" ? "" : " (it does only under the Timescale licence, never on the Apache edition)"),
            null => "without TimescaleDB there is no job scheduler",
        };
        CheckResult check;
        if (launcherRuns)
        {
            check = CheckResult.Ok(Ids.MaintenanceSchedule,
                $"While Promscale runs, the launcher calls prom_api.execute_maintenance() every {MaintenanceSchedule.Format(schedule.Interval)} ({Env.MaintenanceInterval}={(schedule.Mode == MaintenanceMode.Auto ? "unset: automatic" : MaintenanceSchedule.Format(schedule.Interval))}); {jobText}.");
        }
        else if (job == true)
        {
            check = CheckResult.Ok(Ids.MaintenanceSchedule, $"{jobText}; the launcher leaves maintenance to it ({Env.MaintenanceInterval}={schedule}).");
        }
        else
        {
            check = CheckResult.Warn(Ids.MaintenanceSchedule,
                $"Nothing runs Promscale's maintenance: {Env.MaintenanceInterval}=off and {jobText}, so no data is ever deleted.",
                $"unset {Env.MaintenanceInterval} (the launcher then runs it every 30m), or run promscale-launcher maintenance from cron.json (README \"Retention\"); ignore this if cron.json already does.");
        }
        return check
            .With("launcher_interval", launcherRuns ? MaintenanceSchedule.Format(schedule.Interval) : "off")
            .With("promscale_job", job switch { true => "scheduled", false => "none", null => "no TimescaleDB" })
            .With("timescaledb.license", reading.TimescaleDbLicense ?? "none");
    }

    private static CheckResult Default(RetentionReading reading)
    {
        var own = reading.Metrics.Where(metric => metric.OwnRetention).ToList();
        var ownText = own.Count == 0
            ? ""
            : $"; own retention: {string.Join(", ", own.Take(ListedMetrics).Select(metric => $"{metric.Metric} {RetentionReader.Describe(metric.Retention)}"))}{(own.Count > ListedMetrics ? ", …" : "")}";
        return CheckResult.Ok(Ids.RetentionDefault,
                $"Default retention {RetentionReader.Describe(reading.DefaultRetention)} (prom_api.set_default_retention_period); {reading.Metrics.Count} metric(s), {own.Count} with their own retention{ownText}.")
            .With("default_retention_seconds", Seconds(reading.DefaultRetention))
            .With("metrics", reading.Metrics.Count)
            .With("own_retention_metrics", own.Count);
    }

    private static CheckResult Effective(MaintenanceSchedule schedule, RetentionReading reading)
    {
        var measured = reading.Metrics.Where(metric => metric.OldestAge is not null).ToList();
        var overdue = measured.Where(metric => metric.Overdue).OrderByDescending(metric => metric.OldestAge - metric.Retention).ToList();
        var notMeasured = reading.Metrics.Count(metric => metric.Source == RetentionSource.NotMeasured);
        var sources = string.Join("+", reading.Metrics.Select(metric => metric.Source)
            .Where(source => source is RetentionSource.Chunks or RetentionSource.MinTime).Distinct().Order()
            .Select(source => source == RetentionSource.Chunks ? "chunks" : "min(time)"));
        var how = sources switch
        {
            "chunks" => "read from chunk ranges (timescaledb_information.chunks)",
            "min(time)" => "read with min(time) on plain tables (no TimescaleDB)",
            "" => "nothing to read",
            _ => "read from chunk ranges, and min(time) on plain tables",
        };
        var skipped = notMeasured == 0 ? "" : $"; {notMeasured} plain table(s) over {RetentionReader.PlainTableReadLimitBytes / (1024 * 1024)} MB not measured (no index leads with time)";

        CheckResult check;
        if (overdue.Count == 0)
        {
            var oldest = measured.OrderByDescending(metric => metric.OldestAge).FirstOrDefault();
            check = CheckResult.Ok(Ids.RetentionEffective, oldest is null
                ? $"No metric holds data yet{skipped}."
                : $"No metric holds data older than its retention plus one chunk interval; the oldest is {oldest.Metric} ({RetentionReader.Describe(oldest.OldestAge!.Value)}, retention {RetentionReader.Describe(oldest.Retention)}), {how}{skipped}.");
        }
        else
        {
            var listed = string.Join(", ", overdue.Take(5).Select(metric =>
                $"{metric.Metric}: oldest {RetentionReader.Describe(metric.OldestAge!.Value)}, retention {RetentionReader.Describe(metric.Retention)}"));
            var launcherRuns = schedule.Runs(reading.TimescaleDbLicense, reading.PromscaleJobScheduled == true);
            check = CheckResult.Warn(Ids.RetentionEffective,
                $"Maintenance is not running: {overdue.Count} metric(s) hold data older than their retention plus one chunk interval ({listed}{(overdue.Count > 5 ? ", …" : "")}), {how}.",
                launcherRuns
                    ? "the launcher runs it while Promscale runs: check that the web container runs and look for its maintenance events (ids 62-65); to catch up now: scalingo --app <app> run promscale-launcher maintenance."
                    : $"unset {Env.MaintenanceInterval} (the launcher then runs it while Promscale runs), or schedule promscale-launcher maintenance in cron.json; to catch up now: scalingo --app <app> run promscale-launcher maintenance.");
        }
        check = check
            .With("source", sources.Length == 0 ? "none" : sources)
            .With("overdue_metrics", overdue.Count)
            .With("not_measured_metrics", notMeasured);
        foreach (var metric in overdue.Concat(measured.Except(overdue).OrderByDescending(metric => metric.OldestAge)).Take(ListedMetrics))
        {
            check = check.With($"metric.{metric.Metric}",
                $"oldest_age={Seconds(metric.OldestAge!.Value)}s retention={Seconds(metric.Retention)}s chunk_interval={Seconds(metric.ChunkInterval)}s overdue={(metric.Overdue ? "yes" : "no")}");
        }
        return check;
    }

    private static string Seconds(TimeSpan span) =>
        span == TimeSpan.MaxValue ? "unset" : ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
