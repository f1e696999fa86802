using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>
/// `promscale-launcher maintenance` against a real PostgreSQL 14 with the fake Promscale 0.10.0's schema, plain (no
/// TimescaleDB: DELETE) and after a first install (the preloaded TimescaleDB stand-in: hypertables, drop_chunks).
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class MaintenanceCommandOnPostgres14Tests(Postgres14Fixture fixture)
{
    private const string Owner = PromscaleDatabase.Owner;
    private const long LockKey = 5786084564062327857;
    private const int SigTerm = 15;

    private PostgresCluster Cluster => fixture.Cluster;

    private Task<PromscaleDatabase> DatabaseWithSchemaAsync(bool timescaleDb = false) => PromscaleDatabase.CreateAsync(Cluster, timescaleDb);

    [PostgresFact(PostgresVersion.V14)]
    public async Task Deletes_samples_older_than_the_retention_and_exits_0()
    {
        var database = await DatabaseWithSchemaAsync();
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromDays(3), TimeSpan.FromHours(1)], retention: TimeSpan.FromDays(1));
        await database.CreateMetricAsync("kept_by_default", [TimeSpan.FromDays(3)]);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, Owner, database.Name), "maintenance");

        Assert.True(result.ExitCode == 0, result.ToString());
        var done = Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone));
        Assert.Equal("2", done.Property("MetricsBefore"));
        Assert.Equal("2", done.Property("MetricsAfter"));
        Assert.NotNull(done.Property("DurationMs"));
        Assert.Equal("n/a (no hypertables)", done.Property("ChunksBefore"));
        Assert.Equal(1, await database.CountSamplesAsync("cpu_seconds"));
        Assert.Equal(1, await database.CountSamplesAsync("kept_by_default"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Drops_the_chunks_older_than_the_retention_after_a_first_install_with_TimescaleDB_stand_in()
    {
        var database = await DatabaseWithSchemaAsync(timescaleDb: true);
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromDays(3), TimeSpan.FromDays(2), TimeSpan.FromHours(1)], retention: TimeSpan.FromDays(1));
        var chunks = await database.CountChunksAsync();

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, Owner, database.Name), "maintenance");

        Assert.True(result.ExitCode == 0, result.ToString());
        var done = Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone));
        Assert.Equal(chunks.ToString(), done.Property("ChunksBefore"));
        Assert.Equal((await database.CountChunksAsync()).ToString(), done.Property("ChunksAfter"));
        Assert.True(await database.CountChunksAsync() < chunks);
        Assert.Equal(1, await database.CountSamplesAsync("cpu_seconds"));
        // The library defines timescaledb.enable_deprecation_warnings on 14 too: the launcher's SET silences the
        // per-chunk deprecation warnings of the fake's procedure, as on 15.
        Assert.Equal("0", done.Property("DeprecationWarnings"));
        // The plain trace tables' three warnings: one summary line.
        Assert.Equal("3", Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenanceTraceTableWarnings)).Property("Count"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.MaintenanceWarning));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_75_and_deletes_nothing_while_another_runner_holds_the_lock()
    {
        var database = await DatabaseWithSchemaAsync();
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromDays(3)], retention: TimeSpan.FromDays(1));
        await using var otherRunner = await database.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", otherRunner))
        {
            await take.ExecuteNonQueryAsync();
        }

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, Owner, database.Name), "maintenance");

        Assert.True(result.ExitCode == ExitCodes.TemporaryFailure, result.ToString());
        var skipped = Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassSkipped));
        Assert.Equal(otherRunner.ProcessID.ToString(), skipped.Property("HolderPid"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone));
        Assert.Equal(1, await database.CountSamplesAsync("cpu_seconds"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Two_runners_at_once_run_one_pass_and_the_other_exits_75()
    {
        var database = await DatabaseWithSchemaAsync();
        await database.MakeMaintenanceSlowAsync(seconds: 3);
        var environment = LauncherEnvironment.For(Cluster, Owner, database.Name);

        var results = await Task.WhenAll(LauncherProcess.RunAsync(environment, "maintenance"), LauncherProcess.RunAsync(environment, "maintenance"));

        Assert.Equal([ExitCodes.Success, ExitCodes.TemporaryFailure], results.Select(result => result.ExitCode).Order());
        Assert.Single(results, result => result.Events.Any(e => e.Is(LauncherEvents.MaintenancePassDone)));
        Assert.Single(results, result => result.Events.Any(e => e.Is(LauncherEvents.MaintenancePassSkipped)));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_65_when_the_database_has_no_Promscale_schema()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, database);

        var result = await LauncherProcess.RunAsync(environment, "maintenance");

        Assert.True(result.ExitCode == ExitCodes.DatabaseIncompatible, result.ToString());
        Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenanceNoSchema));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_77_when_the_role_may_not_read_Promscale_s_catalog()
    {
        var database = await DatabaseWithSchemaAsync();
        var stranger = await Cluster.CreateRoleAsync("NOSUPERUSER");

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, stranger, database.Name), "maintenance");

        Assert.True(result.ExitCode == ExitCodes.PermissionDenied, result.ToString());
        Assert.Equal("42501", Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassFailed)).Property("SqlState"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_77_at_once_for_a_wrong_password()
    {
        var database = await DatabaseWithSchemaAsync();
        var url = Cluster.UrlFor(Owner, database.Name, "sslmode=disable").Replace(Uri.EscapeDataString(Cluster.PasswordOf(Owner)), "wrong-password");
        var environment = LauncherEnvironment.For(Cluster, Owner, database.Name, overrides: ("SCALINGO_POSTGRESQL_URL", url));

        var result = await LauncherProcess.RunAsync(environment, "maintenance");

        Assert.True(result.ExitCode == ExitCodes.PermissionDenied, result.ToString());
        Assert.Equal("28P01", Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassFailed)).Property("SqlState"));
        Assert.DoesNotContain("wrong-password", result.AllOutput);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_78_with_one_line_naming_the_variable_for_an_invalid_interval()
    {
        var environment = LauncherEnvironment.For(Cluster, Owner, PostgresCluster.AppDatabase, overrides: ("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", "fast"));

        var result = await LauncherProcess.RunAsync(environment, "maintenance");

        Assert.True(result.ExitCode == ExitCodes.Configuration, result.ToString());
        var problem = Assert.Single(result.Events, e => e.Is(LauncherEvents.ConfigurationProblem));
        Assert.Equal("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", problem.Property("Variable"));
        Assert.Contains("30m", problem.Property("Fix"));
        Assert.DoesNotContain("   at ", result.AllOutput);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Cancels_a_long_pass_on_SIGTERM_and_exits_143_leaving_no_session()
    {
        var database = await DatabaseWithSchemaAsync();
        await database.MakeMaintenanceSlowAsync(seconds: 120);
        await using var launcher = RunningLauncher.Start(LauncherEnvironment.For(Cluster, Owner, database.Name), workingDirectory: null, "maintenance");
        await using var observer = await Cluster.OpenSuperuserAsync(database.Name);
        await MaintenanceSessions.WaitForCallAsync(observer, TimeSpan.FromSeconds(30));

        launcher.Signal(SigTerm);

        Assert.Equal(128 + SigTerm, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(launcher.Events, e => e.Is(LauncherEvents.MaintenanceCancelled));
        Assert.Equal(0, await MaintenanceSessions.CountAsync(observer));
    }
}
