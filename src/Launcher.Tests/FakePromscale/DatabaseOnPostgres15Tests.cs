using System.Net;
using PromscaleLauncher.Tests.FakePromscale.Support;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale;

/// <summary>The 0.17 profile against a real PostgreSQL 15 (docs/promscale.md §2.2, §3.1, §3.7, §5, §6).</summary>
[Collection(PostgresCollections.V15)]
public sealed class DatabaseOnPostgres15Tests(Postgres15Fixture fixture)
{
    [PostgresFact(PostgresVersion.V15)]
    public async Task Installs_the_extensions_holds_six_connections_serves_healthz_and_stops_on_SIGINT()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        var port = FreeTcpPort.Next();
        await using var fake = RunningFake.Start(
            FakeOnCluster.Environment("0.17.0"),
            [$"-db.uri={cluster.UrlFor(PostgresCluster.AppRole, database, "sslmode=disable")}", $"-web.listen-address=127.0.0.1:{port}"]);
        await fake.WaitForStderrAsync(FakeOnCluster.Served);

        Assert.Contains(fake.Stderr, line => line.EndsWith("msg=\"successfully created promscale extension at version 0.8.0\"", StringComparison.Ordinal));
        Assert.Contains(fake.Stderr, line => line.EndsWith("msg=runtime writer-pool.size=20 reader-pool.size=7 maint-pool.size=5 min-pool.connections=2 num-copiers=2 statement-cache=512", StringComparison.Ordinal));
        Assert.Equal(6, await FakeOnCluster.ConnectionsAsync(cluster, PostgresCluster.AppRole, database));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var healthy = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);

        fake.Signal(RunningFake.SigInt);
        Assert.Equal(0, await fake.WaitForExitAsync());
        Assert.EndsWith("msg=\"Shutting down Client\"", fake.Stderr[^1]);
        Assert.Equal(0, await FakeOnCluster.ConnectionsAsync(cluster, PostgresCluster.AppRole, database));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Fails_with_the_pgx_53300_text_when_no_connection_slot_is_left()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var held = await cluster.HoldConnectionsAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase, await FakeOnCluster.FreeSlotsAsync(cluster));

        var (code, fake) = await RunningFake.RunAsync(
            FakeOnCluster.Environment("0.17.0"),
            $"-db.uri={cluster.UrlFor(PostgresCluster.AppRole, database, "sslmode=disable")}");

        Assert.Equal(1, code);
        Assert.Matches(
            $@"msg=""aborting startup due to error"" err=""failed to connect to `host={cluster.Host} user={PostgresCluster.AppRole} database={database}`: server error \(FATAL: [^""]+ \(SQLSTATE 53300\)\)""$",
            fake.Stderr[^1]);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Refuses_postgresql_15_in_the_0_10_profile_after_the_ddl()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);

        // Without the extension step the plain schema installs; with it, TimescaleDB 2.17 would fail the migration first (docs/promscale.md §10.1).
        var (code, fake) = await RunningFake.RunAsync(
            FakeOnCluster.Environment("0.10.0", ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false")),
            $"-db.uri={cluster.UrlFor(PostgresCluster.CreatorRole, database, "sslmode=disable")}");

        Assert.Equal(1, code);
        Assert.EndsWith("err=\"dependency error: problem checking PostgreSQL version: Incompatible postgresql version. Supported server version >=12.x <15.x\"", fake.Stderr[^1]);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Finishes_with_startup_only_after_migrating()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);

        var (code, fake) = await RunningFake.RunAsync(
            FakeOnCluster.Environment("0.17.0"),
            $"-db.uri={cluster.UrlFor(PostgresCluster.AppRole, database, "sslmode=disable")}",
            "-startup.only=true");

        Assert.Equal(0, code);
        Assert.EndsWith("msg=\"Migration successful, exiting\"", fake.Stderr[^1]);
    }
}
