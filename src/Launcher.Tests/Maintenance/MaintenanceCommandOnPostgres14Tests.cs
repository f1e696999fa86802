using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Maintenance;

/// <summary>
/// `promscale-launcher maintenance` against a real PostgreSQL 14 with a minimal stand-in of Promscale's schema (plain
/// tables: the SQL-only TimescaleDB stand-in has no chunks, so these tests cannot show drop_chunks).
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class MaintenanceCommandOnPostgres14Tests(Postgres14Fixture fixture)
{
    private const string Owner = PostgresCluster.AppRole;
    private const long LockKey = 5786084564062327857;
    private const int SigTerm = 15;

    private PostgresCluster Cluster => fixture.Cluster;

    private async Task<string> DatabaseWithSchemaAsync()
    {
        var database = await Cluster.CreateDatabaseAsync(Owner);
        await MinimalPromscaleSchemaFixture.InstallAsync(Cluster, Owner, database);
        return database;
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Deletes_samples_older_than_the_retention_and_exits_0()
    {
        var database = await DatabaseWithSchemaAsync();
        await MinimalPromscaleSchemaFixture.CreateMetricAsync(Cluster, Owner, database, "cpu_seconds", [TimeSpan.FromDays(3), TimeSpan.FromHours(1)], retention: TimeSpan.FromDays(1));
        await MinimalPromscaleSchemaFixture.CreateMetricAsync(Cluster, Owner, database, "kept_by_default", [TimeSpan.FromDays(3)]);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, Owner, database), "maintenance");

        Assert.True(result.ExitCode == 0, result.ToString());
        var done = Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone));
        Assert.Equal("2", done.Property("MetricsBefore"));
        Assert.Equal("2", done.Property("MetricsAfter"));
        Assert.NotNull(done.Property("DurationMs"));
        Assert.Equal(1, await MinimalPromscaleSchemaFixture.CountSamplesAsync(Cluster, Owner, database, "cpu_seconds"));
        Assert.Equal(1, await MinimalPromscaleSchemaFixture.CountSamplesAsync(Cluster, Owner, database, "kept_by_default"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_75_and_deletes_nothing_while_another_runner_holds_the_lock()
    {
        var database = await DatabaseWithSchemaAsync();
        await MinimalPromscaleSchemaFixture.CreateMetricAsync(Cluster, Owner, database, "cpu_seconds", [TimeSpan.FromDays(3)], retention: TimeSpan.FromDays(1));
        await using var otherRunner = await Cluster.OpenAsync(Owner, database);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", otherRunner))
        {
            await take.ExecuteNonQueryAsync();
        }

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, Owner, database), "maintenance");

        Assert.True(result.ExitCode == ExitCodes.TemporaryFailure, result.ToString());
        var skipped = Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassSkipped));
        Assert.Equal(otherRunner.ProcessID.ToString(), skipped.Property("HolderPid"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone));
        Assert.Equal(1, await MinimalPromscaleSchemaFixture.CountSamplesAsync(Cluster, Owner, database, "cpu_seconds"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Two_runners_at_once_run_one_pass_and_the_other_exits_75()
    {
        var database = await DatabaseWithSchemaAsync();
        await MinimalPromscaleSchemaFixture.MakeMaintenanceSlowAsync(Cluster, Owner, database, seconds: 3);
        var environment = LauncherEnvironment.For(Cluster, Owner, database);

        var results = await Task.WhenAll(LauncherProcess.RunAsync(environment, "maintenance"), LauncherProcess.RunAsync(environment, "maintenance"));

        Assert.Equal([ExitCodes.Success, ExitCodes.TemporaryFailure], results.Select(result => result.ExitCode).Order());
        Assert.Single(results, result => result.Events.Any(e => e.Is(LauncherEvents.MaintenancePassDone)));
        Assert.Single(results, result => result.Events.Any(e => e.Is(LauncherEvents.MaintenancePassSkipped)));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_65_when_the_database_has_no_Promscale_schema()
    {
        var database = await Cluster.CreateDatabaseAsync(Owner);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, Owner, database), "maintenance");

        Assert.True(result.ExitCode == ExitCodes.DatabaseIncompatible, result.ToString());
        Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenanceNoSchema));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_77_when_the_role_may_not_read_Promscale_s_catalog()
    {
        var database = await DatabaseWithSchemaAsync();
        var stranger = await Cluster.CreateRoleAsync("NOSUPERUSER");

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, stranger, database), "maintenance");

        Assert.True(result.ExitCode == ExitCodes.PermissionDenied, result.ToString());
        Assert.Equal("42501", Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassFailed)).Property("SqlState"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_77_at_once_for_a_wrong_password()
    {
        var database = await DatabaseWithSchemaAsync();
        var url = Cluster.UrlFor(Owner, database, "sslmode=disable").Replace(Uri.EscapeDataString(Cluster.PasswordOf(Owner)), "wrong-password");
        var environment = LauncherEnvironment.For(Cluster, Owner, database, overrides: ("SCALINGO_POSTGRESQL_URL", url));

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
    public async Task Summarises_the_three_trace_table_warnings_in_one_line()
    {
        var database = await DatabaseWithSchemaAsync();
        await MinimalPromscaleSchemaFixture.AddPlainTraceTablesAsync(Cluster, Owner, database);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, Owner, database), "maintenance");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("3", Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenanceTraceTableWarnings)).Property("Count"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.MaintenanceWarning));
        Assert.Equal("3", Assert.Single(result.Events, e => e.Is(LauncherEvents.MaintenancePassDone)).Property("TraceTableWarnings"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Cancels_a_long_pass_on_SIGTERM_and_exits_143_leaving_no_session()
    {
        var database = await DatabaseWithSchemaAsync();
        await MinimalPromscaleSchemaFixture.MakeMaintenanceSlowAsync(Cluster, Owner, database, seconds: 120);
        await using var launcher = RunningLauncher.Start(LauncherEnvironment.For(Cluster, Owner, database), workingDirectory: null, "maintenance");
        await using var observer = await Cluster.OpenSuperuserAsync(database);
        await MaintenanceSessions.WaitForCallAsync(observer, TimeSpan.FromSeconds(30));

        launcher.Signal(SigTerm);

        Assert.Equal(128 + SigTerm, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(launcher.Events, e => e.Is(LauncherEvents.MaintenanceCancelled));
        Assert.Equal(0, await MaintenanceSessions.CountAsync(observer));
    }
}
