using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Promscale;
using Ids = PromscaleLauncher.Diagnostics.DiagnosisIds;

namespace PromscaleLauncher.Preflight;

/// <summary>
/// Scalingo's end of PostgreSQL 14 (docs/scalingo.md §5): the one place that knows the dates. On 2027-01-11 every
/// remaining PostgreSQL 14 database is upgraded to 15 and its app restarted; Promscale 0.10.0 refuses 15, so from that
/// restart it does not start. Said while there is time (a warning on PostgreSQL 14) and after (the refusal on 15 names
/// the export, which reads Promscale's tables without Promscale).
/// </summary>
internal static class PostgresUpgradeDeadline
{
    /// <summary>Scalingo upgrades the remaining PostgreSQL 14 databases to 15 on this day (changelog, 2026-06-09).</summary>
    public static readonly DateOnly UpgradeDate = new(2027, 1, 11);

    /// <summary>PostgreSQL 14's end of life on Scalingo.</summary>
    public static readonly DateOnly EndOfLife = new(2026, 11, 12);

    private const int UpgradedFromMajor = 14;

    /// <summary>
    /// The report with the deadline check after the PostgreSQL version check, when the server is PostgreSQL 14 and this
    /// Promscale refuses 15. A warning: it never blocks the start.
    /// </summary>
    public static PreflightReport AddTo(PreflightReport report, ServerFacts? facts, PromscaleVersion version, TimeProvider time, string? appName)
    {
        if (facts is null || facts.PostgresMajor != UpgradedFromMajor || PromscaleRequirements.For(version).AcceptsPostgres(UpgradedFromMajor + 1))
        {
            return report;
        }
        var check = Check(version, time.GetUtcNow(), appName);
        var checks = report.Checks.ToList();
        var versionCheck = checks.FindIndex(existing => existing.Id == Ids.PostgresVersion);
        checks.Insert(versionCheck + 1, check);
        return report with { Checks = checks };
    }

    /// <summary>Whole days from today (UTC) to the upgrade day: 0 on the day, negative after.</summary>
    public static int DaysLeft(DateTimeOffset now) => UpgradeDate.DayNumber - DateOnly.FromDateTime(now.UtcDateTime).DayNumber;

    public static CheckResult Check(PromscaleVersion version, DateTimeOffset now, string? appName)
    {
        var daysLeft = DaysLeft(now);
        var date = Format(UpgradeDate);
        var summary = daysLeft switch
        {
            > 1 => $"Scalingo upgrades the remaining PostgreSQL 14 databases to 15 on {date}, in {daysLeft} days, and restarts their apps (PostgreSQL 14's end of life was {Format(EndOfLife)}). ",
            1 => $"Scalingo upgrades the remaining PostgreSQL 14 databases to 15 tomorrow, {date}, and restarts their apps. ",
            0 => $"Scalingo upgrades the remaining PostgreSQL 14 databases to 15 today, {date}, and restarts their apps. ",
            _ => $"Scalingo's date to upgrade the remaining PostgreSQL 14 databases to 15, {date}, is past ({-daysLeft} days ago): the upgrade, and the app restart that comes with it, can happen at any time. ",
        };
        summary += $"Promscale {version} refuses PostgreSQL 15: from that restart it will not start, and its metrics can only be read with promscale-launcher export.";
        return CheckResult.Warn(Ids.PostgresUpgradeDeadline, summary, Fix(appName))
            .With("upgrade_date", date)
            .With("end_of_life", Format(EndOfLife))
            .With("days_left", daysLeft)
            .With("past", daysLeft < 0)
            .With("export_command", ExportCommand(appName));
    }

    /// <summary>Credentials go to the app's environment, never on the one-off's command line (one-offs are recorded).</summary>
    private static string CredentialsCommand(string? appName) =>
        new OperatorCommands(appName).Scalingo("env-set PROMSCALE_LAUNCHER_EXPORT_BEARER_TOKEN=<token>");

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The one-off that moves the data out. --detached: an attached one-off is killed after 1 h without output;
    /// --resume: a second run continues where the first stopped. Credentials stay in the environment.
    /// </summary>
    public static string ExportCommand(string? appName) =>
        new OperatorCommands(appName).Scalingo("run --detached promscale-launcher export --target https://<receiver>/api/v1/write --resume");

    private static string Fix(string? appName) =>
        $"move the metrics to a remote_write receiver (VictoriaMetrics, Prometheus, Mimir, Thanos) before or after the upgrade: "
        + $"{ExportCommand(appName)} (receiver credentials in PROMSCALE_LAUNCHER_EXPORT_USERNAME/_PASSWORD or _BEARER_TOKEN, set beforehand with {CredentialsCommand(appName)}; "
        + "the export reads Promscale's tables on PostgreSQL 14 and 15 alike, without Promscale); "
        + "rehearse in a review app whose scalingo.json pins the postgresql addon to \"version\": \"14.x\"; "
        + "the steps are in the README, \"Leaving Promscale\".";

    /// <summary>The refusal's second half on PostgreSQL 15 and later: Promscale cannot run, the data is still readable.</summary>
    public const string ExportHint =
        "Promscale 0.10.0 cannot run on PostgreSQL 15 or later, and on Scalingo no other version can (0.17.0 accepts 15 but needs the promscale extension, which Scalingo does not offer); the data is still there: promscale-launcher export reads Promscale's tables without Promscale.";

    public static string StrandedFix(string? appName) =>
        $"move the metrics to a remote_write receiver (VictoriaMetrics, Prometheus, Mimir, Thanos): {ExportCommand(appName)} "
        + $"(receiver credentials in PROMSCALE_LAUNCHER_EXPORT_USERNAME/_PASSWORD or _BEARER_TOKEN, set beforehand with {CredentialsCommand(appName)}; README, \"Leaving Promscale\"); "
        + "then point Grafana at the receiver and remove this app; or run Promscale 0.10.0 on a PostgreSQL 12–14 server outside Scalingo.";
}
