using PromscaleLauncher.Database;

namespace PromscaleLauncher.Tests.Database;

/// <summary>Which pg_stat_activity rows use a max_connections slot, over rows shaped as a non-superuser sees them.</summary>
public sealed class ClientConnectionsTests
{
    private const string Me = "my_app_4553";
    private const string MyDatabase = "my_app_4553";

    // Another role's session seen by a non-superuser: backend_type NULL (observed on PostgreSQL 14, 15, 17).
    private static ActivitySession Hidden(string? user, string? database, string? applicationName) =>
        new(database is not null, user, database, applicationName, null);

    [Fact]
    public void Does_not_count_TimescaleDBs_scheduler_launcher_and_job_workers_whose_type_is_hidden()
    {
        ActivitySession[] sessions =
        [
            Hidden("postgres", null, "TimescaleDB Background Worker Launcher"),
            Hidden("postgres", MyDatabase, "TimescaleDB Background Worker Scheduler"),
            Hidden("postgres", "other_db", "TimescaleDB Background Worker Scheduler"),
            Hidden("postgres", MyDatabase, "Telemetry Reporter [1]"),
            Hidden("postgres", "other_db", "Job History Log Retention Policy [3]"),
            Hidden(Me, MyDatabase, "Compression Policy [1000]"),
            Hidden("postgres", null, ""),
        ];

        Assert.Equal((0, 0, 0, 0), Numbers(ClientConnections.Count(sessions, Me, MyDatabase)));
    }

    [Fact]
    public void Does_not_count_rows_without_a_database_or_without_a_user()
    {
        Assert.False(ClientConnections.UsesConnectionSlot(Hidden("postgres", null, "")));
        Assert.False(ClientConnections.UsesConnectionSlot(Hidden(null, null, "")));
        // An autovacuum worker: a database, no user.
        Assert.False(ClientConnections.UsesConnectionSlot(Hidden(null, MyDatabase, "")));
    }

    [Fact]
    public void Counts_other_roles_sessions_whose_type_is_hidden_as_clients()
    {
        ActivitySession[] sessions =
        [
            Hidden("grafana", MyDatabase, "grafana"),
            Hidden("postgres", "postgres", "psql"),
            Hidden("postgres", "postgres", ""),
        ];

        Assert.Equal((3, 0, 1, 0), Numbers(ClientConnections.Count(sessions, Me, MyDatabase)));
    }

    [Fact]
    public void Trusts_a_visible_backend_type()
    {
        ActivitySession[] sessions =
        [
            new(true, Me, MyDatabase, "psql", ClientConnections.ClientBackend),
            new(true, Me, MyDatabase, "", "parallel worker"),
            new(false, null, null, "", "autovacuum launcher"),
            new(false, "postgres", null, "", "logical replication launcher"),
            new(true, "postgres", MyDatabase, "TimescaleDB Background Worker Scheduler", "TimescaleDB Background Worker Scheduler"),
            new(true, "replicator", null, "walreceiver", "walsender"),
        ];

        Assert.Equal((1, 1, 1, 0), Numbers(ClientConnections.Count(sessions, Me, MyDatabase)));
    }

    [Fact]
    public void Counts_Promscales_own_sessions_apart()
    {
        ActivitySession[] sessions =
        [
            Hidden("postgres", MyDatabase, "promscale@0.10.0"),
            new(true, Me, MyDatabase, "promscale@0.10.0", ClientConnections.ClientBackend),
        ];

        Assert.Equal((0, 0, 0, 2), Numbers(ClientConnections.Count(sessions, Me, MyDatabase)));
    }

    private static (int, int, int, int) Numbers(ClientConnectionCounts counts) => (counts.Others, counts.OthersOfRole, counts.OthersOfDatabase, counts.Promscale);
}
