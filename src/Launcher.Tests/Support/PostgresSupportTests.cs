using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using static PromscaleLauncher.Tests.Support.Postgres.SqlQueries;

namespace PromscaleLauncher.Tests.Support;

/// <summary>Tests of the real-PostgreSQL fixture itself and of the stand-in extensions.</summary>
public sealed class PostgresSupportTests(PostgresSupportFixture fixture) : IClassFixture<PostgresSupportFixture>
{
    private const string MaxBackgroundWorkers = "SELECT current_setting('timescaledb.max_background_workers', true)";
    private const string License = "SELECT current_setting('timescaledb.license', true)";

    [PostgresFact(PostgresVersion.V14)]
    public Task Starts_a_PostgreSQL_14_cluster_on_a_free_loopback_port() => AssertServesMajorAsync(fixture.Pg14, 14);

    [PostgresFact(PostgresVersion.V15)]
    public Task Starts_a_PostgreSQL_15_cluster_on_a_free_loopback_port() => AssertServesMajorAsync(fixture.Pg15, 15);

    [PostgresFact(PostgresVersion.V17)]
    public Task Starts_a_PostgreSQL_17_cluster_on_a_free_loopback_port() => AssertServesMajorAsync(fixture.Pg17, 17);

    [PostgresFact(PostgresVersion.V15)]
    public async Task Creates_a_Scalingo_like_app_user_and_a_creator_that_own_their_databases()
    {
        var cluster = await fixture.Pg15;
        await using var connection = await cluster.OpenSuperuserAsync();

        var roles = await RowsAsync(
            connection,
            """
            SELECT r.rolname || ' ' || r.rolsuper || r.rolcreaterole || r.rolcreatedb || r.rolcanlogin || ' ' || d.datname
            FROM pg_roles r JOIN pg_database d ON d.datdba = r.oid
            WHERE d.datname IN ('app', 'creatordb') ORDER BY 1
            """);

        Assert.Equal(["creator falsetruefalsetrue creatordb", "scalingo_app falsefalsefalsetrue app"], roles);
        await using var app = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);
        Assert.Equal("scalingo_app", await ScalarAsync<string>(app, "SELECT current_user"));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Creates_login_roles_with_random_passwords_and_the_requested_attributes()
    {
        var cluster = await fixture.Pg15;

        var role = await cluster.CreateRoleAsync("NOCREATEROLE CONNECTION LIMIT 3");

        await using var connection = await cluster.OpenAsync(role, "postgres");
        Assert.Equal(3, await ScalarAsync<int>(connection, "SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user"));
        Assert.Contains(cluster.PasswordOf(role), cluster.AllPasswords);
        // postgres, scalingo_app, creator and the new role.
        Assert.True(cluster.AllPasswords.Count >= 4);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Builds_a_percent_encoded_url_for_a_role()
    {
        var cluster = await fixture.Pg15;

        var url = cluster.UrlFor(PostgresCluster.AppRole, "my db", "sslmode=disable");

        Assert.Equal(
            $"postgresql://scalingo_app:{cluster.PasswordOf("scalingo_app")}@127.0.0.1:{cluster.Port}/my%20db?sslmode=disable",
            url);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Offers_the_stand_in_timescaledb_and_promscale_extensions_without_installing_them()
    {
        var cluster = await fixture.Pg15;
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);

        var available = await RowsAsync(
            connection,
            """
            SELECT name || ' ' || default_version || ' ' || coalesce(installed_version, 'none')
            FROM pg_available_extensions WHERE name IN ('timescaledb', 'promscale') ORDER BY 1
            """);
        var versions = await RowsAsync(
            connection,
            """
            SELECT name || ' ' || version || ' ' || superuser || ' ' || trusted || ' ' || relocatable
            FROM pg_available_extension_versions WHERE name IN ('timescaledb', 'promscale') ORDER BY 1
            """);

        Assert.Equal(["promscale 0.8.0 none", "timescaledb 2.23.1 none"], available);
        Assert.Equal(
            [
                "promscale 0.3.0 true true false", "promscale 0.8.0 true true false",
                "timescaledb 2.17.2 true true false", "timescaledb 2.19.3 true true false",
                "timescaledb 2.23.1 true true false", "timescaledb 2.5.0 true true false",
            ],
            versions);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Preloads_the_native_stand_in_so_max_background_workers_is_visible_to_any_role()
    {
        var cluster = await fixture.Pg15;
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);

        Assert.Equal("16", await ScalarAsync<string?>(connection, MaxBackgroundWorkers));
        // The real loader does not define the licence: only the extension, per database, does.
        Assert.Null(await ScalarAsync<string?>(connection, License));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Has_no_max_background_workers_when_TimescaleDB_is_not_preloaded()
    {
        var cluster = await fixture.Pg15Bare;
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);

        Assert.Null(await ScalarAsync<string?>(connection, MaxBackgroundWorkers));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Lets_a_database_owner_without_CREATEROLE_create_timescaledb_when_preloaded()
    {
        var cluster = await fixture.Pg15;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);

        await ExecuteAsync(connection, "CREATE EXTENSION timescaledb");

        Assert.Equal(
            "2.23.1 scalingo_app",
            await ScalarAsync<string>(
                connection, "SELECT extversion || ' ' || extowner::regrole FROM pg_extension WHERE extname = 'timescaledb'"));
        Assert.Equal("apache", await ScalarAsync<string?>(connection, License));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Reports_the_apache_licence_in_new_sessions_of_a_database_with_timescaledb_only()
    {
        var cluster = await fixture.Pg15;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using (var before = await cluster.OpenAsync(PostgresCluster.AppRole, database))
        {
            Assert.Null(await ScalarAsync<string?>(before, License));
        }

        await cluster.EnableTimescaleDbAsync(database);

        await using var session = await cluster.OpenAsync(PostgresCluster.AppRole, database);
        await using var elsewhere = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);
        Assert.Equal("apache", await ScalarAsync<string?>(session, License));
        Assert.Equal("apache", await ScalarAsync<string?>(session, "SHOW timescaledb.license"));
        Assert.False(await ScalarAsync<bool>(session, "SELECT _timescaledb_functions.tsl_loaded()"));
        Assert.Equal(
            "Enables scalable inserts and complex queries for time-series data (Apache 2 Edition) [TEST STAND-IN, not TimescaleDB]",
            await ScalarAsync<string>(
                session, "SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = 'timescaledb'"));
        Assert.Null(await ScalarAsync<string?>(elsewhere, License));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Ends_the_session_with_FATAL_XX000_on_CREATE_EXTENSION_timescaledb_when_not_preloaded()
    {
        var cluster = await fixture.Pg15Bare;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "CREATE EXTENSION timescaledb"));

        Assert.Equal("XX000", error.SqlState);
        Assert.Equal("FATAL", error.InvariantSeverity);
        Assert.Equal("extension \"timescaledb\" must be preloaded", error.MessageText);
        Assert.StartsWith("Please preload the timescaledb library via shared_preload_libraries.", error.Hint, StringComparison.Ordinal);
        Assert.Contains($"at: {cluster.DataDirectory}/postgresql.conf\n", error.Hint, StringComparison.Ordinal);
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
        await using var afterwards = await cluster.OpenAsync(PostgresCluster.AppRole, database);
        Assert.Equal(0L, await ScalarAsync<long>(afterwards, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Creates_timescaledb_2_5_0_on_request_and_updates_it_to_the_default_2_19_3()
    {
        var cluster = await fixture.Pg14;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);

        await cluster.EnableTimescaleDbAsync(database, "2.5.0");

        await using var connection = await cluster.OpenSuperuserAsync(database);
        const string Installed = "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'";
        Assert.Equal("2.5.0", await ScalarAsync<string>(connection, Installed));
        await ExecuteAsync(connection, "ALTER EXTENSION timescaledb UPDATE");
        Assert.Equal("2.19.3", await ScalarAsync<string>(connection, Installed));
    }

    [PostgresFact(PostgresVersion.V17)]
    public async Task Installs_the_stand_in_promscale_extension_with_num_cpus()
    {
        var cluster = await fixture.Pg17;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);

        await ExecuteAsync(connection, "CREATE EXTENSION promscale");

        Assert.Equal("0.8.0", await ScalarAsync<string>(connection, "SELECT extversion FROM pg_extension WHERE extname = 'promscale'"));
        Assert.True(await ScalarAsync<int>(connection, "SELECT _prom_ext.num_cpus()") > 0);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Hides_the_promscale_extension_from_a_cluster_that_must_not_offer_it()
    {
        var cluster = await fixture.Pg15Bare;
        await using var connection = await cluster.OpenSuperuserAsync();

        var available = await RowsAsync(
            connection, "SELECT name FROM pg_available_extensions WHERE name IN ('timescaledb', 'promscale', 'plpgsql') ORDER BY 1");

        Assert.Equal(["plpgsql", "timescaledb"], available);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Serves_TLS_with_a_throwaway_certificate_when_asked()
    {
        var cluster = await fixture.Pg15Bare;
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionStringFor(PostgresCluster.AppRole, PostgresCluster.AppDatabase))
        {
            SslMode = SslMode.Require,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        Assert.True(await ScalarAsync<bool>(connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Holding_connections_uses_up_the_slots_so_the_next_non_superuser_gets_53300()
    {
        var cluster = await fixture.Pg15;
        var options = cluster.Options;

        await using (await cluster.HoldConnectionsAsync(
            PostgresCluster.AppRole, PostgresCluster.AppDatabase, options.MaxConnections - options.SuperuserReservedConnections))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(
                () => cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase));
            Assert.Equal("53300", error.SqlState);
            Assert.Equal("remaining connection slots are reserved for non-replication superuser connections", error.MessageText);
            await using var superuser = await cluster.OpenSuperuserAsync();
        }

        await using var afterwards = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Reports_the_timescale_licence_when_the_cluster_is_set_up_for_it_and_leaves_nothing_behind()
    {
        var cluster = await PostgresCluster.StartAsync(
            new PostgresClusterOptions(PostgresVersion.V15) { TimescaleDbLicense = "timescale" }, CancellationToken.None);
        int postmaster;
        await using (cluster)
        {
            await cluster.EnableTimescaleDbAsync(PostgresCluster.AppDatabase);
            await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);
            Assert.Equal("timescale", await ScalarAsync<string?>(connection, License));
            Assert.True(await ScalarAsync<bool>(connection, "SELECT _timescaledb_functions.tsl_loaded()"));
            postmaster = int.Parse(
                File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First(),
                System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(cluster.DataDirectory)));
        Assert.False(ClusterDirectory.IsRunningPostgres(postmaster));
    }

    private static async Task AssertServesMajorAsync(Task<PostgresCluster> starting, int major)
    {
        var cluster = await starting;
        await using var connection = await cluster.OpenSuperuserAsync();

        var versionNumber = int.Parse(
            await ScalarAsync<string>(connection, "SHOW server_version_num"), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(major, versionNumber / 10000);
        Assert.Equal("127.0.0.1", cluster.Host);
        Assert.Equal(cluster.Port, connection.Port);
        Assert.Equal("127.0.0.1", await ScalarAsync<string>(connection, "SELECT host(inet_server_addr())"));
    }
}
