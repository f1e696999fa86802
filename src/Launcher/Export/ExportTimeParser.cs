using System.Globalization;

namespace PromscaleLauncher.Export;

/// <summary>
/// --start/--end as RFC 3339 (2026-01-31T00:00:00Z) or an age before now (90d, 12h, 1w, 1h30m), and --window as a duration.
/// Units: ms, s, m, h, d (24 h), w (7 d), as Prometheus writes durations.
/// </summary>
internal static class ExportTimeParser
{
    public static bool TryParseInstant(string text, DateTimeOffset now, out DateTimeOffset instant)
    {
        if (TryParseDuration(text, out var age))
        {
            instant = now - age;
            return true;
        }
        // RFC 3339 requires an offset (Z or ±hh:mm): a time without one is refused rather than guessed.
        if ((text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text))
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant))
        {
            return true;
        }
        instant = default;
        return false;
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var rest = text.AsSpan().Trim();
        if (rest.IsEmpty)
        {
            return false;
        }
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }
            if (digits == 0 || !long.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            rest = rest[digits..];
            var unitLength = rest.StartsWith("ms") ? 2 : 1;
            if (rest.Length < unitLength)
            {
                return false;
            }
            TimeSpan unit;
            switch (rest[..unitLength])
            {
                case "ms": unit = TimeSpan.FromMilliseconds(1); break;
                case "s": unit = TimeSpan.FromSeconds(1); break;
                case "m": unit = TimeSpan.FromMinutes(1); break;
                case "h": unit = TimeSpan.FromHours(1); break;
                case "d": unit = TimeSpan.FromDays(1); break;
                case "w": unit = TimeSpan.FromDays(7); break;
                default: return false;
            }
            if (amount > TimeSpan.MaxValue.Ticks / unit.Ticks / 2)
            {
                return false;
            }
            duration += unit * amount;
            rest = rest[unitLength..];
        }
        return true;
    }

    /// <summary>"1d", "6h", "1h30m", "15m", "500ms": the shortest exact spelling, for logs and fixes.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }
        var parts = new List<string>();
        var rest = duration;
        foreach (var (unit, suffix) in new[] { (TimeSpan.FromDays(1), "d"), (TimeSpan.FromHours(1), "h"), (TimeSpan.FromMinutes(1), "m"), (TimeSpan.FromSeconds(1), "s"), (TimeSpan.FromMilliseconds(1), "ms") })
        {
            var count = rest.Ticks / unit.Ticks;
            if (count > 0)
            {
                parts.Add(count.ToString(CultureInfo.InvariantCulture) + suffix);
                rest -= unit * count;
            }
        }
        return string.Concat(parts);
    }

    public static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return time > 0 && (text.IndexOf('+', time) > 0 || text.IndexOf('-', time) > 0);
    }
}
