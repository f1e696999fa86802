using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Connections;

/// <summary>
/// Two and three launchers with the fake Promscale 0.10.0, started one after the other against one PostgreSQL 14 as
/// Scalingo's 512 MB (30 connections) and 1 GB (60 connections) plans: the pool limits they give never add up to more
/// than what is free, and each names the others.
/// </summary>
public sealed class FleetOnPostgres14Tests(Postgres14With30ConnectionsFixture small, Postgres14With60ConnectionsFixture large)
    : IClassFixture<Postgres14With30ConnectionsFixture>, IClassFixture<Postgres14With60ConnectionsFixture>
{
    private static async Task<List<int>> StartOneAfterTheOtherAsync(PostgresCluster cluster, int count)
    {
        await using var fleet = await LauncherFleet.ForNewDatabaseAsync(cluster, PostgresCluster.CreatorRole, timescaleDb: false, LauncherEnvironment.WithoutTimescaleDb);
        var free = await fleet.FreeForPromscaleAsync();
        for (var i = 0; i < count; i++)
        {
            await fleet.StartNextAsync();
            Assert.True(fleet.PoolLimits.Sum() <= free, $"pool limits {string.Join(" + ", fleet.PoolLimits)} exceed the {free} free");
        }

        // The last one names the others, with their budgets, in its start-up log.
        var peers = Assert.Single(fleet.Launchers[^1].Events, e => e.Id is LauncherEvents.CheckPassed or LauncherEvents.CheckWarning && e.Property("CheckId") == "connections.peers");
        for (var i = 0; i < count - 1; i++)
        {
            Assert.Contains($"web-{i + 1} (0.10.0, ", peers.Property("Summary"));
            Assert.Contains($"max {fleet.PoolLimits[i]})", peers.Property("Summary"));
        }
        // What PostgreSQL allows, whatever the launchers computed: every pool full plus the other clients fit.
        Assert.True(fleet.PoolLimits.Sum() + await fleet.OtherClientConnectionsAsync() <= cluster.Options.MaxConnections - cluster.Options.SuperuserReservedConnections);
        return fleet.PoolLimits;
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Two_launchers_on_a_30_connection_plan_share_what_is_free()
    {
        var limits = await StartOneAfterTheOtherAsync(small.Cluster, 2);

        // 30 − 3 reserved − 3 headroom = 24 free: 24 ÷ (1 × 2) = 12, then 24 ÷ (2 × 2) = 6.
        Assert.Equal([12, 6], limits);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Three_launchers_on_a_60_connection_plan_share_what_is_free()
    {
        var limits = await StartOneAfterTheOtherAsync(large.Cluster, 3);

        // 60 − 3 − 3 = 54 free: 27, 13, 9.
        Assert.Equal([27, 13, 9], limits);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Warns_with_the_number_to_set_when_more_containers_run_than_PROMSCALE_LAUNCHER_INSTANCES_says()
    {
        await using var fleet = await LauncherFleet.ForNewDatabaseAsync(large.Cluster, PostgresCluster.CreatorRole, timescaleDb: false,
            LauncherEnvironment.WithoutTimescaleDb, ("PROMSCALE_LAUNCHER_INSTANCES", "1"));
        await fleet.StartNextAsync();

        var second = await fleet.StartNextAsync();

        var warning = Assert.Single(second.Events, e => e.Is(LauncherEvents.CheckWarning, "CheckId", "connections.peers"));
        Assert.Contains("PROMSCALE_LAUNCHER_INSTANCES=2", warning.Property("Fix"));
    }
}
