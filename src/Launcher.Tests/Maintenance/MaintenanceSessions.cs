using Npgsql;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>The launcher's maintenance sessions as pg_stat_activity shows them (application_name "promscale-launcher maintenance").</summary>
internal static class MaintenanceSessions
{
    private const string ApplicationName = "promscale-launcher maintenance";

    /// <summary>Waits, bounded, until a maintenance session runs the CALL: the pass is in its long query.</summary>
    public static async Task WaitForCallAsync(NpgsqlConnection observer, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ApplicationName}' AND state = 'active' AND query LIKE 'CALL prom_api.execute_maintenance%'", observer);
            if ((long)(await command.ExecuteScalarAsync(deadline.Token))! > 0)
            {
                return;
            }
            // The server's own wait: a bounded poll of the catalog, not a guess at how long the launcher takes.
            await using var pause = new NpgsqlCommand("SELECT pg_sleep(0.05)", observer);
            await pause.ExecuteNonQueryAsync(deadline.Token);
        }
    }

    public static async Task<long> CountAsync(NpgsqlConnection observer)
    {
        // A cancelled backend may take a moment to leave pg_stat_activity after its client has gone.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ApplicationName}'", observer);
            var count = (long)(await command.ExecuteScalarAsync(deadline.Token))!;
            if (count == 0 || deadline.IsCancellationRequested)
            {
                return count;
            }
            await using var pause = new NpgsqlCommand("SELECT pg_sleep(0.05)", observer);
            await pause.ExecuteNonQueryAsync(deadline.Token);
        }
    }
}
