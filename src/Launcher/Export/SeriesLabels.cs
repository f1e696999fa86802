using System.Globalization;
using Npgsql;
using PromscaleLauncher.Export.Protocol;

namespace PromscaleLauncher.Export;

/// <summary>
/// The label sets of one metric's series, looked up once per series and kept for the window: prom_data_series.&lt;t&gt;'s
/// label-id array (0 where the series lacks a key) resolved through _prom_catalog.label, which holds key and value,
/// __name__ included. Sorted by name, as the remote-write spec requires. Bounded: the cache is emptied when it
/// reaches <see cref="MaxCachedSeries"/>, so memory does not grow with a metric's cardinality.
/// </summary>
internal sealed class SeriesLabels(ExportMetric metric)
{
    public const int MaxCachedSeries = 50_000;

    private readonly Dictionary<long, Label[]> _labels = [];

    public bool TryGet(long seriesId, out Label[] labels) => _labels.TryGetValue(seriesId, out labels!);

    /// <summary>Loads the labels of the batch's series not yet known.</summary>
    public async Task LoadAsync(NpgsqlConnection connection, IReadOnlyCollection<long> seriesIds, CancellationToken cancellationToken)
    {
        var missing = seriesIds.Where(id => !_labels.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        if (_labels.Count + missing.Count > MaxCachedSeries)
        {
            _labels.Clear();
            missing = [.. seriesIds];
        }
        // The ids as an array literal: the launcher's slim Npgsql data source has no array type handlers (binary size).
        await using var command = new NpgsqlCommand(
            $"""
            SELECT s.id, l.key, l.value
            FROM prom_data_series.{SqlNames.Quote(metric.SeriesTable)} s
            CROSS JOIN LATERAL unnest(s.labels) AS u(label_id)
            JOIN _prom_catalog.label l ON l.id = u.label_id
            WHERE s.id = ANY(@ids::text::bigint[])
            """, connection);
        command.Parameters.AddWithValue("ids", "{" + string.Join(',', missing.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "}");
        var found = new Dictionary<long, List<Label>>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (!found.TryGetValue(id, out var list))
                {
                    found[id] = list = [];
                }
                var label = new Label { Name = reader.GetString(1), Value = reader.GetString(2) };
                list.Add(label);
            }
        }
        foreach (var (id, list) in found)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            _labels[id] = [.. list];
        }
    }
}
