using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>Starting the fake against a test cluster, and counting what it holds there.</summary>
internal static class FakeOnCluster
{
    /// <summary>Marks "bound and serving": the knob's burst is written right after the listener is bound.</summary>
    public const string Served = "log burst done";

    public static Dictionary<string, string> Environment(string version, params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string>
        {
            ["FAKE_PROMSCALE_VERSION"] = version,
            ["FAKE_PROMSCALE_LOG_BURST"] = "1",
        };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    public static async Task<long> ConnectionsAsync(PostgresCluster cluster, string role, string database)
    {
        await using var connection = await cluster.OpenSuperuserAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE usename = @role AND datname = @database", connection);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("database", database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Slots a non-superuser could still take: max_connections − reserved − sessions in use.</summary>
    public static async Task<int> FreeSlotsAsync(PostgresCluster cluster)
    {
        await using var connection = await cluster.OpenSuperuserAsync();
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend')",
            connection);
        return (int)(await command.ExecuteScalarAsync())! + 1;
    }
}
