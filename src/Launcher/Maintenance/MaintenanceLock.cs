using Npgsql;

namespace PromscaleLauncher.Maintenance;

/// <summary>
/// The launcher's own session advisory lock: one maintenance runner at a time across containers and one-offs. A bigint
/// key (pg_locks objsubid 1), so it never meets Promscale's two-int per-metric locks (12378, metric_id) (objsubid 2),
/// and distinct from Promscale's bigint schema lock 5585198506344173278 (docs/promscale.md §3.4, §10.2). Taken with
/// pg_try_advisory_lock on the pass's own unpooled connection: closing it releases the lock, even after an error.
/// </summary>
internal static class MaintenanceLock
{
    /// <summary>0x504C4D41_494E5431, ASCII "PLMAINT1".</summary>
    public const long Key = 5786084564062327857;

    // How pg_locks shows a bigint key: high half in classid, low half in objid.
    private const long ClassId = Key >> 32;
    private const long ObjectId = Key & 0xFFFFFFFF;

    public static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>The session holding the lock, for the log: its pid and application_name (NULL when it is gone).</summary>
    public static async Task<(int? Pid, string? ApplicationName)> FindHolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT l.pid, a.application_name FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = {ClassId} AND l.objid::bigint = {ObjectId} AND l.objsubid = 1
            LIMIT 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, null);
        }
        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
