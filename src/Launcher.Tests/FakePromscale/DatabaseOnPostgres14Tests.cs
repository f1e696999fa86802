using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PromscaleLauncher.Tests.FakePromscale.Support;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale;

/// <summary>The 0.10 profile against a real PostgreSQL 14 (docs/promscale.md §2.2, §3.2, §3.5, §5.3).</summary>
[Collection(PostgresCollections.V14)]
public sealed class DatabaseOnPostgres14Tests(Postgres14Fixture fixture)
{
    [PostgresFact(PostgresVersion.V14)]
    public async Task Migrates_as_a_CREATEROLE_user_then_serves_healthz_behind_basic_auth()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var port = FreeTcpPort.Next();
        await using var fake = RunningFake.Start(
            // Without the extension step: it would create TimescaleDB 2.17 and fail the migration (docs/promscale.md §10.1).
            FakeOnCluster.Environment("0.10.0", ("GOMAXPROCS", "3"), ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false")),
            [$"-db.uri={cluster.UrlFor(PostgresCluster.CreatorRole, database, "sslmode=disable")}", $"-web.listen-address=127.0.0.1:{port}", "-web.auth.username=prom", "-web.auth.password=secret"]);
        await fake.WaitForStderrAsync(FakeOnCluster.Served);

        Assert.Contains("numCopiers=3 pool_max_conns=32 pool_min_conns=3 statement_cache=\"512 statements\"\n", fake.StderrText + "\n");
        Assert.Contains("msg=Listening addr=127.0.0.1:" + port + "\n", fake.StderrText + "\n");

        // The eager pool minimum (GOMAXPROCS) stays open; the lease connection is gone.
        Assert.Equal(3, await FakeOnCluster.ConnectionsAsync(cluster, PostgresCluster.CreatorRole, database));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var anonymous = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Unauthorized access to endpoint, invalid username or password.\n", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", anonymous.Content.Headers.ContentType?.ToString());
        Assert.Empty(anonymous.Headers.WwwAuthenticate);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("prom:secret")));
        using var healthy = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(string.Empty, await healthy.Content.ReadAsStringAsync());

        // 0.10 handles no signal: SIGINT kills it.
        fake.Signal(RunningFake.SigInt);
        Assert.Equal(128 + RunningFake.SigInt, await fake.WaitForExitAsync());
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Fails_the_migration_without_CREATEROLE_with_SQLSTATE_42501()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);

        var (code, fake) = await RunningFake.RunAsync(
            FakeOnCluster.Environment("0.10.0"),
            $"-db.uri={cluster.UrlFor(PostgresCluster.AppRole, database, "sslmode=disable")}",
            $"-web.listen-address=127.0.0.1:{FreeTcpPort.Next()}");

        Assert.Equal(1, code);
        Assert.EndsWith(
            "caller=runner.go:101 msg=\"aborting startup due to error\" err=\"migration error: Error while trying to migrate DB: Error encountered during migration: error executing migration script: name preinstall/001-users.sql, err ERROR: permission denied to create role (SQLSTATE 42501)\"",
            fake.Stderr[^1]);
        Assert.Equal(0, await FakeOnCluster.ConnectionsAsync(cluster, PostgresCluster.AppRole, database));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Fails_to_connect_with_pgx_text_on_a_wrong_password()
    {
        var cluster = fixture.Cluster;
        var url = $"postgresql://{PostgresCluster.AppRole}:wrong@{cluster.Host}:{cluster.Port}/{PostgresCluster.AppDatabase}?sslmode=disable";

        var (code, fake) = await RunningFake.RunAsync(FakeOnCluster.Environment("0.10.0"), $"-db.uri={url}");

        Assert.Equal(1, code);
        Assert.EndsWith(
            $"err=\"failed to connect to `host={cluster.Host} user={PostgresCluster.AppRole} database={PostgresCluster.AppDatabase}`: server error (FATAL: password authentication failed for user \\\"{PostgresCluster.AppRole}\\\" (SQLSTATE 28P01))\"",
            fake.Stderr[^1]);
    }
}
