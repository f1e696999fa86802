using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Connections;

/// <summary>
/// A Promscale refused a connection while it runs (53300): the launcher reads who holds the slots on its own
/// connection and names the limit. PostgreSQL 14 with 13 ordinary slots (max_connections 16, 3 reserved).
/// </summary>
public sealed class RunTimeShortageOnPostgres14Tests(Postgres14With16ConnectionsFixture fixture) : IClassFixture<Postgres14With16ConnectionsFixture>
{
    private PostgresCluster Cluster => fixture.Cluster;

    private static async Task<int> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Names_the_limit_and_who_holds_the_slots_when_Promscale_is_refused_a_connection_at_run_time()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var port = FreePort.Next().ToString();
        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database, overrides:
            [("PORT", port), ("CONTAINER", "web-7"), ("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", "off"), LauncherEnvironment.WithoutTimescaleDb,
                // The 53300 comes when the pool opens a new connection, as a pool growing under load does. The fake 0.10.0
                // otherwise stays broken once its connections are cut (the watchdog's case) and would never open one.
                ("FAKE_PROMSCALE_AFTER_CONNECTION_LOSS", "recovers")]);
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady, TimeSpan.FromSeconds(60));

        // Superusers take the ordinary slots first: fill all 13, then take the fake's pool connections away, so that its
        // next connection meets "remaining connection slots are reserved" (SQLSTATE 53300).
        var ordinarySlots = Cluster.Options.MaxConnections - Cluster.Options.SuperuserReservedConnections;
        await using var observer = await Cluster.OpenSuperuserAsync();
        var used = await ScalarAsync(observer, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
        await using var others = await Cluster.HoldConnectionsAsync(PostgresCluster.SuperuserRole, "postgres", ordinarySlots - used);
        var terminated = await ScalarAsync(observer, "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name LIKE 'promscale@%'");
        var freedAgain = await Cluster.HoldConnectionsAsync(PostgresCluster.SuperuserRole, "postgres", terminated);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LauncherEnvironment.WebUser}:{LauncherEnvironment.WebPassword}")));
        static bool Refused(JsonEvent e) => e.IsFromPromscale && e.Mentions("53300");
        // Each /healthz takes one pool connection: the dead ones fail first, then a new one is refused.
        for (var i = 0; i < terminated + 3 && !launcher.Events.Any(Refused); i++)
        {
            await client.GetAsync($"http://127.0.0.1:{port}/healthz");
        }
        await launcher.WaitForEventAsync(Refused, "Promscale's 53300 line", TimeSpan.FromSeconds(20));
        // Room for the launcher's own reading connection (it tries again after 2, 5 and 10 s when refused).
        await freedAgain.DisposeAsync();

        var shortage = await launcher.WaitForEventAsync(LauncherEvents.ConnectionShortage, TimeSpan.FromSeconds(30));
        Assert.Equal("reserved_slots", shortage.Property("Limit"));
        Assert.Equal("web-7", shortage.Property("Container"));
        Assert.True(int.Parse(shortage.Property("OtherConnections")!) >= ordinarySlots - used, shortage.ToString());
        Assert.Equal("16", shortage.Property("MaxConnections"));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.ConnectionShortageUnread));
    }
}
