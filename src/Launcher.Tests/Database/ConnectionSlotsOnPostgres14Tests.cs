using System.Text.Json;
using Npgsql;
using PromscaleLauncher.Database;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Database;

/// <summary>
/// The connection budget at its edges, on a PostgreSQL 14 with 6 ordinary slots (max_connections 9, 3 reserved), as a
/// non-superuser (CREATEROLE, like Scalingo's default user after support granted it). The tests of a class run one
/// after another, and each closes what it holds.
/// </summary>
public sealed class ConnectionSlotsOnPostgres14Tests(Postgres14WithNineConnectionsFixture fixture) : IClassFixture<Postgres14WithNineConnectionsFixture>
{
    private PostgresCluster Cluster => fixture.Cluster;

    private static JsonElement CheckOf(ProcessResult result, string id)
    {
        using var json = JsonDocument.Parse(result.StandardOutput);
        return Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray(), check => check.GetProperty("id").GetString() == id).Clone();
    }

    private static string Evidence(JsonElement check, string key) => check.GetProperty("evidence").GetProperty(key).GetString()!;

    [PostgresFact(PostgresVersion.V14)]
    public async Task Does_not_count_the_logical_replication_launcher_that_a_non_superuser_sees_as_a_client()
    {
        await using (var superuser = await Cluster.OpenSuperuserAsync())
        await using (var command = new NpgsqlCommand("SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'logical replication launcher' AND datid IS NULL", superuser))
        {
            // The row the count must leave out is there: a background worker, no database, user postgres (usesysid 10).
            Assert.Equal(1, (int)(await command.ExecuteScalarAsync())!);
        }
        await using var others = await Cluster.HoldConnectionsAsync(PostgresCluster.SuperuserRole, "postgres", 2);
        await using var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, PostgresCluster.CreatorDatabase);

        var facts = await ServerFactsReader.ReadAsync(connection, CancellationToken.None);

        Assert.False(facts.IsSuperuser);
        Assert.Equal(2, facts.OtherConnections);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Lets_Promscale_start_with_exactly_its_minimum_when_only_background_workers_run_besides_it()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);

        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database, overrides: [LauncherEnvironment.WithoutTimescaleDb, ("PROMSCALE_LAUNCHER_DB_HEADROOM", "2"), ("PROMSCALE_LAUNCHER_DEPLOY_OVERLAP", "false")]);

        var result = await LauncherProcess.RunAsync(environment, "check", "--json");

        // 9 − 3 reserved − 0 other clients − 2 headroom − 1 for the launcher's maintenance = 3, Promscale 0.10's minimum
        // (without room for a deploy's second generation).
        Assert.True(result.ExitCode == 0, result.ToString());
        var budget = CheckOf(result, "connections.budget");
        Assert.Equal("0", Evidence(budget, "other_connections"));
        Assert.Equal("3", Evidence(budget, "free_for_promscale"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reports_only_superuser_slots_left_as_a_connection_shortage_with_exit_75_after_retrying()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        // Superusers take ordinary slots first: 6 of them leave only the 3 reserved ones.
        await using var held = await Cluster.HoldConnectionsAsync(PostgresCluster.SuperuserRole, "postgres", 6);
        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database, overrides: ("PROMSCALE_LAUNCHER_DB_WAIT", "1"));

        var result = await LauncherProcess.RunAsync(environment, "check", "--json");

        Assert.Equal(ExitCodes.TemporaryFailure, result.ExitCode);
        var check = CheckOf(result, "connections.refused");
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Equal(ExitCodes.TemporaryFailure, check.GetProperty("exitCode").GetInt32());
        Assert.Equal("53300", Evidence(check, "sqlstate"));
        Assert.Equal("reserved_slots", Evidence(check, "limit"));
        Assert.Equal("0", Evidence(check, "free_connections"));
        Assert.Equal("3", Evidence(check, "minimum"));
        Assert.Equal("6", Evidence(check, "needed"));
        Assert.True(int.Parse(Evidence(check, "attempts")) > 1, "53300 should be retried within PROMSCALE_LAUNCHER_DB_WAIT: the slots may free up.");
    }
}
