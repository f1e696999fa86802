using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Identity;
using PromscaleLauncher.Launch;
using PromscaleLauncher.Signals;
using PromscaleLauncher.Supervision;

namespace PromscaleLauncher.FirstInstall;

/// <summary>
/// Promscale run once to install its schema and exit, through the same environment and supervisor as the normal start:
/// PROMSCALE_MIGRATE=only (the 0.10 flag -migrate=only, by environment like every setting: docs/promscale.md §1.2) migrates,
/// logs "Migration successful, exiting" and exits 0 before the dependency checks; extensions off, so TimescaleDB is not
/// created before the schema (docs/promscale.md §10.1).
/// </summary>
internal sealed class MigrationRun(
    LauncherSettings settings,
    PromscaleBinary binary,
    LaunchPlan plan,
    StartupEnvironment environment,
    SignalLifetime signals,
    LauncherStartTime startTime,
    TimeProvider timeProvider,
    ILogger logger,
    Serilog.ILogger promscaleLogger)
{
    /// <summary>PROMSCALE_ + the 0.10 flag name `migrate` (true, false, only).</summary>
    public const string MigrateVariable = "PROMSCALE_MIGRATE";

    public sealed record Outcome(int ExitCode, string LastProblem);

    public async Task<Outcome> RunAsync(CancellationToken stopping)
    {
        var withoutExtensions = plan with { InstallExtensions = false, UpgradeExtensions = false };
        var child = new Dictionary<string, string?>(PromscaleEnvironment.Build(environment.Variables, settings, withoutExtensions, out _), StringComparer.Ordinal)
        {
            [MigrateVariable] = "only",
        };
        var supervisor = new PromscaleSupervisor(settings, binary, child, signals, startTime, timeProvider, logger, promscaleLogger, environment.App,
            PromscaleRunPurpose.MigrateOnly);
        var exitCode = await supervisor.RunAsync(stopping);
        return new Outcome(exitCode, supervisor.LastProblem);
    }
}
