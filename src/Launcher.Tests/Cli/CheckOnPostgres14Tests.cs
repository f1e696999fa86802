using System.Text.Json;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Cli;

/// <summary>`promscale-launcher check` and the preflight of the main command against a real PostgreSQL 14, the newest 0.10.0 accepts.</summary>
[Collection(PostgresCollections.V14)]
public sealed class CheckOnPostgres14Tests(Postgres14Fixture fixture)
{
    private PostgresCluster Cluster => fixture.Cluster;

    private async Task<string> FreshDatabaseWithTimescaleDbAsync(string owner)
    {
        var database = await Cluster.CreateDatabaseAsync(owner);
        await Cluster.EnableTimescaleDbAsync(database);
        return database;
    }

    /// <summary>A launcher on a fresh database where Promscale runs without TimescaleDB (<see cref="LauncherEnvironment.WithoutTimescaleDb"/>).</summary>
    private async Task<Dictionary<string, string>> WithoutTimescaleDbAsync(string owner, params (string Name, string Value)[] overrides) =>
        LauncherEnvironment.For(Cluster, owner, await Cluster.CreateDatabaseAsync(owner), overrides: [LauncherEnvironment.WithoutTimescaleDb, .. overrides]);

    // The text report is what an operator reads in a one-off: its layout and the exact ALTER ROLE are the feature.
    [PostgresFact(PostgresVersion.V14)]
    public async Task Refuses_the_first_start_of_0_10_without_CREATEROLE_and_gives_the_ALTER_ROLE()
    {
        var result = await LauncherProcess.RunAsync(await WithoutTimescaleDbAsync(PostgresCluster.AppRole), "check");

        Assert.Equal(ExitCodes.PermissionDenied, result.ExitCode);
        Assert.Contains("FAIL  role.createrole", result.StandardOutput);
        Assert.Contains("ALTER ROLE \"scalingo_app\" WITH CREATEROLE;", result.StandardOutput);
        Assert.Contains("ok    pg.version", result.StandardOutput);
        Assert.Contains("Promscale would not start (exit code 77)", result.StandardOutput);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Passes_for_a_role_with_CREATEROLE_running_without_TimescaleDB()
    {
        var result = await LauncherProcess.RunAsync(await WithoutTimescaleDbAsync(PostgresCluster.CreatorRole), "check", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = CheckJsonReport.Of(result);
        Assert.Equal(0, report.ExitCode);
        Assert.True(report.CanStart);
        Assert.Equal("warn", report.Check("tsdb.extension").Status);
        Assert.DoesNotContain(report.Checks, check => check.Id == "tsdb.preload");
        Assert.Equal("fresh-install", report.Check("schema.first-install").Evidence("path"));
        Assert.NotNull(report.Check("connections.budget").Evidence("PROMSCALE_DB_CONNECTIONS_MAX"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reports_TimescaleDB_preloaded_and_refuses_the_first_install_when_another_role_created_it()
    {
        var database = await FreshDatabaseWithTimescaleDbAsync(PostgresCluster.CreatorRole);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database), "check", "--json");

        // The preloaded stand-in's settings are in pg_settings; 2.19.3 needs the first install, which only its owner can do.
        Assert.Equal(ExitCodes.PermissionDenied, result.ExitCode);
        var report = CheckJsonReport.Of(result);
        Assert.Equal("ok", report.Check("tsdb.extension").Status);
        Assert.Equal("ok", report.Check("tsdb.preload").Status);
        Assert.Equal("warn", report.Check("tsdb.license").Status);
        Assert.Equal(("impossible", "not-owner"), (report.Check("schema.first-install").Evidence("path"), report.Check("schema.first-install").Evidence("obstacles")));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Prints_the_same_report_as_JSON()
    {
        var database = await FreshDatabaseWithTimescaleDbAsync(PostgresCluster.AppRole);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, database), "check", "--json");

        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(result.ExitCode, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.False(json.RootElement.GetProperty("canStart").GetBoolean());
        Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(),
            check => check.GetProperty("id").GetString() == "role.createrole" && check.GetProperty("status").GetString() == "fail");
        Assert.Contains("****", json.RootElement.GetProperty("database").GetString());
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Says_TimescaleDB_is_available_but_not_created_and_plans_the_first_install_since_it_is_preloaded()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database), "check", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = CheckJsonReport.Of(result);
        Assert.Equal("ok", report.Check("tsdb.preload").Status);
        Assert.Equal("first-install", report.Check("schema.first-install").Evidence("path"));
        var extension = report.Check("tsdb.extension");
        Assert.Equal("warn", extension.Status);
        Assert.Equal("none", extension.Evidence("installed_version"));
        Assert.NotEqual("none", extension.Evidence("available_version"));
        Assert.Equal("True", report.Check("startup.extensions").Evidence("install_extensions"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Runs_the_preflight_then_Promscale_as_the_main_command()
    {
        var environment = await WithoutTimescaleDbAsync(PostgresCluster.CreatorRole, ("PORT", FreePort.Next().ToString()), ("FAKE_PROMSCALE_EXIT_AFTER_READY", "0"));

        var result = await LauncherProcess.RunAsync(environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        var events = result.Events;
        Assert.Contains(events, e => e.Is(LauncherEvents.CheckPassed, "CheckId", "db.reachable"));
        Assert.Equal("0.10.0", Assert.Single(events, e => e.Is(LauncherEvents.PreflightPassed)).Property("PromscaleVersion"));
        // Promscale started after the preflight passed.
        var started = Assert.Single(events.SkipWhile(e => !e.Is(LauncherEvents.PreflightPassed)), e => e.Is(LauncherEvents.PromscaleStarted));
        Assert.Equal("0.10.0", started.Property("PromscaleVersion"));
        Assert.Equal(environment["PORT"], started.Property("Port"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Rejects_a_wrong_password_at_once_with_exit_77()
    {
        var url = Cluster.UrlFor(PostgresCluster.AppRole, PostgresCluster.AppDatabase, "sslmode=disable").Replace(Uri.EscapeDataString(Cluster.PasswordOf(PostgresCluster.AppRole)), "wrong-password");
        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, PostgresCluster.AppDatabase, overrides: ("SCALINGO_POSTGRESQL_URL", url));
        environment["PROMSCALE_LAUNCHER_DB_WAIT"] = "30";

        var result = await LauncherProcess.RunAsync(environment, "check", "--json");

        Assert.Equal(ExitCodes.PermissionDenied, result.ExitCode);
        var check = CheckJsonReport.Of(result).Check("db.authentication");
        Assert.Equal("fail", check.Status);
        Assert.Equal("28P01", check.Evidence("sqlstate"));
        Assert.Equal("1", check.Evidence("attempts"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.DatabaseRetry));
        Assert.DoesNotContain("wrong-password", result.AllOutput);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reports_an_unknown_database_with_exit_66()
    {
        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, "no_such_database"), "check", "--json");

        Assert.Equal(ExitCodes.DatabaseNotFound, result.ExitCode);
        var check = CheckJsonReport.Of(result).Check("db.missing");
        Assert.Equal(ExitCodes.DatabaseNotFound, check.ExitCode);
        Assert.Equal("3D000", check.Evidence("sqlstate"));
        Assert.Contains("no_such_database", check.Summary);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Refuses_sslmode_require_when_the_server_offers_no_TLS_with_exit_76()
    {
        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, PostgresCluster.AppDatabase, "sslmode=prefer");
        environment.Remove("PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB");

        var result = await LauncherProcess.RunAsync(environment, "check", "--json");

        Assert.Equal(ExitCodes.TlsUnavailable, result.ExitCode);
        var report = CheckJsonReport.Of(result);
        // The notice that sslmode=prefer became require, then the refusal under require.
        Assert.Contains(report.Checks, check => check.Id == "config" && check.Status == "warn" && check.Summary.StartsWith("SCALINGO_POSTGRESQL_URL", StringComparison.Ordinal));
        var tls = report.Check("db.tls-unavailable");
        Assert.Equal(ExitCodes.TlsUnavailable, tls.ExitCode);
        Assert.Contains("sslmode=require", tls.Summary);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Retries_a_real_53300_of_the_roles_connection_limit_then_fails_with_exit_75_and_ALTER_ROLE()
    {
        var role = await Cluster.CreateRoleAsync("NOCREATEROLE CONNECTION LIMIT 2");
        var database = await Cluster.CreateDatabaseAsync(role);
        await using var held = await Cluster.HoldConnectionsAsync(role, database, 2);
        var environment = LauncherEnvironment.For(Cluster, role, database, overrides: ("PROMSCALE_LAUNCHER_DB_WAIT", "2"));

        var result = await LauncherProcess.RunAsync(environment, "check", "--json");

        Assert.Equal(ExitCodes.TemporaryFailure, result.ExitCode);
        Assert.Contains(result.Events, e => e.Is(LauncherEvents.DatabaseRetry, "Endpoint", $"127.0.0.1:{Cluster.Port}"));
        using var json = JsonDocument.Parse(result.StandardOutput);
        var check = Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray(), check => check.GetProperty("status").GetString() == "fail");
        Assert.Equal("connections.refused", check.GetProperty("id").GetString());
        Assert.Equal("role", check.GetProperty("evidence").GetProperty("limit").GetString());
        Assert.Equal("53300", check.GetProperty("evidence").GetProperty("sqlstate").GetString());
        Assert.Contains($"ALTER ROLE \"{role}\" CONNECTION LIMIT", check.GetProperty("fix").GetString());
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Refuses_too_few_connections_under_the_roles_CONNECTION_LIMIT_and_names_ALTER_ROLE_with_the_limit_needed()
    {
        var role = await Cluster.CreateRoleAsync("CREATEROLE CONNECTION LIMIT 6");
        var database = await Cluster.CreateDatabaseAsync(role);
        await using var held = await Cluster.HoldConnectionsAsync(role, database, 2);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, role, database, overrides: [LauncherEnvironment.WithoutTimescaleDb]), "check", "--json");

        Assert.Equal(ExitCodes.TemporaryFailure, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var check = Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray(), check => check.GetProperty("id").GetString() == "connections.budget");
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Equal("role", check.GetProperty("evidence").GetProperty("limit").GetString());
        // 6 − 2 held − 3 headroom − 1 for the launcher's maintenance.
        Assert.Equal("0", check.GetProperty("evidence").GetProperty("free_for_promscale").GetString());
        // The role's 2 other connections + 3 for Promscale 0.10 × 2 generations (a deploy's overlap) + 3 headroom
        // + 1 maintenance: a bigger plan would not help.
        Assert.Contains($"ALTER ROLE \"{role}\" CONNECTION LIMIT 12;", check.GetProperty("fix").GetString());
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Fails_while_another_Promscale_holds_the_migration_lock()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await using var other = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        await using (var command = other.CreateCommand())
        {
            command.CommandText = "SET application_name = 'promscale@0.10.0'; SELECT pg_advisory_lock(5585198506344173278)";
            await command.ExecuteNonQueryAsync();
        }

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database, overrides: [LauncherEnvironment.WithoutTimescaleDb]), "check", "--json");

        Assert.Equal(ExitCodes.TemporaryFailure, result.ExitCode);
        var check = CheckJsonReport.Of(result).Check("migration.lock");
        Assert.Equal(ExitCodes.TemporaryFailure, check.ExitCode);
        Assert.Equal(other.ProcessID.ToString(), check.Evidence("pid"));
    }
}
