namespace PromscaleLauncher.Maintenance;

/// <summary>One metric's retention and how old its oldest data is, as `check` reads it (cheaply: never a scan of a big table).</summary>
internal sealed record MetricRetention(string Metric, TimeSpan Retention, bool OwnRetention)
{
    /// <summary>How old the oldest data is; null when the metric has none or it was not measured (<see cref="Source"/>).</summary>
    public TimeSpan? OldestAge { get; init; }

    /// <summary>The hypertable's chunk interval; for a plain table Promscale's default chunk interval.</summary>
    public TimeSpan ChunkInterval { get; init; }

    public RetentionSource Source { get; init; }

    /// <summary>
    /// Data older than the retention plus one chunk interval: maintenance drops whole chunks once they are wholly older
    /// than the retention, so after a pass the oldest chunk starts at most one chunk interval before it.
    /// </summary>
    public bool Overdue => OldestAge is { } age && age > Retention + ChunkInterval;
}

internal enum RetentionSource
{
    /// <summary>The start of the oldest chunk (timescaledb_information.chunks): an upper bound of the oldest sample's age.</summary>
    Chunks,

    /// <summary>min(time) of a plain table small enough to read (no TimescaleDB: no chunks, and no index led by time).</summary>
    MinTime,

    /// <summary>A plain table too big to read min(time) cheaply (Promscale's only index is (series_id, time)).</summary>
    NotMeasured,

    NoData,
}
