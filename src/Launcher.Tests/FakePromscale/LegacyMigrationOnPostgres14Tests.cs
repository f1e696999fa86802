using Npgsql;
using PromscaleLauncher.Tests.FakePromscale.Support;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale;

/// <summary>
/// The 0.10 profile's migration against a real PostgreSQL 14 and the TimescaleDB stand-in (docs/promscale.md §10):
/// what it installs, where it fails, and the maintenance procedure it installs.
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class LegacyMigrationOnPostgres14Tests(Postgres14Fixture fixture)
{
    /// <summary>Promscale's own maintenance jobs (docs/promscale.md §10.2).</summary>
    private const string MaintenanceJobs =
        "SELECT count(*) FROM timescaledb_information.jobs WHERE proc_schema = '_prom_catalog' AND proc_name = 'execute_maintenance_job' AND schedule_interval = '30 min'";

    private PostgresCluster Cluster => fixture.Cluster;

    [PostgresFact(PostgresVersion.V14)]
    public async Task Installs_the_0_10_0_schema_without_TimescaleDB_and_exits_0_with_migrate_only()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);

        var fake = await PromscaleSchema.MigrateOnlyAsync(Cluster, PostgresCluster.CreatorRole, database);

        Assert.EndsWith("msg=\"Migration successful, exiting\"", fake.Stderr[^1]);
        await using var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        Assert.Equal("0.10.0", await SqlQueries.ScalarAsync<string>(connection, "SELECT version FROM public.prom_schema_migrations"));
        Assert.Equal(TimeSpan.FromDays(90), await SqlQueries.ScalarAsync<TimeSpan>(connection, "SELECT _prom_catalog.get_default_retention_period()"));
        Assert.Equal("08:00:00", await SqlQueries.ScalarAsync<string>(connection, "SELECT value FROM _prom_catalog.\"default\" WHERE key = 'chunk_interval'"));
        Assert.Equal(
            "_prom_catalog.label _prom_catalog.metric _prom_catalog.series prom_api.execute_maintenance prom_data prom_data_series",
            await SqlQueries.ScalarAsync<string>(connection, """
                SELECT concat_ws(' ', to_regclass('_prom_catalog.label'), to_regclass('_prom_catalog.metric'), to_regclass('_prom_catalog.series'),
                    to_regprocedure('prom_api.execute_maintenance(boolean)')::regproc,
                    to_regnamespace('prom_data'), to_regnamespace('prom_data_series'))
                """));
        // PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false: neither extension is created.
        Assert.Equal(0L, await SqlQueries.ScalarAsync<long>(connection, "SELECT count(*) FROM pg_extension WHERE extname IN ('timescaledb', 'promscale')"));
        Assert.Equal(1L, await FakeOnCluster.ConnectionsAsync(Cluster, PostgresCluster.CreatorRole, database));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Fails_with_the_data_nodes_chain_and_leaves_nothing_when_TimescaleDB_2_19_is_created_SQL_stand_in()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await Cluster.EnableTimescaleDbAsync(database, "2.19.3");

        await LegacyMigrationFailures.AssertMigrateOnlyFailsOnDataNodesAsync(Cluster, database);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Creates_TimescaleDB_with_default_flags_then_fails_the_same_way_SQL_stand_in()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);

        var (code, fake) = await RunningFake.RunAsync(
            FakeOnCluster.Environment("0.10.0"),
            $"-db.uri={Cluster.UrlFor(PostgresCluster.CreatorRole, database, "sslmode=disable")}");

        // The version Scalingo ships with PostgreSQL 14, the stand-in's default there.
        Assert.Equal(1, code);
        Assert.Contains(fake.Stderr, line => line.EndsWith("msg=\"successfully created timescaledb extension at version 2.19.3\"", StringComparison.Ordinal));
        Assert.EndsWith(LegacyMigrationFailures.DataNodes, fake.Stderr[^1]);
        await LegacyMigrationFailures.AssertNoPromscaleSchemaAsync(Cluster, database);
        await using var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        Assert.Equal("2.19.3", await SqlQueries.ScalarAsync<string>(connection, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Installs_with_hypertable_trace_tables_on_a_TimescaleDB_2_5_that_has_data_nodes_SQL_stand_in()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await Cluster.EnableTimescaleDbAsync(database, "2.5.0");

        await PromscaleSchema.MigrateOnlyAsync(Cluster, PostgresCluster.CreatorRole, database);

        await using var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        Assert.Equal(["_ps_trace.event", "_ps_trace.link", "_ps_trace.span"], await PromscaleSchema.HypertablesAsync(connection));
        // install-extensions=false: 2.5.0 is left as it is, not updated to the default.
        Assert.Equal("2.5.0", await SqlQueries.ScalarAsync<string>(connection, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"));
        // Apache licence: Promscale schedules no job of its own.
        Assert.Equal(0L, await SqlQueries.ScalarAsync<long>(connection, MaintenanceJobs));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Schedules_two_maintenance_jobs_of_its_own_under_the_Timescale_licence_SQL_stand_in()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions(PostgresVersion.V14) { TimescaleDbLicense = "timescale" }, timeout.Token);
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await cluster.EnableTimescaleDbAsync(database, "2.5.0");

        await PromscaleSchema.MigrateOnlyAsync(cluster, PostgresCluster.CreatorRole, database);

        await using var connection = await cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        Assert.Equal(2L, await SqlQueries.ScalarAsync<long>(connection, MaintenanceJobs));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Metrics_created_after_TimescaleDB_are_hypertables_whose_old_chunks_maintenance_drops_SQL_stand_in()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await PromscaleSchema.MigrateOnlyAsync(Cluster, PostgresCluster.CreatorRole, database);
        await using var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        await SqlQueries.ExecuteAsync(connection, "CREATE EXTENSION timescaledb");

        await LegacyMaintenanceScenario.RunAsync(connection);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Starts_on_an_existing_0_10_0_schema_without_migrating_it_again()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await PromscaleSchema.MigrateOnlyAsync(Cluster, PostgresCluster.CreatorRole, database);
        await using (var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database))
        {
            await SqlQueries.ExecuteAsync(connection, "SELECT prom_api.set_default_retention_period(interval '7 days')");
        }

        await using var fake = RunningFake.Start(
            FakeOnCluster.Environment("0.10.0", ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false")),
            [$"-db.uri={Cluster.UrlFor(PostgresCluster.CreatorRole, database, "sslmode=disable")}", $"-web.listen-address=127.0.0.1:{FreeTcpPort.Next()}"]);
        await fake.WaitForStderrAsync(FakeOnCluster.Served);

        Assert.Contains(fake.Stderr, line => line.EndsWith("msg=\"Running Promscale without TimescaleDB. Some features will be disabled.\"", StringComparison.Ordinal));
        await using (var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database))
        {
            // Not re-installed: the operator's setting is still there.
            Assert.Equal(TimeSpan.FromDays(7), await SqlQueries.ScalarAsync<TimeSpan>(connection, "SELECT _prom_catalog.get_default_retention_period()"));
        }

        fake.Signal(RunningFake.SigInt);
        Assert.Equal(128 + RunningFake.SigInt, await fake.WaitForExitAsync());
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Runs_the_dependency_checks_with_startup_only_unlike_migrate_only()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);

        var (code, fake) = await RunningFake.RunAsync(
            FakeOnCluster.Environment("0.10.0", ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false")),
            $"-db.uri={Cluster.UrlFor(PostgresCluster.CreatorRole, database, "sslmode=disable")}",
            "-startup.only=true");

        // 0.10.0: only -migrate=only stops after the migration; -startup.only checks, opens the pool, then exits.
        Assert.Equal(0, code);
        Assert.Contains(fake.Stderr, line => line.EndsWith("msg=\"Running Promscale without TimescaleDB. Some features will be disabled.\"", StringComparison.Ordinal));
        Assert.DoesNotContain(fake.Stderr, line => line.Contains("Migration successful, exiting", StringComparison.Ordinal));
        Assert.Contains(fake.Stderr, line => line.EndsWith("msg=\"Promscale in startup-only mode (using flag `-startup.only`), exiting post startup...\"", StringComparison.Ordinal));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Execute_maintenance_deletes_rows_older_than_each_metrics_retention_without_TimescaleDB()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await PromscaleSchema.MigrateOnlyAsync(Cluster, PostgresCluster.CreatorRole, database);
        await using var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        var shortLived = await PromscaleSchema.CreateMetricAsync(connection, "short_lived");
        var kept = await PromscaleSchema.CreateMetricAsync(connection, "kept_by_default");
        await PromscaleSchema.InsertSamplesAsync(connection, shortLived, TimeSpan.FromDays(3), TimeSpan.FromHours(1));
        await PromscaleSchema.InsertSamplesAsync(connection, kept, TimeSpan.FromDays(3), TimeSpan.FromHours(1));
        await SqlQueries.ExecuteAsync(connection, "SELECT prom_api.set_metric_retention_period('short_lived', interval '1 day')");

        // It COMMITs per metric: refused inside a transaction block, as the real procedure is.
        await SqlQueries.ExecuteAsync(connection, "BEGIN");
        var inTransaction = await Assert.ThrowsAsync<PostgresException>(() => SqlQueries.ExecuteAsync(connection, "CALL prom_api.execute_maintenance()"));
        Assert.Equal(PostgresErrorCodes.InvalidTransactionTermination, inTransaction.SqlState);
        await SqlQueries.ExecuteAsync(connection, "ROLLBACK");

        await SqlQueries.ExecuteAsync(connection, "CALL prom_api.execute_maintenance()");

        var (rows, oldest) = await PromscaleSchema.SamplesAsync(connection, shortLived);
        Assert.Equal(1, rows);
        Assert.True(oldest < TimeSpan.FromDays(1));
        Assert.Equal(2, (await PromscaleSchema.SamplesAsync(connection, kept)).Rows);
        // finalize_metric_creation attached both metrics' series tables to _prom_catalog.series.
        Assert.Equal(2L, await SqlQueries.ScalarAsync<long>(connection, "SELECT count(*) FROM pg_inherits WHERE inhparent = '_prom_catalog.series'::regclass"));
    }
}
