using System.Text.Json;
using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Connections;

/// <summary>
/// Launchers (each with its fake Promscale) started one after the other against one database, as Scalingo's
/// containers web-1, web-2, …: each is waited for until Promscale is ready before the next starts.
/// </summary>
internal sealed class LauncherFleet(PostgresCluster cluster, Dictionary<string, string> environment) : IAsyncDisposable
{
    private readonly List<RunningLauncher> _launchers = [];

    public IReadOnlyList<RunningLauncher> Launchers => _launchers;

    /// <summary>The pool limits the launchers gave their Promscales (PROMSCALE_DB_CONNECTIONS_MAX in each child's environment).</summary>
    public List<int> PoolLimits { get; } = [];

    public static async Task<LauncherFleet> ForNewDatabaseAsync(PostgresCluster cluster, string role, bool timescaleDb, params (string Name, string Value)[] overrides)
    {
        var database = await cluster.CreateDatabaseAsync(role);
        if (timescaleDb)
        {
            await cluster.EnableTimescaleDbAsync(database);
        }
        // No maintenance pass during the test: its connection would come and go between the counts.
        return new LauncherFleet(cluster, LauncherEnvironment.For(cluster, role, database,
            overrides: [("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", "off"), .. overrides]));
    }

    /// <summary>What `check` says is free for all Promscale containers together, before any runs.</summary>
    public async Task<int> FreeForPromscaleAsync()
    {
        var result = await LauncherProcess.RunAsync(With("CONTAINER", "web-check"), "check", "--json");
        using var json = JsonDocument.Parse(result.StandardOutput);
        var budget = json.RootElement.GetProperty("checks").EnumerateArray().Single(check => check.GetProperty("id").GetString() == "connections.budget");
        return int.Parse(budget.GetProperty("evidence").GetProperty("free_for_promscale").GetString()!);
    }

    /// <summary>Starts web-N (N = how many ran before + 1) and waits until its Promscale is ready.</summary>
    public async Task<RunningLauncher> StartNextAsync(params (string Name, string Value)[] overrides)
    {
        var container = $"web-{_launchers.Count + 1}";
        var launcherEnvironment = With("CONTAINER", container);
        launcherEnvironment["PORT"] = FreePort.Next().ToString();
        foreach (var (name, value) in overrides)
        {
            launcherEnvironment[name] = value;
        }
        var launcher = RunningLauncher.Start(launcherEnvironment);
        _launchers.Add(launcher);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady, TimeSpan.FromSeconds(60));
        var pid = await launcher.PromscalePidAsync();
        var childEnvironment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0');
        PoolLimits.Add(int.Parse(childEnvironment.Single(variable => variable.StartsWith("PROMSCALE_DB_CONNECTIONS_MAX=", StringComparison.Ordinal))["PROMSCALE_DB_CONNECTIONS_MAX=".Length..]));
        return launcher;
    }

    /// <summary>Client connections that are neither Promscale's nor the launchers', as a superuser sees them (its own included).</summary>
    public async Task<int> OtherClientConnectionsAsync()
    {
        await using var connection = await cluster.OpenSuperuserAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name NOT LIKE 'promscale@%' AND application_name NOT LIKE 'promscale-launcher%'", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private Dictionary<string, string> With(string name, string value) => new(environment) { [name] = value };

    public async ValueTask DisposeAsync()
    {
        foreach (var launcher in _launchers)
        {
            await launcher.DisposeAsync();
        }
    }
}
