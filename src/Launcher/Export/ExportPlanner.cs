using Npgsql;

namespace PromscaleLauncher.Export;

/// <summary>
/// Cuts each metric's samples into windows on a fixed grid (multiples of the window since the Unix epoch, clipped to the
/// range), oldest first across metrics as vmagent/vmctl do: a receiver sees history advance evenly, and a second run
/// with the same range finds the same windows, which is what progress is keyed on.
/// </summary>
internal static class ExportPlanner
{
    public static async Task<List<ExportWindow>> PlanAsync(NpgsqlConnection connection, IReadOnlyList<ExportMetric> metrics,
        DateTimeOffset? start, DateTimeOffset end, TimeSpan window, CancellationToken cancellationToken)
    {
        var windows = new List<ExportWindow>();
        foreach (var metric in metrics)
        {
            var (first, last) = await BoundsAsync(connection, metric, start, end, cancellationToken);
            if (first is not { } from || last is not { } to)
            {
                continue;
            }
            for (var cell = Floor(from, window); cell <= to; cell += window)
            {
                var windowStart = start is { } s && s > cell ? s : cell;
                var windowEnd = cell + window < end ? cell + window : end;
                windows.Add(new ExportWindow(metric, windowStart, windowEnd));
            }
        }
        return windows.OrderBy(w => w.Start).ThenBy(w => w.Metric.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The first and last sample time of the metric within the range (null when it has none there).</summary>
    private static async Task<(DateTimeOffset?, DateTimeOffset?)> BoundsAsync(NpgsqlConnection connection, ExportMetric metric,
        DateTimeOffset? start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT min(time), max(time) FROM prom_data.{SqlNames.Quote(metric.Table)} WHERE time < @end AND time >= @start", connection);
        command.Parameters.AddWithValue("end", end.UtcDateTime);
        command.Parameters.AddWithValue("start", (start ?? DateTimeOffset.UnixEpoch.AddYears(-100)).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0)
            ? (null, null)
            : (new DateTimeOffset(reader.GetFieldValue<DateTime>(0)), new DateTimeOffset(reader.GetFieldValue<DateTime>(1)));
    }

    private static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan window)
    {
        var ticks = (instant - DateTimeOffset.UnixEpoch).Ticks;
        var cells = ticks >= 0 ? ticks / window.Ticks : -((-ticks + window.Ticks - 1) / window.Ticks);
        return DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(cells * window.Ticks);
    }
}
