using PromscaleLauncher.Export.Protocol;

namespace PromscaleLauncher.Export;

/// <summary>
/// One metric as _prom_catalog.metric names it: its samples in prom_data.<see cref="Table"/>, its series in
/// prom_data_series.<see cref="SeriesTable"/> (looked up, never derived: long names are truncated + _id,
/// docs/promscale.md §10.3), and its metadata when Promscale recorded some.
/// </summary>
internal sealed record ExportMetric(int Id, string Name, string Table, string SeriesTable, MetricMetadata? Metadata);
