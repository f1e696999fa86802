using Npgsql;

namespace PromscaleLauncher.FirstInstall;

/// <summary>
/// One first install at a time across containers (Scalingo starts the new containers of a deploy together, and
/// beside the old ones: docs/scalingo.md §4): a session advisory lock of the launcher's own, held by the stage's
/// connection until it closes. Its key is none of Promscale's (5585198506344173278, and (12378, metric id) for
/// maintenance: docs/promscale.md §3.4, §10.2).
/// </summary>
internal static class FirstInstallLock
{
    /// <summary>"PLFIRST1" in ASCII.</summary>
    public const long Key = 0x504C_4649_5253_5431;

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    public static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Waits for the lock at most <see cref="Wait"/>: false when another launcher still holds it.</summary>
    public static async Task<bool> AcquireAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT set_config('lock_timeout', '{(int)Wait.TotalMilliseconds}ms', false); SELECT pg_advisory_lock({Key})", connection)
        {
            CommandTimeout = (int)Wait.TotalSeconds + 10,
        };
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }
}
