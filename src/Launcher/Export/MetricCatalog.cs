using Npgsql;
using PromscaleLauncher.Export.Protocol;

namespace PromscaleLauncher.Export;

/// <summary>Reads which metrics Promscale stores and their metadata (_prom_catalog.metric, _prom_catalog.metadata).</summary>
internal static class MetricCatalog
{
    public static async Task<bool> HasPromscaleSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('_prom_catalog.metric') IS NOT NULL AND to_regclass('_prom_catalog.label') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Every completed metric with a data table in prom_data (views and other schemas are not Promscale's samples).</summary>
    public static async Task<List<ExportMetric>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var metadata = await ReadMetadataAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT id, metric_name, table_name::text, series_table::text FROM _prom_catalog.metric
            WHERE NOT is_view AND table_schema = 'prom_data'
            ORDER BY metric_name
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var metrics = new List<ExportMetric>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(1);
            metrics.Add(new ExportMetric(reader.GetInt32(0), name, reader.GetString(2), reader.GetString(3), metadata.GetValueOrDefault(name)));
        }
        return metrics;
    }

    /// <summary>
    /// The newest type/help/unit of each metric family (Promscale 0.10.0's _prom_catalog.metadata: last_seen,
    /// metric_family, type, unit, help; one row per distinct combination). Absent table: no metadata.
    /// </summary>
    private static async Task<Dictionary<string, MetricMetadata>> ReadMetadataAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, MetricMetadata>(StringComparer.Ordinal);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('_prom_catalog.metadata') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return metadata;
            }
        }
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT ON (metric_family) metric_family, coalesce(type, ''), coalesce(help, ''), coalesce(unit, '')
            FROM _prom_catalog.metadata ORDER BY metric_family, last_seen DESC
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var family = reader.GetString(0);
            metadata[family] = new MetricMetadata
            {
                MetricFamilyName = family,
                Type = ParseType(reader.GetString(1)),
                Help = reader.GetString(2),
                Unit = reader.GetString(3),
            };
        }
        return metadata;
    }

    /// <summary>Promscale stores the type as Prometheus' textparse names it (counter, gauge, histogram, …).</summary>
    private static MetricMetadata.Types.MetricType ParseType(string type) => type.ToLowerInvariant() switch
    {
        "counter" => MetricMetadata.Types.MetricType.Counter,
        "gauge" => MetricMetadata.Types.MetricType.Gauge,
        "histogram" => MetricMetadata.Types.MetricType.Histogram,
        "gaugehistogram" => MetricMetadata.Types.MetricType.Gaugehistogram,
        "summary" => MetricMetadata.Types.MetricType.Summary,
        "info" => MetricMetadata.Types.MetricType.Info,
        "stateset" => MetricMetadata.Types.MetricType.Stateset,
        _ => MetricMetadata.Types.MetricType.Unknown,
    };
}
