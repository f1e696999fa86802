using Npgsql;

namespace PromscaleLauncher.Export;

/// <summary>
/// Sends one window: one query on the metric's data table, streamed in (series_id, time) order (the order of its
/// unique index, so no sort of the window is held in memory), cut into requests of at most --batch-samples samples;
/// each acknowledged request is recorded before the next is read. A resumed window continues after its cursor.
/// </summary>
internal sealed class WindowExporter(NpgsqlDataSource dataSource, RemoteWriteClient client, string target, int batchSamples, ExportCounters counters)
{
    public enum Outcome
    {
        Done,
        Interrupted,
    }

    public async Task<Outcome> ExportAsync(ExportWindow window, WindowProgress? progress, CancellationToken stopping, CancellationToken force)
    {
        var metric = window.Metric;
        // Two connections: one streams the window, the other resolves labels and records progress meanwhile.
        await using var reading = await dataSource.OpenConnectionAsync(force);
        await using var writing = await dataSource.OpenConnectionAsync(force);
        var labels = new SeriesLabels(metric);
        var batch = new SampleBatch();
        var after = progress?.Cursor;
        await using var command = new NpgsqlCommand(
            $"""
            SELECT series_id, time, value FROM prom_data.{SqlNames.Quote(metric.Table)}
            WHERE time >= @start AND time < @end {(after is null ? "" : "AND (series_id, time) > (@after_series, @after_time)")}
            ORDER BY series_id, time
            """, reading);
        command.Parameters.AddWithValue("start", window.Start.UtcDateTime);
        command.Parameters.AddWithValue("end", window.End.UtcDateTime);
        if (after is { } cursor)
        {
            command.Parameters.AddWithValue("after_series", cursor.SeriesId);
            command.Parameters.AddWithValue("after_time", cursor.Time);
        }
        await using (var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, force))
        {
            while (await reader.ReadAsync(force))
            {
                batch.Add(reader.GetInt64(0), reader.GetFieldValue<DateTime>(1), reader.GetDouble(2));
                if (batch.Samples >= batchSamples || batch.EstimatedBytes >= ExportOptions.MaxRequestBytes)
                {
                    await SendAsync(window, batch, labels, writing, done: false, stopping, force);
                    if (stopping.IsCancellationRequested)
                    {
                        return Outcome.Interrupted;
                    }
                }
                else if (stopping.IsCancellationRequested)
                {
                    // The request being filled is the one in flight: send what it has, record it, stop.
                    await SendAsync(window, batch, labels, writing, done: false, stopping, force);
                    return Outcome.Interrupted;
                }
            }
        }
        await SendAsync(window, batch, labels, writing, done: true, stopping, force);
        counters.WindowDone(metric.Name, skipped: false);
        return Outcome.Done;
    }

    private async Task SendAsync(ExportWindow window, SampleBatch batch, SeriesLabels labels, NpgsqlConnection writing, bool done,
        CancellationToken stopping, CancellationToken force)
    {
        if (batch.Samples > 0)
        {
            await labels.LoadAsync(writing, batch.Series.Select(s => s.SeriesId).ToList(), force);
            var (request, unlabelled) = batch.ToWriteRequest(labels);
            if (request.Timeseries.Count > 0)
            {
                await client.SendAsync(request, stopping, force);
            }
            counters.AddSamples(window.Metric.Name, batch.Samples - unlabelled, request.Timeseries.Count, unlabelled);
        }
        if (batch.Samples > 0 || done)
        {
            // Acknowledged: recorded before anything else is read, so a stop from here on never sends it again.
            await ExportProgressStore.RecordAsync(writing, target, window, batch.Samples > 0 ? batch.Last : null, batch.Samples, done, force);
        }
        batch.Clear();
    }
}
