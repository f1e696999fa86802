using Npgsql;

namespace PromscaleLauncher.Maintenance;

/// <summary>
/// What PostgreSQL said during a pass, sorted: the known harmless warnings are counted (one summary line, not one line
/// each), anything else is kept for the log.
/// </summary>
internal sealed class MaintenanceNotices
{
    /// <summary>More are counted, not kept: one line each in the log would flood it.</summary>
    public const int KeptLimit = 5;

    private readonly List<string> _others = [];

    /// <summary>
    /// `tracing: failed to delete link|event|span data. "…" is not a hypertable…`: after a first install on TimescaleDB
    /// ≥ 2.14 the trace tables stay plain tables, and every run warns three times (docs/promscale.md §10.1).
    /// </summary>
    public int TraceTableWarnings { get; private set; }

    /// <summary>`function _timescaledb_internal.to_unix_microseconds(…) is deprecated`, one per chunk, when the setting
    /// timescaledb.enable_deprecation_warnings does not exist to silence them (docs/promscale.md §10.2).</summary>
    public int DeprecationWarnings { get; private set; }

    public int OtherCount { get; private set; }

    public IReadOnlyList<string> Others => _others;

    public void Observe(PostgresNotice notice)
    {
        var text = notice.MessageText;
        if (text.Contains("tracing: failed to delete", StringComparison.Ordinal) && text.Contains("is not a hypertable", StringComparison.Ordinal))
        {
            TraceTableWarnings++;
        }
        else if (text.Contains("is deprecated", StringComparison.Ordinal) && text.Contains("_timescaledb_", StringComparison.Ordinal))
        {
            DeprecationWarnings++;
        }
        else if (notice.InvariantSeverity is "WARNING")
        {
            OtherCount++;
            if (_others.Count < KeptLimit)
            {
                _others.Add(text);
            }
        }
    }
}
