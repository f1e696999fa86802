using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.FirstInstall;
using PromscaleLauncher.Hosting;
using PromscaleLauncher.Launch;
using PromscaleLauncher.Maintenance;
using PromscaleLauncher.Preflight;
using PromscaleLauncher.Reporting;
using PromscaleLauncher.Signals;
using PromscaleLauncher.Supervision;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Commands;

/// <summary>
/// `promscale-launcher` with no command, the Procfile `web` process: settings → preflight (which Promscale ‖ what
/// the server says → one report) → launch plan → supervise Promscale → its exit code. `check` stops after the report.
/// </summary>
internal sealed class RunCommand(
    StartupEnvironment environment,
    PreflightPipeline preflight,
    SignalLifetime signals,
    LauncherStartTime startTime,
    TimeProvider timeProvider,
    Serilog.ILogger promscaleLogger,
    ILogger<RunCommand> logger) : ILauncherCommand
{
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        // 1. Settings.
        var configuration = SettingsReader.Read(environment.Variables);
        LauncherLog.Starting(logger, LauncherCommandLine.Version, configuration.RequestedVersion.ToString());
        PreflightLog.Configuration(logger, configuration);
        if (!configuration.IsValid || configuration.Settings is not { } requested)
        {
            return ExitCodes.Configuration;
        }

        // 2. Preflight: which Promscale ‖ what the server says → one report of every check, and the launch plan.
        var (settings, identity, report, elapsed) = await preflight.RunAsync(requested, stopping);
        PreflightLog.Checks(logger, report.Checks);
        var version = settings.PromscaleVersion.ToString();
        var elapsedMs = (long)elapsed.TotalMilliseconds;
        if (report.Plan is not { } plan || identity.Binary is not { } binary || (!report.CanStart && settings.PreflightMode == PreflightMode.Enforce))
        {
            LauncherLog.PreflightFailed(logger, elapsedMs, report.Count(Diagnostics.CheckStatus.Fail), version, report.ExitCode);
            return report.ExitCode;
        }
        if (report.CanStart)
        {
            LauncherLog.PreflightPassed(logger, elapsedMs, version);
        }
        else
        {
            LauncherLog.PreflightOverridden(logger, elapsedMs, report.Count(Diagnostics.CheckStatus.Fail), version);
        }

        // 2b. First install (docs/first-install.md): on TimescaleDB ≥ 2.14, Promscale 0.10.0's schema goes in before TimescaleDB.
        if (report.FirstInstall is { LauncherInstalls: true } firstInstall)
        {
            var migration = new MigrationRun(settings, binary, plan, environment, signals, startTime, timeProvider, logger, promscaleLogger);
            var stage = new FirstInstallStage(settings, migration, signals, environment.App, timeProvider, logger);
            if (await stage.RunAsync(firstInstall, plan.InstallExtensions, plan.UpgradeExtensions, stopping) is { } exitCode)
            {
                return exitCode;
            }
        }

        // 3. Launch plan → Promscale's environment (its whole configuration: never its command line).
        var promscaleEnvironment = PromscaleEnvironment.Build(environment.Variables, settings, plan, out var overrides);
        foreach (var name in overrides)
        {
            LauncherLog.OperatorOverridesBudget(logger, name, environment.Variables[name], plan.ConnectionSettings[name]);
        }

        // 4. Supervise until Promscale ends or a stop signal has stopped it: its exit code is the launcher's.
        //    Beside it, once Promscale is ready, the maintenance loop (retention); a stop cancels its query at once.
        var supervisor = new PromscaleSupervisor(settings, binary, promscaleEnvironment, signals, startTime, timeProvider, logger, promscaleLogger, environment.App);
        using var maintenanceStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var maintenance = new MaintenanceLoop(settings, timeProvider, logger)
            .RunAsync(supervisor.Ready, () => stopping.IsCancellationRequested ? signals.ReceivedSignalName : "Promscale exited", maintenanceStop.Token);
        var promscaleExit = await supervisor.RunAsync(stopping);
        await maintenanceStop.CancelAsync();
        await maintenance;
        return promscaleExit;
    }
}
