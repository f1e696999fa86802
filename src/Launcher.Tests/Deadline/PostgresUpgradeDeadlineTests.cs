using CsCheck;
using Microsoft.Extensions.Time.Testing;
using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Preflight;
using PromscaleLauncher.Promscale;
using PromscaleLauncher.Tests.Database;
using PromscaleLauncher.Tests.Support;

namespace PromscaleLauncher.Tests.Deadline;

/// <summary>The PostgreSQL 15 deadline as the preflight reports it, with time driven by a <see cref="FakeTimeProvider"/>.</summary>
public sealed class PostgresUpgradeDeadlineTests
{
    private static readonly DateTimeOffset UpgradeDay = new(2027, 1, 11, 0, 0, 0, TimeSpan.Zero);

    private static PreflightReport Evaluate(ServerFacts facts, TimeProvider time, params (string, string)[] environment)
    {
        var settings = SettingsExamples.Scalingo(environment);
        var evaluator = new PreflightEvaluator(settings, facts, processorCount: 8, appName: "my-app");
        var plan = evaluator.Evaluate();
        return PostgresUpgradeDeadline.AddTo(new PreflightReport(evaluator.Checks, plan), facts, settings.PromscaleVersion, time, "my-app");
    }

    private static CheckResult Deadline(PreflightReport report) => Assert.Single(report.Checks, check => check.Id == DiagnosisIds.PostgresUpgradeDeadline);

    private static string Evidence(CheckResult check, string key) => Assert.Single(check.Evidence, pair => pair.Key == key).Value;

    [Fact]
    public void Warns_on_PostgreSQL_14_right_after_the_version_check_without_blocking_the_start()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 2, 14, 0, TimeSpan.Zero));
        var facts = ServerFactsExamples.Scalingo14() with { SchemaVersionTableExists = true, SchemaVersion = "0.10.0", PromscaleRoles = ServerFacts.AllPromscaleRoles };
        var evaluator = new PreflightEvaluator(SettingsExamples.Scalingo(), facts, processorCount: 8, appName: "my-app");
        var plan = evaluator.Evaluate();
        var without = new PreflightReport(evaluator.Checks, plan);

        var report = PostgresUpgradeDeadline.AddTo(without, facts, PromscaleVersion.V0_10_0, time, "my-app");

        var check = Deadline(report);
        Assert.Equal(CheckStatus.Warn, check.Status);
        Assert.Equal(DiagnosisIds.PostgresUpgradeDeadline, report.Checks[report.Checks.ToList().FindIndex(c => c.Id == DiagnosisIds.PostgresVersion) + 1].Id);
        Assert.Equal("2027-01-11", Evidence(check, "upgrade_date"));
        Assert.Equal("2026-11-12", Evidence(check, "end_of_life"));
        Assert.Equal("36", Evidence(check, "days_left"));
        Assert.Equal("False", Evidence(check, "past"));
        Assert.True(without.CanStart);
        Assert.True(report.CanStart);
        Assert.Equal(ExitCodes.Success, report.ExitCode);
        Assert.Equal(without.Checks.Count + 1, report.Checks.Count);
        Assert.Same(without.Plan, report.Plan);
    }

    // The command is what the operator copies: its exact form, with the app name, is the feature.
    [Fact]
    public void Gives_the_detached_export_one_off_with_the_app_name_and_the_review_app_rehearsal()
    {
        var check = Deadline(Evaluate(ServerFactsExamples.Scalingo14(), new FakeTimeProvider(UpgradeDay.AddDays(-36))));

        Assert.StartsWith("scalingo --app my-app run --detached promscale-launcher export --target ", Evidence(check, "export_command"));
        Assert.EndsWith(" --resume", Evidence(check, "export_command"));
        Assert.Contains(Evidence(check, "export_command"), check.Fix);
        Assert.Contains("\"version\": \"14.x\"", check.Fix);
        Assert.Contains("PROMSCALE_LAUNCHER_EXPORT_", check.Fix);
        Assert.Contains("<app>", PostgresUpgradeDeadline.ExportCommand(null));
    }

    [Fact]
    public void Counts_the_days_down_to_the_day_then_says_it_is_past()
    {
        var time = new FakeTimeProvider(UpgradeDay.AddDays(-2));
        var seen = new List<(string Days, string Past, string Summary)>();
        for (var step = 0; step < 4; step++)
        {
            var check = PostgresUpgradeDeadline.Check(PromscaleVersion.V0_10_0, time.GetUtcNow(), "my-app");
            seen.Add((Evidence(check, "days_left"), Evidence(check, "past"), check.Summary));
            time.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(["2", "1", "0", "-1"], seen.Select(s => s.Days));
        Assert.Equal(["False", "False", "False", "True"], seen.Select(s => s.Past));
        Assert.Contains("in 2 days", seen[0].Summary);
        Assert.Contains("tomorrow", seen[1].Summary);
        Assert.Contains("today", seen[2].Summary);
        Assert.Contains("is past", seen[3].Summary);
        Assert.Contains("at any time", seen[3].Summary);
    }

    [Fact]
    public void Changes_day_at_midnight_UTC_whatever_the_clock_offset()
    {
        var lastSecondBefore = new FakeTimeProvider(new DateTimeOffset(2027, 1, 10, 23, 59, 59, TimeSpan.Zero));
        Assert.Equal(1, PostgresUpgradeDeadline.DaysLeft(lastSecondBefore.GetUtcNow()));
        lastSecondBefore.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, PostgresUpgradeDeadline.DaysLeft(lastSecondBefore.GetUtcNow()));
        // 2027-01-11 01:00 in Paris is still 2027-01-10 in UTC.
        Assert.Equal(1, PostgresUpgradeDeadline.DaysLeft(new DateTimeOffset(2027, 1, 11, 0, 30, 0, TimeSpan.FromHours(1))));
    }

    [Fact]
    public void Days_left_fall_by_one_per_day_and_the_summary_says_past_exactly_after_the_day() =>
        Gen.Int[-2000, 2000].Select(Gen.Int[0, 86_399]).Sample((days, seconds) =>
        {
            var time = new FakeTimeProvider(UpgradeDay.AddDays(days).AddSeconds(seconds));
            var check = PostgresUpgradeDeadline.Check(PromscaleVersion.V0_10_0, time.GetUtcNow(), null);
            var daysLeft = int.Parse(Evidence(check, "days_left"), System.Globalization.CultureInfo.InvariantCulture);
            return daysLeft == -days
                   && check.Summary.Contains("is past", StringComparison.Ordinal) == (days > 0)
                   && check.Summary.Contains("2027-01-11", StringComparison.Ordinal)
                   && check.Fix!.Contains("promscale-launcher export", StringComparison.Ordinal)
                   && check.Status == CheckStatus.Warn;
        });

    [Fact]
    public void Says_nothing_where_the_upgrade_breaks_nothing_or_was_not_read()
    {
        var time = new FakeTimeProvider(UpgradeDay.AddDays(-36));
        var fifteen = ServerFactsExamples.Scalingo14() with { ServerVersionNumber = 150015, ServerVersion = "15.15" };
        var thirteen = ServerFactsExamples.Scalingo14() with { ServerVersionNumber = 130020, ServerVersion = "13.20" };

        Assert.DoesNotContain(Evaluate(fifteen, time).Checks, check => check.Id == DiagnosisIds.PostgresUpgradeDeadline);
        Assert.DoesNotContain(Evaluate(thirteen, time).Checks, check => check.Id == DiagnosisIds.PostgresUpgradeDeadline);
        // Promscale 0.17.0 accepts PostgreSQL 15: the upgrade does not stop it.
        Assert.DoesNotContain(Evaluate(ServerFactsExamples.Scalingo14(), time, ("PROMSCALE_VERSION", "0.17.0")).Checks, check => check.Id == DiagnosisIds.PostgresUpgradeDeadline);
        var unread = new PreflightReport([CheckResult.Fail(DiagnosisIds.DatabaseUnreachable, ExitCodes.TemporaryFailure, "down", "wait")], null);
        Assert.Same(unread, PostgresUpgradeDeadline.AddTo(unread, null, PromscaleVersion.V0_10_0, time, "my-app"));
    }

    [Fact]
    public void Refuses_0_10_on_PostgreSQL_15_and_later_naming_the_export_that_still_reads_the_data()
    {
        foreach (var (number, text) in new[] { (150015, "15.15"), (170010, "17.10") })
        {
            var facts = ServerFactsExamples.Scalingo14() with { ServerVersionNumber = number, ServerVersion = text };
            var check = Assert.Single(Evaluate(facts, TimeProvider.System).Checks, c => c.Id == DiagnosisIds.PostgresVersion);

            Assert.Equal(CheckStatus.Fail, check.Status);
            Assert.Equal(ExitCodes.DatabaseIncompatible, check.ExitCode);
            Assert.StartsWith("scalingo --app my-app run --detached promscale-launcher export", Evidence(check, "export_command"));
            Assert.Contains("promscale-launcher export reads Promscale's tables", check.Summary);
            Assert.Contains(Evidence(check, "export_command"), check.Fix);
        }
    }

    [Fact]
    public void Does_not_point_0_17_on_PostgreSQL_17_to_the_export()
    {
        var facts = ServerFactsExamples.Scalingo14() with { ServerVersionNumber = 170010, ServerVersion = "17.10" };

        var check = Assert.Single(Evaluate(facts, TimeProvider.System, ("PROMSCALE_VERSION", "0.17.0")).Checks, c => c.Id == DiagnosisIds.PostgresVersion);

        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.DoesNotContain(check.Evidence, pair => pair.Key == "export_command");
    }
}
