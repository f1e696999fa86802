using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Preflight;
using PromscaleLauncher.Tests.Support;

namespace PromscaleLauncher.Tests.Database;

public sealed class PreflightEvaluatorTests
{
    private static (LaunchPlanResult Result, IReadOnlyList<CheckResult> Checks) Evaluate(ServerFacts facts, params (string, string)[] environment)
    {
        var evaluator = new PreflightEvaluator(SettingsExamples.Scalingo(environment), facts, processorCount: 8, appName: "my-app");
        var plan = evaluator.Evaluate();
        return (new LaunchPlanResult(plan), evaluator.Checks);
    }

    internal sealed record LaunchPlanResult(PromscaleLauncher.Launch.LaunchPlan? Plan);

    private static CheckResult Check(IReadOnlyList<CheckResult> checks, string id) => Assert.Single(checks, check => check.Id == id);

    private static ServerFacts Installed010() => ServerFactsExamples.Scalingo14() with
    {
        SchemaVersionTableExists = true,
        SchemaVersion = "0.10.0",
        PromscaleRoles = ServerFacts.AllPromscaleRoles,
    };

    [Fact]
    public void Lets_0_10_start_on_an_installed_Scalingo_database_with_a_budgeted_pool()
    {
        var (result, checks) = Evaluate(Installed010());

        Assert.NotNull(result.Plan);
        Assert.DoesNotContain(checks, check => check.Status == CheckStatus.Fail);
        // One connection less than the free ones: the launcher's maintenance pass (Apache edition: on by default);
        // half of the 53 left: a deploy runs a second generation beside this one (PROMSCALE_LAUNCHER_DEPLOY_OVERLAP).
        Assert.Equal("26", result.Plan!.ConnectionSettings["PROMSCALE_DB_CONNECTIONS_MAX"]);
        Assert.Equal("8", result.Plan.ConnectionSettings["GOMAXPROCS"]);
        Assert.True(result.Plan.InstallExtensions);
        var uri = result.Plan.DatabaseUri.Reveal();
        Assert.Contains("sslmode=require", uri);
        Assert.Contains("application_name=promscale%400.10.0%2Fweb-1%20max%3D26", uri);
        Assert.Contains("connect_timeout=10", uri);
        Assert.Equal(CheckStatus.Warn, Check(checks, DiagnosisIds.TimescaleDbLicense).Status);
    }

    [Fact]
    public void Refuses_PostgreSQL_17_for_0_10_with_the_accepted_range()
    {
        var (result, checks) = Evaluate(Installed010() with { ServerVersionNumber = 170010, ServerVersion = "17.10" });

        Assert.Contains(checks, check => check.Status == CheckStatus.Fail);
        var check = Check(checks, DiagnosisIds.PostgresVersion);
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal(ExitCodes.DatabaseIncompatible, check.ExitCode);
        Assert.Contains("12–14", check.Summary);
    }

    [Fact]
    public void Accepts_PostgreSQL_15_for_0_17_only()
    {
        var facts = ServerFactsExamples.Scalingo14() with
        {
            ServerVersionNumber = 150018,
            ServerVersion = "15.18",
            PromscaleExtensionAvailableVersion = "0.8.0",
            PromscaleExtensionInstalledVersion = "0.8.0",
        };

        Assert.Equal(CheckStatus.Ok, Check(Evaluate(facts, ("PROMSCALE_VERSION", "0.17.0")).Checks, DiagnosisIds.PostgresVersion).Status);
        Assert.Equal(CheckStatus.Fail, Check(Evaluate(facts, ("PROMSCALE_VERSION", "0.16.0")).Checks, DiagnosisIds.PostgresVersion).Status);
    }

    [Fact]
    public void Asks_for_CREATEROLE_on_the_first_start_of_0_10_with_the_exact_statement()
    {
        var (result, checks) = Evaluate(ServerFactsExamples.Scalingo14());

        Assert.Contains(checks, check => check.Status == CheckStatus.Fail);
        var check = Check(checks, DiagnosisIds.RoleCreateRole);
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal(ExitCodes.PermissionDenied, check.ExitCode);
        Assert.Contains("ALTER ROLE \"my_app_4553\" WITH CREATEROLE;", check.Fix);
    }

    [Fact]
    public void Says_NOCREATEROLE_is_safe_once_the_roles_exist()
    {
        var check = Check(Evaluate(Installed010() with { CanCreateRole = true }).Checks, DiagnosisIds.RoleCreateRole);

        Assert.Equal(CheckStatus.Warn, check.Status);
        Assert.Contains("ALTER ROLE \"my_app_4553\" WITH NOCREATEROLE;", check.Fix);
    }

    [Fact]
    public void Does_not_need_CREATEROLE_from_0_11_on()
    {
        var facts = ServerFactsExamples.Scalingo14() with { PromscaleExtensionAvailableVersion = "0.8.0" };

        Assert.Equal(CheckStatus.Ok, Check(Evaluate(facts, ("PROMSCALE_VERSION", "0.17.0")).Checks, DiagnosisIds.RoleCreateRole).Status);
    }

    [Fact]
    public void Explains_that_Scalingo_lacks_the_promscale_extension_for_0_11_and_later()
    {
        var check = Check(Evaluate(Installed010(), ("PROMSCALE_VERSION", "0.11.0")).Checks, DiagnosisIds.PromscaleExtension);

        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Contains("Scalingo does not offer it", check.Summary);
        Assert.Contains("PROMSCALE_VERSION=0.10.0", check.Fix);
    }

    [Fact]
    public void Says_how_to_enable_TimescaleDB_when_it_is_available_but_not_enabled()
    {
        var facts = Installed010() with { TimescaleDbInstalledVersion = null, TimescaleDbLicense = null };

        var (_, checks) = Evaluate(facts, ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false"));

        var check = Check(checks, DiagnosisIds.TimescaleDbExtension);
        Assert.Equal(CheckStatus.Warn, check.Status);
        Assert.Contains("CREATE EXTENSION IF NOT EXISTS timescaledb", check.Fix);
        Assert.Contains("scalingo --app my-app pgsql-console", check.Fix);
    }

    [Fact]
    public void Fails_0_17_when_TimescaleDB_is_not_enabled_and_will_not_be_created()
    {
        var facts = ServerFactsExamples.Scalingo14() with { TimescaleDbInstalledVersion = null, PromscaleExtensionAvailableVersion = "0.8.0", CanCreateInDatabase = false };

        var check = Check(Evaluate(facts, ("PROMSCALE_VERSION", "0.17.0")).Checks, DiagnosisIds.TimescaleDbExtension);

        Assert.Equal(CheckStatus.Fail, check.Status);
    }

    [Fact]
    public void Fails_when_TimescaleDB_is_enabled_but_not_preloaded()
    {
        var check = Check(Evaluate(Installed010() with { TimescaleDbPreloadSetting = null, TimescaleDbLicense = null }).Checks, DiagnosisIds.TimescaleDbPreload);

        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Contains("must be preloaded", check.Summary);
        Assert.Contains("shared_preload_libraries", check.Fix);
    }

    [Fact]
    public void Fails_on_a_TimescaleDB_version_outside_the_range_and_offers_the_update()
    {
        var check = Check(Evaluate(Installed010() with { TimescaleDbInstalledVersion = "1.6.0", TimescaleDbAvailableVersion = "2.19.3" }).Checks, DiagnosisIds.TimescaleDbVersion);

        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Contains("ALTER EXTENSION timescaledb UPDATE", check.Fix);
    }

    [Fact]
    public void Defaults_the_extension_flags_to_false_without_the_privilege_to_create_extensions()
    {
        var (result, checks) = Evaluate(Installed010() with { CanCreateInDatabase = false });

        Assert.False(result.Plan!.InstallExtensions);
        Assert.False(result.Plan.UpgradeExtensions);
        Assert.Equal(CheckStatus.Warn, Check(checks, DiagnosisIds.ExtensionFlags).Status);
    }

    [Fact]
    public void Keeps_the_operators_extension_flags()
    {
        var (result, _) = Evaluate(Installed010() with { CanCreateInDatabase = false },
            ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "true"), ("PROMSCALE_STARTUP_UPGRADE_EXTENSIONS", "false"));

        Assert.True(result.Plan!.InstallExtensions);
        Assert.False(result.Plan.UpgradeExtensions);
    }

    [Fact]
    public void Refuses_to_start_when_too_few_connections_are_free_with_the_numbers()
    {
        var (result, checks) = Evaluate(Installed010() with { MaxConnections = 10, OtherConnections = 3 });

        Assert.Null(result.Plan);
        var check = Check(checks, DiagnosisIds.ConnectionBudget);
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal(ExitCodes.TemporaryFailure, check.ExitCode);
        Assert.Contains("max_connections 10 − reserved 3 − held by other clients 3 − headroom 3 − launcher maintenance 1 = 0", check.Summary);
    }

    [Fact]
    public void Reserves_no_connection_for_maintenance_when_it_is_off()
    {
        var (result, checks) = Evaluate(Installed010(), ("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", "off"), ("PROMSCALE_LAUNCHER_DEPLOY_OVERLAP", "false"));

        Assert.Equal("54", result.Plan!.ConnectionSettings["PROMSCALE_DB_CONNECTIONS_MAX"]);
        var check = Check(checks, DiagnosisIds.ConnectionBudget);
        Assert.DoesNotContain("maintenance", check.Summary);
        Assert.Contains(new KeyValuePair<string, string>("maintenance_connections", "0"), check.Evidence);
    }

    [Fact]
    public void Reserves_no_connection_for_maintenance_by_default_under_the_Timescale_licence()
    {
        var (result, _) = Evaluate(Installed010() with { TimescaleDbLicense = "timescale" }, ("PROMSCALE_LAUNCHER_DEPLOY_OVERLAP", "false"));

        // Promscale schedules its own job there (docs/promscale.md §10.2).
        Assert.Equal("54", result.Plan!.ConnectionSettings["PROMSCALE_DB_CONNECTIONS_MAX"]);
    }

    [Fact]
    public void Names_ALTER_ROLE_with_the_limit_needed_when_the_roles_CONNECTION_LIMIT_binds()
    {
        var (result, checks) = Evaluate(Installed010() with { RoleConnectionLimit = 5, OtherRoleConnections = 1 }, ("PROMSCALE_LAUNCHER_DEPLOY_OVERLAP", "false"));

        Assert.Null(result.Plan);
        var check = Check(checks, DiagnosisIds.ConnectionBudget);
        Assert.Equal(ExitCodes.TemporaryFailure, check.ExitCode);
        Assert.Contains(new KeyValuePair<string, string>("limit", "role"), check.Evidence);
        // 1 other connection of the role + 3 for Promscale 0.10 + 3 headroom + 1 for the launcher's maintenance.
        Assert.Contains("ALTER ROLE \"my_app_4553\" CONNECTION LIMIT 8;", check.Fix);
        Assert.DoesNotContain("ALTER DATABASE", check.Fix);
    }

    [Fact]
    public void Names_ALTER_DATABASE_with_the_limit_needed_when_the_databases_CONNECTION_LIMIT_binds()
    {
        var (_, checks) = Evaluate(Installed010() with { DatabaseConnectionLimit = 4, OtherDatabaseConnections = 2 }, ("PROMSCALE_LAUNCHER_INSTANCES", "2"), ("PROMSCALE_LAUNCHER_DEPLOY_OVERLAP", "false"));

        var check = Check(checks, DiagnosisIds.ConnectionBudget);
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Contains(new KeyValuePair<string, string>("limit", "database"), check.Evidence);
        // 2 other connections to the database + 2 × 3 for two Promscale instances + 3 headroom + 1 maintenance.
        Assert.Contains("ALTER DATABASE \"my_app_4553\" CONNECTION LIMIT 12;", check.Fix);
        Assert.DoesNotContain("ALTER ROLE", check.Fix);
    }

    [Fact]
    public void Names_no_CONNECTION_LIMIT_when_max_connections_binds()
    {
        var (_, checks) = Evaluate(Installed010() with { MaxConnections = 10, OtherConnections = 3, RoleConnectionLimit = 50 });

        var check = Check(checks, DiagnosisIds.ConnectionBudget);
        Assert.Contains(new KeyValuePair<string, string>("limit", "max_connections"), check.Evidence);
        Assert.DoesNotContain("CONNECTION LIMIT", check.Fix);
    }

    [Fact]
    public void Shares_the_budget_across_instances()
    {
        var (result, _) = Evaluate(Installed010(), ("PROMSCALE_LAUNCHER_INSTANCES", "3"), ("PROMSCALE_LAUNCHER_DEPLOY_OVERLAP", "false"));

        // (54 free − 1 for maintenance) / 3.
        Assert.Equal("17", result.Plan!.ConnectionSettings["PROMSCALE_DB_CONNECTIONS_MAX"]);
    }

    [Fact]
    public void Keeps_an_explicit_connection_maximum_but_warns_when_it_exceeds_the_free_share()
    {
        var (result, checks) = Evaluate(Installed010(), ("PROMSCALE_DB_CONNECTIONS_MAX", "80"));

        Assert.Equal("80", result.Plan!.ConnectionSettings["PROMSCALE_DB_CONNECTIONS_MAX"]);
        Assert.Equal(CheckStatus.Warn, Check(checks, DiagnosisIds.ConnectionBudget).Status);
    }

    [Fact]
    public void Refuses_an_explicit_connection_maximum_below_what_Promscale_opens_at_start()
    {
        var check = Check(Evaluate(Installed010(), ("PROMSCALE_VERSION", "0.10.0"), ("PROMSCALE_DB_CONNECTIONS_MAX", "2")).Checks, DiagnosisIds.ConnectionBudget);

        Assert.Equal(ExitCodes.Configuration, check.ExitCode);
    }

    [Fact]
    public void Fails_while_another_Promscale_holds_the_migration_lock()
    {
        var facts = Installed010() with { SchemaLockHolders = [new SchemaLockHolder(4242, Exclusive: true, Granted: true, "promscale@0.10.0")] };

        var check = Check(Evaluate(facts).Checks, DiagnosisIds.MigrationLock);

        Assert.Equal(ExitCodes.TemporaryFailure, check.ExitCode);
        Assert.Contains("pid 4242", check.Summary);
    }

    [Fact]
    public void Explains_the_scale_to_zero_procedure_when_an_upgrade_meets_running_connectors()
    {
        var facts = Installed010() with
        {
            SchemaVersion = "0.9.0",
            SchemaLockHolders = [new SchemaLockHolder(11, false, true, "promscale@0.9.0"), new SchemaLockHolder(12, false, true, "promscale@0.9.0")],
        };

        var (_, checks) = Evaluate(facts, ("PROMSCALE_LAUNCHER_INSTANCES", "2"));

        var check = Check(checks, DiagnosisIds.SchemaVersion);
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Contains("scalingo --app my-app scale web:0", check.Fix);
        Assert.Contains("scalingo --app my-app scale web:2", check.Fix);
        Assert.Contains("2 connection(s)", Check(checks, DiagnosisIds.MigrationLock).Summary);
    }

    [Fact]
    public void Refuses_to_downgrade_a_newer_schema()
    {
        var check = Check(Evaluate(Installed010() with { SchemaVersion = "0.11.0" }).Checks, DiagnosisIds.SchemaVersion);

        Assert.Equal(ExitCodes.DatabaseIncompatible, check.ExitCode);
        Assert.Contains("PROMSCALE_VERSION=0.11.0", check.Fix);
    }

    [Fact]
    public void Reports_an_unencrypted_connection_as_a_warning()
    {
        var check = Check(Evaluate(Installed010() with { ConnectionEncrypted = false }, ("PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB", "true")).Checks, DiagnosisIds.DatabaseTls);

        Assert.Equal(CheckStatus.Warn, check.Status);
    }
}
