using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Promscale;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using Ids = PromscaleLauncher.Diagnostics.DiagnosisIds;

namespace PromscaleLauncher.FirstInstall;

/// <summary>
/// The `schema.first-install` check: which path the next start takes, with the evidence `check --json` carries
/// (path, mode, steps, obstacles) and, when the path cannot be taken, the exact fix.
/// </summary>
internal static class FirstInstallCheck
{
    public static CheckResult From(FirstInstallPlan plan, PromscaleVersion version, string? appName)
    {
        var fixes = new FirstInstallFixes(plan, appName);
        var at = plan.TimescaleDbAtMigration;
        var why = $"Promscale {version}'s first migration fails on TimescaleDB {at} (2.14 removed the multi-node objects it reads, docs/promscale.md §10.1)";
        var steps = string.Join(", ", plan.Steps.Select(StepText));
        var check = plan.Path switch
        {
            FirstInstallPath.ExistingSchema => CheckResult.Ok(Ids.FirstInstall,
                $"Promscale's schema exists (version {plan.SchemaVersion ?? "unknown"}): the next start is a normal start."),
            FirstInstallPath.PromscaleInstalls => CheckResult.Ok(Ids.FirstInstall, at is null
                ? $"No Promscale schema yet: Promscale {version} installs it at its first start, without TimescaleDB (plain tables)."
                : $"No Promscale schema yet: Promscale {version} installs it at its first start, as it does itself (TimescaleDB {at} is older than 2.14)."),
            FirstInstallPath.PlainSchemaThenTimescaleDb when plan.Mode == FirstInstallMode.Auto => CheckResult.Warn(Ids.FirstInstall,
                $"First install: plain schema, then TimescaleDB. {why}, so the next start will {steps}, then start Promscale.",
                $"nothing to do; Promscale's trace tables then stay plain tables (docs/first-install.md). To do it yourself, set {Env.FirstInstall}=manual."),
            FirstInstallPath.PlainSchemaThenTimescaleDb => CheckResult.Fail(Ids.FirstInstall, ExitCodes.DatabaseIncompatible,
                $"First install needed, and {Env.FirstInstall}=manual: the launcher leaves the database alone, and {why}.",
                (plan.Obstacles.Count > 0 ? $"first {fixes.Fixes()}; then " : "") + fixes.ManualSteps()),
            _ => CheckResult.Fail(Ids.FirstInstall, fixes.ExitCode(plan.Obstacles[0]),
                $"First install impossible: {why} unless the schema is installed before TimescaleDB, and that cannot be done here: "
                + string.Join("; ", plan.Obstacles.Select(fixes.Problem)) + ". Nothing was changed.",
                string.Join("; ", plan.Obstacles.Select(fixes.Fix)) + "."),
        };
        check = check
            .With("path", FirstInstallNames.Of(plan.Path))
            .With("mode", plan.Mode == FirstInstallMode.Auto ? "auto" : "manual")
            .With("timescaledb_at_migration", at ?? "none");
        if (plan.Steps.Count > 0)
        {
            check = check.With("steps", string.Join(",", plan.Steps.Select(FirstInstallNames.Of)));
        }
        if (plan.Obstacles.Count > 0)
        {
            check = check.With("obstacles", string.Join(",", plan.Obstacles.Select(FirstInstallNames.Of)));
        }
        return check;

        string StepText(FirstInstallStep step) => step switch
        {
            FirstInstallStep.DropTimescaleDb => $"drop TimescaleDB {plan.TimescaleDbInstalled} (owned by {plan.TimescaleDbOwner}, no hypertable)",
            FirstInstallStep.MigrateSchema => $"run Promscale once with -migrate=only and {Env.InstallExtensions}=false",
            _ => $"CREATE EXTENSION timescaledb ({plan.TimescaleDbAvailable}) as {plan.Role}",
        };
    }
}
