using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Maintenance;

namespace PromscaleLauncher.Tests.Maintenance;

public sealed class RetentionChecksTests
{
    private static readonly TimeSpan _day = TimeSpan.FromDays(1);
    private static readonly TimeSpan _chunk = TimeSpan.FromHours(8);

    private static MetricRetention Metric(string name, TimeSpan retention, TimeSpan? oldest) =>
        new(name, retention, OwnRetention: retention != 90 * _day)
        {
            OldestAge = oldest,
            ChunkInterval = _chunk,
            Source = oldest is null ? RetentionSource.NoData : RetentionSource.Chunks,
        };

    private static CheckResult Check(IReadOnlyList<CheckResult> checks, string id) => Assert.Single(checks, check => check.Id == id);

    [Fact]
    public void Counts_a_metric_overdue_only_past_its_retention_plus_one_chunk_interval()
    {
        Assert.False(Metric("a", _day, _day + _chunk).Overdue);
        Assert.True(Metric("a", _day, _day + _chunk + TimeSpan.FromMinutes(1)).Overdue);
        Assert.False(Metric("a", _day, null).Overdue);
    }

    [Fact]
    public void Leaves_maintenance_to_Promscale_s_job_under_the_Timescale_licence()
    {
        var reading = new RetentionReading(90 * _day, [Metric("cpu", 90 * _day, 2 * _day)], "timescale", PromscaleJobScheduled: true);

        var checks = RetentionChecks.Evaluate(MaintenanceSchedule.Auto, reading);

        var schedule = Check(checks, DiagnosisIds.MaintenanceSchedule);
        Assert.Equal(CheckStatus.Ok, schedule.Status);
        Assert.Contains(new KeyValuePair<string, string>("launcher_interval", "off"), schedule.Evidence);
        Assert.Contains(new KeyValuePair<string, string>("promscale_job", "scheduled"), schedule.Evidence);
        Assert.Equal(CheckStatus.Ok, Check(checks, DiagnosisIds.RetentionEffective).Status);
    }

    [Fact]
    public void Warns_that_nothing_runs_maintenance_when_off_on_the_Apache_edition()
    {
        var reading = new RetentionReading(90 * _day, [Metric("cpu", _day, 3 * _day), Metric("mem", 90 * _day, null)], "apache", PromscaleJobScheduled: false);

        var checks = RetentionChecks.Evaluate(MaintenanceSchedule.Off, reading);

        Assert.Equal(CheckStatus.Warn, Check(checks, DiagnosisIds.MaintenanceSchedule).Status);
        var effective = Check(checks, DiagnosisIds.RetentionEffective);
        Assert.Equal(CheckStatus.Warn, effective.Status);
        Assert.Contains(new KeyValuePair<string, string>("overdue_metrics", "1"), effective.Evidence);
        Assert.Contains("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", effective.Fix);
        Assert.Contains(new KeyValuePair<string, string>("own_retention_metrics", "1"), Check(checks, DiagnosisIds.RetentionDefault).Evidence);
    }

    [Fact]
    public void Lists_at_most_twenty_metrics_in_the_evidence()
    {
        var metrics = Enumerable.Range(0, 50).Select(i => Metric($"m{i}", 90 * _day, TimeSpan.FromHours(i))).ToList();

        var effective = Check(RetentionChecks.Evaluate(MaintenanceSchedule.Auto, new RetentionReading(90 * _day, metrics, "apache", false)), DiagnosisIds.RetentionEffective);

        Assert.Equal(RetentionChecks.ListedMetrics, effective.Evidence.Count(pair => pair.Key.StartsWith("metric.", StringComparison.Ordinal)));
        Assert.Contains(effective.Evidence, pair => pair.Key == "metric.m49");
    }
}
