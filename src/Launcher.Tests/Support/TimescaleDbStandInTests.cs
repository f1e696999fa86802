using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using static PromscaleLauncher.Tests.Support.Postgres.SqlQueries;

namespace PromscaleLauncher.Tests.Support;

/// <summary>
/// Tests of the TimescaleDB stand-in itself (StandIn/README.md): that it answers as the real one does
/// where the launcher and Promscale 0.10.0 look (docs/timescaledb.md, docs/promscale.md §10). PostgreSQL 15
/// and 14 have the native, preloadable stand-in (on 14 built against StandIn/native/pg14_abi.h); most tests
/// run on 15, the PostgreSQL 14 ones show that the same library behaves the same there.
/// </summary>
public sealed class TimescaleDbStandInTests(TimescaleDbStandInFixture fixture) : IClassFixture<TimescaleDbStandInFixture>
{
    private const string MaxBackgroundWorkers = "SELECT current_setting('timescaledb.max_background_workers', true)";
    private const string LoaderSettingsInPgSettings =
        "SELECT coalesce(string_agg(name || '=' || setting, ' ' ORDER BY name), '') FROM pg_settings WHERE name LIKE 'timescaledb%'";

    [PostgresFact(PostgresVersion.V15)]
    public async Task Shows_the_loader_settings_in_pg_settings_to_any_role_when_the_library_is_preloaded()
    {
        var cluster = await fixture.Pg15Preloaded;
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);

        Assert.Equal(
            "timescaledb.bgw_launcher_poll_time=60000 timescaledb.disable_load=off timescaledb.max_background_workers=16 timescaledb_osm.disable_load=off",
            await ScalarAsync<string>(connection, LoaderSettingsInPgSettings));
        Assert.Equal("16", await ScalarAsync<string?>(connection, MaxBackgroundWorkers));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Has_no_loader_setting_at_all_when_the_library_is_not_preloaded()
    {
        var cluster = await fixture.Pg15NotPreloaded;
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);

        Assert.Equal("", await ScalarAsync<string>(connection, LoaderSettingsInPgSettings));
        Assert.Null(await ScalarAsync<string?>(connection, MaxBackgroundWorkers));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task With_the_setting_in_postgresql_conf_but_no_library_current_setting_answers_yet_pg_settings_has_no_row()
    {
        var cluster = await fixture.Pg15SettingWithoutLibrary;
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);

        Assert.Equal("16", await ScalarAsync<string?>(connection, MaxBackgroundWorkers));
        Assert.Equal("", await ScalarAsync<string>(connection, LoaderSettingsInPgSettings));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task With_the_setting_in_postgresql_conf_but_no_library_CREATE_EXTENSION_still_ends_the_session_FATAL()
    {
        var cluster = await fixture.Pg15SettingWithoutLibrary;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "CREATE EXTENSION timescaledb"));

        Assert.Equal(("FATAL", "XX000"), (error.InvariantSeverity, error.SqlState));
        Assert.Equal("extension \"timescaledb\" must be preloaded", error.MessageText);
        await using var afterwards = await cluster.OpenAsync(PostgresCluster.AppRole, database);
        Assert.Equal(0L, await ScalarAsync<long>(afterwards, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%timescaledb%'"));
    }

    [PostgresTheory(PostgresVersion.V15)]
    [InlineData("2.5.0", true)]
    [InlineData("2.17.2", false)]
    [InlineData("2.19.3", false)]
    [InlineData("2.23.1", false)]
    public async Task Has_the_multi_node_objects_only_before_2_14(string version, bool expected)
    {
        var cluster = await fixture.Pg15Preloaded;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);

        await ExecuteAsync(connection, $"CREATE EXTENSION timescaledb VERSION '{version}'");

        Assert.Equal(version, await ScalarAsync<string>(connection, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"));
        Assert.Equal(expected, await ScalarAsync<bool>(connection, "SELECT to_regclass('timescaledb_information.data_nodes') IS NOT NULL"));
        Assert.Equal(expected, await ScalarAsync<bool>(connection, "SELECT to_regclass('_timescaledb_catalog.hypertable_data_node') IS NOT NULL"));
        if (!expected)
        {
            // What Promscale 0.10.0's first migration then fails on (docs/promscale.md §10.1).
            var error = await Assert.ThrowsAsync<PostgresException>(
                () => ExecuteAsync(connection, "SELECT * FROM timescaledb_information.data_nodes"));
            Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
            Assert.Equal("relation \"timescaledb_information.data_nodes\" does not exist", error.MessageText);
        }
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Leaves_its_schemas_to_the_bootstrap_superuser_when_the_app_user_creates_it()
    {
        var cluster = await fixture.Pg15Preloaded;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);

        await ExecuteAsync(connection, "CREATE EXTENSION timescaledb");

        Assert.Equal(
            PostgresCluster.AppRole,
            await ScalarAsync<string>(connection, "SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'timescaledb'"));
        Assert.Equal(
            [
                "_timescaledb_cache postgres", "_timescaledb_catalog postgres", "_timescaledb_config postgres",
                "_timescaledb_functions postgres", "_timescaledb_internal postgres", "timescaledb_experimental postgres",
                "timescaledb_information postgres",
            ],
            await RowsAsync(connection, "SELECT nspname || ' ' || nspowner::regrole FROM pg_namespace WHERE nspname LIKE '%timescaledb%' ORDER BY 1"));
        var error = await Assert.ThrowsAsync<PostgresException>(
            () => ExecuteAsync(connection, "CREATE VIEW timescaledb_information.mine AS SELECT 1"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal("permission denied for schema timescaledb_information", error.MessageText);
    }

    [PostgresFact(PostgresVersion.V15)]
    public Task Makes_a_metric_table_a_hypertable_whose_chunks_show_and_drop_by_time() =>
        AssertHypertableLifecycleAsync(fixture.Pg15Preloaded);

    [PostgresFact(PostgresVersion.V14)]
    public Task Makes_a_metric_table_a_hypertable_whose_chunks_show_and_drop_by_time_on_PostgreSQL_14() =>
        AssertHypertableLifecycleAsync(fixture.Pg14Preloaded);

    [PostgresFact(PostgresVersion.V15)]
    public async Task Refuses_add_job_under_the_apache_licence_as_Promscale_sees_it()
    {
        var cluster = await fixture.Pg15Preloaded;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);
        await ExecuteAsync(connection, "CREATE EXTENSION timescaledb");

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => ExecuteAsync(connection, "SELECT add_job('pg_sleep'::regproc, '30 min')"));

        Assert.Equal(PostgresErrorCodes.FeatureNotSupported, error.SqlState);
        Assert.Equal("function \"add_job\" is not supported under the current \"apache\" license", error.MessageText);
        Assert.Equal(
            ["1 policy_telemetry"],
            await RowsAsync(connection, "SELECT job_id || ' ' || proc_name FROM timescaledb_information.jobs"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task On_PostgreSQL_14_too_CREATE_EXTENSION_without_preload_ends_the_session_FATAL_XX000_and_creates_nothing()
    {
        var cluster = await fixture.Pg14NotPreloaded;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);

        Assert.Equal("", await ScalarAsync<string>(connection, LoaderSettingsInPgSettings));
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "CREATE EXTENSION timescaledb"));

        Assert.Equal(("FATAL", "XX000"), (error.InvariantSeverity, error.SqlState));
        Assert.Equal("extension \"timescaledb\" must be preloaded", error.MessageText);
        Assert.StartsWith("Please preload the timescaledb library via shared_preload_libraries.", error.Hint, StringComparison.Ordinal);
        await using var afterwards = await cluster.OpenAsync(PostgresCluster.AppRole, database);
        Assert.Equal(0L, await ScalarAsync<long>(afterwards, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%timescaledb%'"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task On_PostgreSQL_14_too_shows_the_loader_settings_in_pg_settings_when_the_library_is_preloaded()
    {
        var cluster = await fixture.Pg14Preloaded;
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, PostgresCluster.AppDatabase);

        Assert.Equal(
            "timescaledb.bgw_launcher_poll_time=60000 timescaledb.disable_load=off timescaledb.max_background_workers=16 timescaledb_osm.disable_load=off",
            await ScalarAsync<string>(connection, LoaderSettingsInPgSettings));
        Assert.Equal("16", await ScalarAsync<string?>(connection, MaxBackgroundWorkers));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task On_PostgreSQL_14_too_the_versioned_settings_appear_once_the_database_has_the_extension()
    {
        var cluster = await fixture.Pg14Preloaded;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using (var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database))
        {
            await ExecuteAsync(connection, "CREATE EXTENSION timescaledb");
        }

        await using var later = await cluster.OpenAsync(PostgresCluster.AppRole, database);

        Assert.Equal("apache", await ScalarAsync<string?>(later, "SELECT current_setting('timescaledb.license', true)"));
        Assert.Equal(
            "timescaledb.enable_deprecation_warnings timescaledb.license timescaledb.telemetry_level",
            await ScalarAsync<string>(
                later,
                "SELECT string_agg(name, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('timescaledb.license', 'timescaledb.telemetry_level', 'timescaledb.enable_deprecation_warnings')"));
    }

    // A table shaped like Promscale's prom_data.<metric> (docs/promscale.md §10.3), 48 hourly samples.
    private static async Task AssertHypertableLifecycleAsync(Task<PostgresCluster> starting)
    {
        var cluster = await starting;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.AppRole, database);
        await ExecuteAsync(
            connection,
            """
            CREATE EXTENSION timescaledb;
            CREATE SCHEMA prom_data;
            CREATE TABLE prom_data.up (time timestamptz NOT NULL, value double precision NOT NULL, series_id bigint NOT NULL);
            CREATE UNIQUE INDEX up_series_id_time ON prom_data.up (series_id, time) INCLUDE (value);
            """);

        Assert.True(await ScalarAsync<bool>(
            connection,
            "SELECT created FROM create_hypertable('prom_data.up', 'time', chunk_time_interval => interval '8 hours', create_default_indexes => false)"));
        await ExecuteAsync(
            connection,
            "INSERT INTO prom_data.up SELECT now() - i * interval '1 hour', i, 1 FROM generate_series(0, 47) i ON CONFLICT DO NOTHING");

        Assert.Equal(48L, await ScalarAsync<long>(connection, "SELECT count(*) FROM prom_data.up"));
        const string Chunks = "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = 'prom_data' AND hypertable_name = 'up'";
        var chunks = await ScalarAsync<long>(connection, Chunks);
        Assert.InRange(chunks, 6L, 7L);
        Assert.Equal(chunks, await ScalarAsync<long>(connection, "SELECT count(*) FROM show_chunks('prom_data.up')"));
        // Real chunks: 8-hour child tables in _timescaledb_internal hold the rows, the hypertable itself none.
        Assert.True(await ScalarAsync<bool>(
            connection,
            """
            SELECT bool_and(range_end - range_start = interval '8 hours' AND chunk_schema = '_timescaledb_internal')
                AND (SELECT count(*) FROM ONLY prom_data.up) = 0
            FROM timescaledb_information.chunks WHERE hypertable_name = 'up'
            """));
        Assert.Equal(
            "up 1 time Time 08:00:00",
            await ScalarAsync<string>(
                connection,
                """
                SELECT h.hypertable_name || ' ' || h.num_dimensions || ' ' || d.column_name || ' ' || d.dimension_type || ' ' || d.time_interval
                FROM timescaledb_information.hypertables h JOIN timescaledb_information.dimensions d USING (hypertable_schema, hypertable_name)
                """));

        var dropped = await RowsAsync(connection, "SELECT drop_chunks('prom_data.up', older_than => now() - interval '1 day')");

        Assert.NotEmpty(dropped);
        Assert.All(dropped, name => Assert.StartsWith("_timescaledb_internal._hyper_", name, StringComparison.Ordinal));
        Assert.Equal(chunks - dropped.Count, await ScalarAsync<long>(connection, Chunks));
        // Whole chunks only: what is left starts at the oldest remaining chunk, which ends after the cut-off.
        Assert.True(await ScalarAsync<bool>(
            connection,
            """
            SELECT min(range_end) > now() - interval '1 day'
                AND (SELECT count(*) FROM prom_data.up) = (SELECT count(*) FROM prom_data.up WHERE time >= min(range_start))
                AND (SELECT count(*) FROM prom_data.up) < 48
            FROM timescaledb_information.chunks WHERE hypertable_name = 'up'
            """));
        Assert.Empty(await RowsAsync(connection, "SELECT show_chunks('prom_data.up', older_than => interval '1 day')::text"));
    }
}
