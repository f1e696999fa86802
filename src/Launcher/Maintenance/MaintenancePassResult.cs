namespace PromscaleLauncher.Maintenance;

/// <summary>What one pass did: the outcome, its duration, what it counted before and after, and what PostgreSQL said.</summary>
internal sealed record MaintenancePassResult(MaintenanceOutcome Outcome, TimeSpan Duration)
{
    /// <summary>Chunks of prom_data's hypertables; null without TimescaleDB's information views (plain tables).</summary>
    public long? ChunksBefore { get; init; }
    public long? ChunksAfter { get; init; }
    public long? MetricsBefore { get; init; }
    public long? MetricsAfter { get; init; }

    public MaintenanceNotices Notices { get; init; } = new();

    public MaintenanceFailure? Failure { get; init; }

    /// <summary>For <see cref="MaintenanceOutcome.LockHeld"/>: the session holding the lock, when still there.</summary>
    public int? LockHolderPid { get; init; }
    public string? LockHolderApplication { get; init; }
}
