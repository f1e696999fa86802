using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.FirstInstall;

/// <summary>
/// Decides the first-install path from the server's facts (docs/first-install.md). Pure: `check`, the preflight of `run`
/// and the stage itself (again, under its lock) decide the same way from the same facts.
/// </summary>
internal static class FirstInstallPlanner
{
    /// <summary>TimescaleDB 2.14 removed multi-node, which Promscale 0.10.0's first migration reads (docs/promscale.md §10.1).</summary>
    public const string MultiNodeRemoved = "2.14.0";

    /// <param name="version">The Promscale version that will start.</param>
    /// <param name="mode">PROMSCALE_LAUNCHER_FIRST_INSTALL.</param>
    /// <param name="facts">What the server said.</param>
    /// <param name="installExtensions">The PROMSCALE_STARTUP_INSTALL_EXTENSIONS Promscale will run with.</param>
    /// <param name="upgradeExtensions">The PROMSCALE_STARTUP_UPGRADE_EXTENSIONS Promscale will run with.</param>
    /// <returns>Null for Promscale 0.11+, whose schema comes with the promscale extension.</returns>
    public static FirstInstallPlan? Decide(PromscaleVersion version, FirstInstallMode mode, ServerFacts facts, bool installExtensions, bool upgradeExtensions)
    {
        if (version.Era != PromscaleEra.SqlMigrations)
        {
            return null;
        }
        var plan = new FirstInstallPlan
        {
            Path = FirstInstallPath.ExistingSchema,
            Mode = mode,
            Role = facts.CurrentUser,
            Database = facts.Database,
            SchemaVersion = facts.SchemaVersion,
            TimescaleDbAtMigration = TimescaleDbAtMigration(facts, installExtensions, upgradeExtensions),
            TimescaleDbInstalled = facts.TimescaleDbInstalledVersion,
            TimescaleDbOwner = facts.TimescaleDbOwner,
            TimescaleDbAvailable = facts.TimescaleDbAvailableVersion,
            Hypertables = facts.Hypertables,
        };
        if (facts.SchemaVersionTableExists)
        {
            return plan;
        }
        if (plan.TimescaleDbAtMigration is not { } met || VersionRange.Compare(met, MultiNodeRemoved) < 0)
        {
            return plan with { Path = FirstInstallPath.PromscaleInstalls };
        }
        var obstacles = Obstacles(facts);
        return plan with
        {
            Path = obstacles.Count == 0 || mode == FirstInstallMode.Manual ? FirstInstallPath.PlainSchemaThenTimescaleDb : FirstInstallPath.Impossible,
            Obstacles = obstacles,
        };
    }

    /// <summary>
    /// What Promscale 0.10.0's migration meets: it creates or updates TimescaleDB before migrating when install-extensions
    /// is on (docs/promscale.md §10.1, start-up order), and ALTER EXTENSION … UPDATE only with upgrade-extensions too.
    /// </summary>
    private static string? TimescaleDbAtMigration(ServerFacts facts, bool install, bool upgrade)
    {
        var installed = facts.TimescaleDbInstalledVersion;
        var available = facts.TimescaleDbAvailableVersion;
        if (installed is not null)
        {
            return install && upgrade && available is not null && VersionRange.Compare(available, installed) > 0 ? available : installed;
        }
        return install ? available : null;
    }

    private static List<FirstInstallObstacle> Obstacles(ServerFacts facts)
    {
        var obstacles = new List<FirstInstallObstacle>();
        if (facts.TimescaleDbInstalledVersion is not null)
        {
            if (!facts.IsSuperuser && facts.TimescaleDbOwner != facts.CurrentUser)
            {
                obstacles.Add(FirstInstallObstacle.NotOwner);
            }
            if (facts.Hypertables is null)
            {
                obstacles.Add(FirstInstallObstacle.HypertablesUnknown);
            }
            else if (facts.Hypertables > 0)
            {
                obstacles.Add(FirstInstallObstacle.HypertablesPresent);
            }
        }
        if (!facts.TimescaleDbPreloaded)
        {
            obstacles.Add(FirstInstallObstacle.NotPreloaded);
        }
        if (!facts.IsSuperuser && !facts.CanCreateRole)
        {
            obstacles.Add(FirstInstallObstacle.NoCreateRole);
        }
        if (!facts.IsSuperuser && !facts.CanCreateInDatabase)
        {
            obstacles.Add(FirstInstallObstacle.NoCreatePrivilege);
        }
        return obstacles;
    }
}
