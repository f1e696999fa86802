using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Connections;

/// <summary>
/// The fake Promscale 0.17.0 (three pools, the promscale extension) on PostgreSQL 15 with the TimescaleDB stand-in as a
/// 60-connection plan: three launchers one after the other, and the TimescaleDB update they must not run while others are
/// connected.
/// </summary>
public sealed class FleetOnPostgres15Tests(Postgres15With60ConnectionsFixture fixture) : IClassFixture<Postgres15With60ConnectionsFixture>
{
    private PostgresCluster Cluster => fixture.Cluster;

    private static string ChildVariable(string environ, string name) =>
        environ.Split('\0').Single(variable => variable.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

    [PostgresFact(PostgresVersion.V15)]
    public async Task Three_launchers_share_what_is_free_and_the_last_names_the_others()
    {
        await using var fleet = await LauncherFleet.ForNewDatabaseAsync(Cluster, PostgresCluster.AppRole, timescaleDb: true, ("PROMSCALE_VERSION", "0.17.0"));
        var free = await fleet.FreeForPromscaleAsync();

        for (var i = 0; i < 3; i++)
        {
            await fleet.StartNextAsync();
            Assert.True(fleet.PoolLimits.Sum() <= free, $"pool limits {string.Join(" + ", fleet.PoolLimits)} exceed the {free} free");
        }

        Assert.Equal([free / 2, free / 4, free / 6], fleet.PoolLimits);
        var peers = Assert.Single(fleet.Launchers[^1].Events, e => e.Is(LauncherEvents.CheckPassed, "CheckId", "connections.peers"));
        Assert.Contains($"web-1 (0.17.0, ", peers.Property("Summary"));
        Assert.Contains($"web-2 (0.17.0, ", peers.Property("Summary"));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Leaves_a_pending_TimescaleDB_update_alone_while_another_Promscale_is_connected()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        // Installed 2.17.2 while the server's default is 2.23.1: an update is pending.
        await Cluster.EnableTimescaleDbAsync(database, "2.17.2");
        await using var fleet = new LauncherFleet(Cluster, LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, database,
            overrides: [("PROMSCALE_VERSION", "0.17.0"), ("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", "off")]));
        // The first container's operator said no update (as during a deploy, the old generation does not update).
        await fleet.StartNextAsync(("PROMSCALE_STARTUP_UPGRADE_EXTENSIONS", "false"));

        var second = await fleet.StartNextAsync();

        var warning = Assert.Single(second.Events, e => e.Is(LauncherEvents.CheckWarning, "CheckId", "tsdb.update"));
        Assert.Contains("scale web:1", warning.Property("Fix"));
        var environ = await File.ReadAllTextAsync($"/proc/{await second.PromscalePidAsync()}/environ");
        Assert.Equal("false", ChildVariable(environ, "PROMSCALE_STARTUP_UPGRADE_EXTENSIONS"));
        await using var connection = await Cluster.OpenSuperuserAsync(database);
        await using var command = new NpgsqlCommand("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'", connection);
        Assert.Equal("2.17.2", await command.ExecuteScalarAsync());
    }
}
