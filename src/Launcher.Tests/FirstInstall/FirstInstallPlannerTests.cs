using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.FirstInstall;
using PromscaleLauncher.Promscale;
using PromscaleLauncher.Tests.Database;

namespace PromscaleLauncher.Tests.FirstInstall;

/// <summary>The first-install path decided from the server's facts alone (docs/first-install.md), and the check `check` prints.</summary>
public sealed class FirstInstallPlannerTests
{
    /// <summary>Scalingo's PostgreSQL 14 today: TimescaleDB 2.19.3 created by the app user, no schema, CREATEROLE granted by support.</summary>
    private static ServerFacts Fresh() => ServerFactsExamples.Scalingo14() with
    {
        CanCreateRole = true,
        TimescaleDbOwner = "my_app_4553",
        Hypertables = 0,
    };

    private static FirstInstallPlan Decide(ServerFacts facts, FirstInstallMode mode = FirstInstallMode.Auto, bool install = true, bool upgrade = true) =>
        FirstInstallPlanner.Decide(PromscaleVersion.V0_10_0, mode, facts, install, upgrade)!;

    private static CheckResult CheckOf(FirstInstallPlan plan) => FirstInstallCheck.From(plan, PromscaleVersion.V0_10_0, "my-app");

    private static string Evidence(CheckResult check, string key) => Assert.Single(check.Evidence, pair => pair.Key == key).Value;

    [Fact]
    public void Drops_the_app_users_TimescaleDB_then_installs_the_plain_schema_then_creates_it_again()
    {
        var plan = Decide(Fresh());

        Assert.Equal(FirstInstallPath.PlainSchemaThenTimescaleDb, plan.Path);
        Assert.True(plan.LauncherInstalls);
        Assert.Equal([FirstInstallStep.DropTimescaleDb, FirstInstallStep.MigrateSchema, FirstInstallStep.CreateTimescaleDb], plan.Steps);
        var check = CheckOf(plan);
        Assert.Equal(CheckStatus.Warn, check.Status);
        Assert.Equal("first-install", Evidence(check, "path"));
        Assert.Equal("auto", Evidence(check, "mode"));
        Assert.Equal("drop-timescaledb,migrate-schema,create-timescaledb", Evidence(check, "steps"));
        Assert.Equal("2.19.3", Evidence(check, "timescaledb_at_migration"));
    }

    [Fact]
    public void Skips_the_drop_when_TimescaleDB_is_available_but_not_created()
    {
        var plan = Decide(Fresh() with { TimescaleDbInstalledVersion = null, TimescaleDbOwner = null, Hypertables = 0 });

        Assert.Equal(FirstInstallPath.PlainSchemaThenTimescaleDb, plan.Path);
        Assert.Equal([FirstInstallStep.MigrateSchema, FirstInstallStep.CreateTimescaleDb], plan.Steps);
    }

    [Fact]
    public void Takes_the_normal_start_when_the_schema_exists()
    {
        var plan = Decide(Fresh() with { SchemaVersionTableExists = true, SchemaVersion = "0.10.0", CanCreateRole = false, Hypertables = 3 });

        Assert.Equal(FirstInstallPath.ExistingSchema, plan.Path);
        Assert.False(plan.LauncherInstalls);
        var check = CheckOf(plan);
        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal("existing-schema", Evidence(check, "path"));
    }

    [Theory]
    [InlineData("2.5.0", "2.5.0")]
    [InlineData("2.13.1", "2.13.1")]
    public void Lets_Promscale_install_its_schema_itself_below_TimescaleDB_2_14(string available, string installed)
    {
        var plan = Decide(Fresh() with { TimescaleDbAvailableVersion = available, TimescaleDbInstalledVersion = installed });

        Assert.Equal(FirstInstallPath.PromscaleInstalls, plan.Path);
        Assert.Equal("fresh-install", Evidence(CheckOf(plan), "path"));
        Assert.Equal(CheckStatus.Ok, CheckOf(plan).Status);
    }

    [Fact]
    public void Lets_Promscale_install_its_schema_without_TimescaleDB_when_the_server_has_none()
    {
        var plan = Decide(Fresh() with { TimescaleDbAvailableVersion = null, TimescaleDbInstalledVersion = null, TimescaleDbOwner = null, TimescaleDbPreloadSetting = null }, install: false, upgrade: false);

        Assert.Equal(FirstInstallPath.PromscaleInstalls, plan.Path);
        Assert.Null(plan.TimescaleDbAtMigration);
        Assert.Equal("none", Evidence(CheckOf(plan), "timescaledb_at_migration"));
    }

    [Fact]
    public void Lets_Promscale_install_without_TimescaleDB_when_extensions_are_off_and_TimescaleDB_is_not_created()
    {
        var plan = Decide(Fresh() with { TimescaleDbInstalledVersion = null, TimescaleDbOwner = null }, install: false, upgrade: false);

        Assert.Equal(FirstInstallPath.PromscaleInstalls, plan.Path);
    }

    [Fact]
    public void Counts_the_update_Promscale_would_run_before_its_migration()
    {
        // 2.5.0 created, 2.19.3 offered: with both extension flags on, Promscale updates it first, and then fails.
        var facts = Fresh() with { TimescaleDbInstalledVersion = "2.5.0" };

        Assert.Equal(FirstInstallPath.PlainSchemaThenTimescaleDb, Decide(facts).Path);
        Assert.Equal(FirstInstallPath.PromscaleInstalls, Decide(facts, upgrade: false).Path);
    }

    [Fact]
    public void Refuses_when_another_role_created_TimescaleDB_with_the_owner_in_the_fix()
    {
        var plan = Decide(Fresh() with { TimescaleDbOwner = "postgres" });

        Assert.Equal(FirstInstallPath.Impossible, plan.Path);
        Assert.False(plan.LauncherInstalls);
        var check = CheckOf(plan);
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal(ExitCodes.PermissionDenied, check.ExitCode);
        Assert.Equal("not-owner", Evidence(check, "obstacles"));
        Assert.Contains("role postgres", check.Fix);
        Assert.Contains("scalingo --app my-app restart", check.Fix);
    }

    [Fact]
    public void A_superuser_may_drop_what_another_role_created()
    {
        Assert.Equal(FirstInstallPath.PlainSchemaThenTimescaleDb, Decide(Fresh() with { TimescaleDbOwner = "postgres", IsSuperuser = true, CanCreateRole = false }).Path);
    }

    [Fact]
    public void Refuses_when_hypertables_exist_or_cannot_be_counted()
    {
        var present = CheckOf(Decide(Fresh() with { Hypertables = 2 }));
        var unknown = CheckOf(Decide(Fresh() with { Hypertables = null }));

        Assert.Equal("hypertables-present", Evidence(present, "obstacles"));
        Assert.Equal(ExitCodes.DatabaseIncompatible, present.ExitCode);
        Assert.Contains("2 hypertable(s)", present.Summary);
        Assert.Equal("hypertables-unknown", Evidence(unknown, "obstacles"));
    }

    [Fact]
    public void Refuses_without_preload_and_offers_running_without_TimescaleDB_when_it_is_not_created()
    {
        var check = CheckOf(Decide(Fresh() with { TimescaleDbInstalledVersion = null, TimescaleDbOwner = null, TimescaleDbPreloadSetting = null }));

        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal("not-preloaded", Evidence(check, "obstacles"));
        Assert.Contains("PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false", check.Fix);
    }

    [Fact]
    public void Refuses_without_CREATEROLE_or_CREATE_on_the_database_and_names_every_obstacle()
    {
        var check = CheckOf(Decide(Fresh() with { CanCreateRole = false, CanCreateInDatabase = false, TimescaleDbOwner = "postgres" }));

        Assert.Equal("not-owner,no-createrole,no-create-privilege", Evidence(check, "obstacles"));
        Assert.Contains("ALTER ROLE \"my_app_4553\" WITH CREATEROLE;", check.Fix);
        Assert.Contains("GRANT CREATE ON DATABASE \"my_app_4553\" TO \"my_app_4553\";", check.Fix);
    }

    [Fact]
    public void Manual_mode_leaves_the_database_alone_and_gives_the_steps()
    {
        var plan = Decide(Fresh(), FirstInstallMode.Manual);

        Assert.Equal(FirstInstallPath.PlainSchemaThenTimescaleDb, plan.Path);
        Assert.False(plan.LauncherInstalls);
        var check = CheckOf(plan);
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal(ExitCodes.DatabaseIncompatible, check.ExitCode);
        Assert.Equal("manual", Evidence(check, "mode"));
        Assert.Contains("DROP EXTENSION timescaledb;", check.Fix);
        Assert.Contains("PROMSCALE_MIGRATE=only PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false promscale", check.Fix);
        Assert.Contains("CREATE EXTENSION IF NOT EXISTS timescaledb;", check.Fix);
        // The URL stays in its variable, expanded in the one-off container.
        Assert.Contains("\"$SCALINGO_POSTGRESQL_URL\"", check.Fix);
    }

    [Fact]
    public void Does_not_apply_to_Promscale_0_11_and_later()
    {
        Assert.Null(FirstInstallPlanner.Decide(new PromscaleVersion(0, 17, 0), FirstInstallMode.Auto, Fresh(), true, true));
    }
}
