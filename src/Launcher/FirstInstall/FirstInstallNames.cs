namespace PromscaleLauncher.FirstInstall;

/// <summary>The stable names of paths, steps and obstacles, as `check --json` evidence and log properties carry them.</summary>
internal static class FirstInstallNames
{
    public static string Of(FirstInstallPath path) => path switch
    {
        FirstInstallPath.ExistingSchema => "existing-schema",
        FirstInstallPath.PromscaleInstalls => "fresh-install",
        FirstInstallPath.PlainSchemaThenTimescaleDb => "first-install",
        _ => "impossible",
    };

    public static string Of(FirstInstallStep step) => step switch
    {
        FirstInstallStep.DropTimescaleDb => "drop-timescaledb",
        FirstInstallStep.MigrateSchema => "migrate-schema",
        _ => "create-timescaledb",
    };

    public static string Of(FirstInstallObstacle obstacle) => obstacle switch
    {
        FirstInstallObstacle.NotOwner => "not-owner",
        FirstInstallObstacle.HypertablesPresent => "hypertables-present",
        FirstInstallObstacle.HypertablesUnknown => "hypertables-unknown",
        FirstInstallObstacle.NotPreloaded => "not-preloaded",
        FirstInstallObstacle.NoCreateRole => "no-createrole",
        _ => "no-create-privilege",
    };
}
