using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.FirstInstall;

/// <summary>
/// The first install (docs/first-install.md) end to end: the real launcher, the fake Promscale 0.10.0 (whose migration
/// fails on TimescaleDB ≥ 2.14 as the real one does) and PostgreSQL 15 with the native, preloadable TimescaleDB stand-in
/// (2.23.1 by default, as on Scalingo). Promscale 0.10.0 accepts PostgreSQL up to 14 only and checks that after its
/// migration, so here the normal start that follows a first install ends with that refusal (exit 1, `pg.version`):
/// the runs use PROMSCALE_LAUNCHER_PREFLIGHT=warn to get past the same refusal in the preflight. On PostgreSQL 14,
/// where 0.10.0 reaches ready, FirstInstallOnPostgres14PreloadedTests runs the same path to ready.
/// </summary>
[Collection(PostgresCollections.V15)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FirstInstallOnPostgres15Tests(Postgres15Fixture fixture)
{
    private const string Creator = PostgresCluster.CreatorRole;

    private PostgresCluster Cluster => fixture.Cluster;

    private Dictionary<string, string> Environment(string database, params (string Name, string Value)[] overrides) =>
        LauncherEnvironment.For(Cluster, Creator, database,
            overrides: [("PORT", FreePort.Next().ToString()), ("PROMSCALE_LAUNCHER_PREFLIGHT", "warn"), .. overrides]);

    private static async Task<ReportedCheck> FirstInstallCheckAsync(Dictionary<string, string> environment)
    {
        var result = await LauncherProcess.RunAsync(environment, "check", "--json");
        return CheckJsonReport.Of(result).Check("schema.first-install");
    }

    private static void AssertStepsDone(ProcessResult result, params string[] steps)
    {
        var events = result.Events;
        var starting = Assert.Single(events, e => e.Is(LauncherEvents.FirstInstallStarting));
        Assert.Equal(string.Join(", ", steps), starting.Property("Steps"));
        Assert.Equal(steps, events.Where(e => e.Is(LauncherEvents.FirstInstallStepStarting)).Select(e => e.Property("Step")));
        var done = events.Where(e => e.Is(LauncherEvents.FirstInstallStepDone)).ToList();
        Assert.Equal(steps, done.Select(e => e.Property("Step")));
        Assert.All(done, e => Assert.True(long.Parse(e.Property("ElapsedMs")!) >= 0));
        Assert.DoesNotContain(events, e => e.Is(LauncherEvents.FirstInstallStepFailed));
        // One -migrate=only run, then the normal start, after the first install is done.
        Assert.Single(events, e => e.Is(LauncherEvents.PromscaleMigrationStarted));
        var after = events.SkipWhile(e => !e.Is(LauncherEvents.FirstInstallDone)).ToList();
        Assert.NotEmpty(after);
        Assert.Contains(after, e => e.Is(LauncherEvents.PromscaleStarted));
        Assert.DoesNotContain(events.TakeWhile(e => !e.Is(LauncherEvents.FirstInstallDone)), e => e.Is(LauncherEvents.PromscaleStarted));
    }

    private static void AssertEndsWithPromscalesRefusalOfPostgres15(ProcessResult result)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(result.Events.SkipWhile(e => !e.Is(LauncherEvents.PromscaleStarted)), e => e.Is(LauncherEvents.CheckFailed, "CheckId", "pg.version"));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Drops_TimescaleDB_the_app_user_created_installs_the_plain_schema_creates_TimescaleDB_again_then_starts_Promscale()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, Creator, database);
        var environment = Environment(database);

        var before = await FirstInstallCheckAsync(environment);
        var result = await LauncherProcess.RunAsync(environment);
        var after = await FirstInstallCheckAsync(environment);

        Assert.Equal(("warn", "first-install", "auto"), (before.Status, before.Evidence("path"), before.Evidence("mode")));
        Assert.Equal("drop-timescaledb,migrate-schema,create-timescaledb", before.Evidence("steps"));
        Assert.Equal("2.23.1", before.Evidence("timescaledb_at_migration"));
        AssertStepsDone(result, "drop-timescaledb", "migrate-schema", "create-timescaledb");
        var done = Assert.Single(result.Events, e => e.Is(LauncherEvents.FirstInstallDone));
        Assert.Equal(("0.10.0", "2.23.1", Creator), (done.Property("SchemaVersion"), done.Property("TimescaleDbVersion"), done.Property("Role")));
        AssertEndsWithPromscalesRefusalOfPostgres15(result);
        var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
        Assert.Equal(("2.23.1", Creator, 0L, "0.10.0"), (snapshot.TimescaleDbVersion, snapshot.TimescaleDbOwner, snapshot.Hypertables, snapshot.SchemaVersion));
        Assert.Equal(("ok", "existing-schema"), (after.Status, after.Evidence("path")));
    }

    // The text report is what an operator reads in a one-off: the path is in its line.
    [PostgresFact(PostgresVersion.V15)]
    public async Task The_text_report_names_the_path_the_next_start_takes()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        var environment = Environment(database, ("PROMSCALE_LAUNCHER_LOG_FORMAT", "text"));

        var result = await LauncherProcess.RunAsync(environment, "check");

        var line = Assert.Single(result.StandardOutput.Split('\n'), line => line.Contains("schema.first-install", StringComparison.Ordinal));
        Assert.StartsWith("  warn  schema.first-install", line);
        Assert.Contains("First install: plain schema, then TimescaleDB.", line);
        Assert.Contains("path=first-install", result.StandardOutput);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Installs_the_plain_schema_then_creates_TimescaleDB_when_it_is_available_but_not_created()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        var environment = Environment(database);

        var before = await FirstInstallCheckAsync(environment);
        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(("first-install", "migrate-schema,create-timescaledb"), (before.Evidence("path"), before.Evidence("steps")));
        AssertStepsDone(result, "migrate-schema", "create-timescaledb");
        AssertEndsWithPromscalesRefusalOfPostgres15(result);
        var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
        Assert.Equal(("2.23.1", Creator, "0.10.0"), (snapshot.TimescaleDbVersion, snapshot.TimescaleDbOwner, snapshot.SchemaVersion));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Metrics_created_after_the_first_install_are_hypertables()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await LauncherProcess.RunAsync(Environment(database));

        await using var connection = await Cluster.OpenAsync(Creator, database);
        await using (var create = new NpgsqlCommand("SELECT table_name::text FROM _prom_catalog.get_or_create_metric_table_name('first_install_metric')", connection))
        {
            Assert.NotNull(await create.ExecuteScalarAsync());
        }
        await using (var finalize = new NpgsqlCommand("CALL _prom_catalog.finalize_metric_creation()", connection))
        {
            await finalize.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, (await DatabaseSnapshot.ReadAsync(Cluster, database)).Hypertables);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Lets_Promscale_install_its_schema_itself_on_TimescaleDB_2_5_0_it_will_not_update()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, Creator, database, "2.5.0");
        var environment = Environment(database, ("PROMSCALE_STARTUP_UPGRADE_EXTENSIONS", "false"));

        var check = await FirstInstallCheckAsync(environment);
        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(("ok", "fresh-install", "2.5.0"), (check.Status, check.Evidence("path"), check.Evidence("timescaledb_at_migration")));
        Assert.DoesNotContain(result.Events, e => e.Id is >= LauncherEvents.FirstInstallStarting and <= LauncherEvents.FirstInstallInterrupted);
        AssertEndsWithPromscalesRefusalOfPostgres15(result);
        var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
        Assert.Equal(("2.5.0", "0.10.0"), (snapshot.TimescaleDbVersion, snapshot.SchemaVersion));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Counts_the_update_to_2_23_1_Promscale_would_run_first_and_takes_the_first_install_path()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, Creator, database, "2.5.0");

        var result = await LauncherProcess.RunAsync(Environment(database));

        AssertStepsDone(result, "drop-timescaledb", "migrate-schema", "create-timescaledb");
        var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
        Assert.Equal(("2.23.1", "0.10.0"), (snapshot.TimescaleDbVersion, snapshot.SchemaVersion));
    }

    /// <summary>A refused first install: `check` says why, `run` stops in its preflight, and the database is as it was.</summary>
    private async Task AssertRefusedUnchangedAsync(string database, string obstacles, int exitCode, params (string Name, string Value)[] overrides)
    {
        // Enforced: a refusal must stop the start, before anything changes.
        var environment = LauncherEnvironment.For(Cluster, Creator, database, overrides: [("PORT", FreePort.Next().ToString()), .. overrides]);
        var before = await DatabaseSnapshot.ReadAsync(Cluster, database);

        var check = await FirstInstallCheckAsync(environment);
        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(("fail", "impossible", obstacles, exitCode), (check.Status, check.Evidence("path"), check.Evidence("obstacles"), check.ExitCode));
        Assert.NotNull(check.Fix);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Events, e => e.Is(LauncherEvents.CheckFailed, "CheckId", "schema.first-install"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.FirstInstallStarting) || e.Is(LauncherEvents.PromscaleMigrationStarted) || e.Is(LauncherEvents.PromscaleStarted));
        Assert.Equal(before, await DatabaseSnapshot.ReadAsync(Cluster, database));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Refuses_when_another_role_created_TimescaleDB_and_changes_nothing()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await Cluster.EnableTimescaleDbAsync(database);

        await AssertRefusedUnchangedAsync(database, "not-owner", ExitCodes.PermissionDenied);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Refuses_when_hypertables_exist_and_changes_nothing()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, Creator, database);
        await using (var connection = await Cluster.OpenAsync(Creator, database))
        await using (var command = new NpgsqlCommand("CREATE TABLE readings (time timestamptz NOT NULL, value float8); SELECT create_hypertable('readings', 'time')", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        await AssertRefusedUnchangedAsync(database, "hypertables-present", ExitCodes.DatabaseIncompatible);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Refuses_without_CREATEROLE_and_changes_nothing()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, PostgresCluster.AppRole, database);
        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, database, overrides: ("PORT", FreePort.Next().ToString()));
        var before = await DatabaseSnapshot.ReadAsync(Cluster, database);

        var check = await FirstInstallCheckAsync(environment);
        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(("impossible", "no-createrole"), (check.Evidence("path"), check.Evidence("obstacles")));
        Assert.Contains("ALTER ROLE \"scalingo_app\" WITH CREATEROLE;", check.Fix);
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.FirstInstallStarting) || e.Is(LauncherEvents.PromscaleStarted));
        Assert.Equal(before, await DatabaseSnapshot.ReadAsync(Cluster, database));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Manual_mode_leaves_the_database_alone_and_check_prints_the_steps()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, Creator, database);
        var environment = Environment(database, ("PROMSCALE_LAUNCHER_FIRST_INSTALL", "manual"), ("APP", "my-promscale"));
        environment.Remove("PROMSCALE_LAUNCHER_PREFLIGHT");
        var before = await DatabaseSnapshot.ReadAsync(Cluster, database);

        var check = await FirstInstallCheckAsync(environment);
        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(("fail", "first-install", "manual", ExitCodes.DatabaseIncompatible), (check.Status, check.Evidence("path"), check.Evidence("mode"), check.ExitCode));
        Assert.Contains("scalingo --app my-promscale pgsql-console", check.Fix);
        Assert.Contains("DROP EXTENSION timescaledb;", check.Fix);
        Assert.Contains("scalingo --app my-promscale run 'PROMSCALE_DB_URI=\"$SCALINGO_POSTGRESQL_URL\" PROMSCALE_MIGRATE=only PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false promscale'", check.Fix);
        Assert.Contains("CREATE EXTENSION IF NOT EXISTS timescaledb;", check.Fix);
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.FirstInstallStarting) || e.Is(LauncherEvents.PromscaleStarted));
        Assert.Equal(before, await DatabaseSnapshot.ReadAsync(Cluster, database));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Explains_a_failing_migrate_run_with_its_exit_code_and_creates_nothing_afterwards()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        // A Promscale whose -migrate=only run fails: -version answers 0.10.0, anything else exits 1 with a line.
        var script = Path.Combine(Path.GetTempPath(), $"promscale-failing-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(script,
            "#!/bin/sh\nif [ \"$1\" = \"-version\" ]; then echo 0.10.0; exit 0; fi\n"
            + "echo 'level=error ts=2026-12-05T00:00:00.000Z caller=runner.go:1 msg=\"aborting startup due to error\" err=\"migration error: stand-in failure\"' >&2\nexit 1\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var result = await LauncherProcess.RunAsync(Environment(database, ("PROMSCALE_BIN", script)));

            Assert.True(result.ExitCode == 1, result.ToString());
            var failed = Assert.Single(result.Events, e => e.Is(LauncherEvents.FirstInstallStepFailed));
            Assert.Equal("migrate-schema", failed.Property("Step"));
            Assert.Contains("code 1", failed.Property("Problem"));
            Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.FirstInstallStepStarting, "Step", "create-timescaledb") || e.Is(LauncherEvents.PromscaleStarted));
            var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
            Assert.Equal((null, null), (snapshot.TimescaleDbVersion, snapshot.SchemaVersion));
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The fake Promscale behind a script whose -migrate=only run first sleeps: a migration that takes a while.</summary>
    private static string SlowMigrationScript(int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), $"promscale-slow-{Guid.NewGuid():N}");
        File.WriteAllText(script,
            $"#!/bin/sh\nif [ \"$PROMSCALE_MIGRATE\" = only ]; then sleep {seconds}; fi\nexec '{LauncherEnvironment.FakePromscalePath}' \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Two_launchers_starting_together_install_once_the_other_waits_then_starts_normally()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, Creator, database);
        var script = SlowMigrationScript(3);
        try
        {
            await using var first = RunningLauncher.Start(Environment(database, ("PROMSCALE_BIN", script)));
            await using var second = RunningLauncher.Start(Environment(database, ("PROMSCALE_BIN", script)));

            Assert.Equal(1, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal(1, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));

            var both = first.Events.Concat(second.Events).ToList();
            Assert.Single(both, e => e.Is(LauncherEvents.FirstInstallDone));
            Assert.Single(both, e => e.Is(LauncherEvents.PromscaleMigrationStarted));
            Assert.Single(both, e => e.Is(LauncherEvents.FirstInstallWaiting));
            Assert.Single(both, e => e.Is(LauncherEvents.FirstInstallNotNeeded, "Path", "existing-schema"));
            Assert.DoesNotContain(both, e => e.Is(LauncherEvents.FirstInstallStepFailed) || e.Is(LauncherEvents.FirstInstallRefused));
            var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
            Assert.Equal(("2.23.1", Creator, "0.10.0"), (snapshot.TimescaleDbVersion, snapshot.TimescaleDbOwner, snapshot.SchemaVersion));
        }
        finally
        {
            File.Delete(script);
        }
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task A_SIGTERM_during_the_migration_stops_it_and_logs_where_the_database_was_left()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, Creator, database);
        var script = SlowMigrationScript(30);
        try
        {
            await using var launcher = RunningLauncher.Start(Environment(database, ("PROMSCALE_BIN", script)));
            await launcher.WaitForEventAsync(LauncherEvents.PromscaleMigrationStarted);

            launcher.Signal(15);

            Assert.Equal(143, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            var interrupted = Assert.Single(launcher.Events, e => e.Is(LauncherEvents.FirstInstallInterrupted));
            Assert.Equal(("SIGTERM", "migrate-schema"), (interrupted.Property("Signal"), interrupted.Property("Step")));
            Assert.Contains("TimescaleDB dropped", interrupted.Property("State"));
            Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.FirstInstallStepStarting, "Step", "create-timescaledb") || e.Is(LauncherEvents.PromscaleStarted));
            var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
            Assert.Equal((null, null), (snapshot.TimescaleDbVersion, snapshot.SchemaVersion));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
