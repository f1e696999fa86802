using System.Globalization;
using System.Text.RegularExpressions;

namespace PromscaleLauncher.Configuration;

/// <summary>
/// PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL: how often the launcher calls prom_api.execute_maintenance() while Promscale
/// runs (docs/promscale.md §10.2: on the Apache edition nothing else calls it). Unset: decided by the database
/// (<see cref="Auto"/>); 0 or off: never; a duration such as 30m: every that long.
/// </summary>
internal sealed partial record MaintenanceSchedule(MaintenanceMode Mode, TimeSpan Interval)
{
    /// <summary>Promscale's own cadence when it schedules the job itself (add_job(…, '30 min')).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(7);

    public static readonly MaintenanceSchedule Auto = new(MaintenanceMode.Auto, DefaultInterval);
    public static readonly MaintenanceSchedule Off = new(MaintenanceMode.Off, TimeSpan.Zero);

    public static MaintenanceSchedule Every(TimeSpan interval) => new(MaintenanceMode.Every, interval);

    /// <summary>
    /// Whether the launcher will run maintenance where the edition is <paramref name="timescaleDbLicense"/> (null: no
    /// TimescaleDB) and Promscale's own job is <paramref name="promscaleJobScheduled"/>. Promscale schedules its job only
    /// under the Timescale licence, so on Apache (Scalingo) or without TimescaleDB the launcher runs it.
    /// </summary>
    public bool Runs(string? timescaleDbLicense, bool promscaleJobScheduled) => Mode switch
    {
        MaintenanceMode.Off => false,
        MaintenanceMode.Every => true,
        _ => timescaleDbLicense != "timescale" || !promscaleJobScheduled,
    };

    /// <summary>
    /// Before Promscale has started (the preflight's connection budget), the job is not known yet: under the Timescale
    /// licence Promscale schedules it at its migration, so the launcher expects not to run.
    /// </summary>
    public bool ExpectedToRun(string? timescaleDbLicense) => Runs(timescaleDbLicense, promscaleJobScheduled: timescaleDbLicense == "timescale");

    public override string ToString() => Mode switch
    {
        MaintenanceMode.Off => "off",
        MaintenanceMode.Every => Format(Interval),
        _ => $"auto ({Format(Interval)})",
    };

    /// <summary>Go-style durations (Promscale's flags use them): 90s, 30m, 1h, 1h30m; 0 or off disables.</summary>
    public static bool TryParse(string text, out MaintenanceSchedule schedule)
    {
        schedule = Auto;
        var trimmed = text.Trim();
        if (trimmed is "0" or "off" or "false")
        {
            schedule = Off;
            return true;
        }
        var match = Duration().Match(trimmed);
        if (!match.Success)
        {
            return false;
        }
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitAt = part.Value.IndexOfAny(['h', 'm', 's']);
            if (!long.TryParse(part.Value[..unitAt], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 1_000_000)
            {
                return false;
            }
            total += part.Value[unitAt] switch
            {
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }
        if (total == TimeSpan.Zero)
        {
            schedule = Off;
            return true;
        }
        if (total < MinimumInterval || total > MaximumInterval)
        {
            return false;
        }
        schedule = Every(total);
        return true;
    }

    public static string Format(TimeSpan interval)
    {
        if (interval == TimeSpan.Zero)
        {
            return "0";
        }
        var text = (interval.Days * 24 + interval.Hours > 0 ? $"{interval.Days * 24 + interval.Hours}h" : "")
                   + (interval.Minutes > 0 ? $"{interval.Minutes}m" : "")
                   + (interval.Seconds > 0 ? $"{interval.Seconds}s" : "");
        return text;
    }

    [GeneratedRegex(@"^(?<part>[0-9]+[hms])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}

internal enum MaintenanceMode
{
    /// <summary>Unset: on where Promscale does not schedule it itself (Apache edition, or its job missing).</summary>
    Auto,
    Off,
    Every,
}
