using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// The schema-version advisory lock (docs/promscale.md §3.4): try-exclusive while migrating (never waits), then a shared
/// lock held by the lease connection and by every pooled connection for its lifetime.
/// </summary>
internal static class SchemaVersionLock
{
    /// <summary><c>0x4D829C732AAFCEDE</c>, the same in every version.</summary>
    public const long Key = 5585198506344173278;

    public const string MigrationLockError = "Could not acquire migration lock. Ensure there are no other connectors running and try again.";

    public const string LeaseError = "could not acquire schema version lease. is a migration in progress?";

    public static async Task<bool> TryExclusiveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        => await connection.ScalarAsync<bool>($"SELECT pg_try_advisory_lock({Key})", cancellationToken);

    public static async Task UnlockExclusiveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        => await connection.ScalarAsync<bool>($"SELECT pg_advisory_unlock({Key})", cancellationToken);

    public static async Task<bool> TrySharedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        => await connection.ScalarAsync<bool>($"SELECT pg_try_advisory_lock_shared({Key})", cancellationToken);
}
