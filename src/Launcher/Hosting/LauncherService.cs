using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Supervision;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Hosting;

/// <summary>
/// The launcher's main job: the preflight's outcome (started before the host, <see cref="PreflightRun"/>), then Promscale. Sets the exit code and stops the host when done.
/// </summary>
internal sealed class LauncherService(
    LauncherSettings settings,
    PreflightRun preflight,
    EnvironmentSnapshot environment,
    LauncherStartTime startTime,
    ShutdownSignals signals,
    ExitCodeHolder exitCode,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<LauncherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            exitCode.ExitCode = await RunAsync();
        }
        catch (OperationCanceledException) when (signals.StopRequested.IsCancellationRequested)
        {
            LauncherLog.PreflightCancelled(logger, signals.ReceivedSignalName);
            exitCode.ExitCode = ExitCodes.FromSignal(signals.ReceivedSignal);
        }
        catch (Exception exception)
        {
            InternalErrorReport.Log(logger, exception, settings.Secrets);
            exitCode.ExitCode = ExitCodes.InternalError;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task<int> RunAsync()
    {
        var appName = environment.Variables.GetValueOrDefault("APP");
        var (identity, runSettings, report) = await preflight.CompleteAsync();
        PreflightLogger.Log(logger, identity.Checks);
        PreflightLogger.Log(logger, report.Checks);
        var version = runSettings.PromscaleVersion;
        var elapsed = (long)timeProvider.GetElapsedTime(preflight.StartedAt).TotalMilliseconds;
        if (identity.Binary is not { } binary || identity.Version is null)
        {
            var failure = identity.Checks.First(check => check.Status == CheckStatus.Fail);
            LauncherLog.PreflightFailed(logger, elapsed, report.Count(CheckStatus.Fail) + 1, version.ToString(), failure.ExitCode);
            return failure.ExitCode;
        }
        if (report.Plan is not { } plan || (!report.CanStart && runSettings.PreflightMode == PreflightMode.Enforce))
        {
            LauncherLog.PreflightFailed(logger, elapsed, report.Count(CheckStatus.Fail), version.ToString(), report.ExitCode);
            return report.ExitCode;
        }
        if (report.CanStart)
        {
            LauncherLog.PreflightPassed(logger, elapsed, version.ToString());
        }
        else
        {
            LauncherLog.PreflightOverridden(logger, elapsed, report.Count(CheckStatus.Fail), version.ToString());
        }

        var childEnvironment = PromscaleEnvironment.Build(environment.Variables, runSettings, plan, out var overrides);
        foreach (var name in overrides)
        {
            LauncherLog.OperatorOverridesBudget(logger, name, environment.Variables[name], plan.ConnectionSettings[name]);
        }
        var supervisor = new PromscaleSupervisor(runSettings, binary, childEnvironment, signals, startTime, timeProvider, logger, Serilog.Log.Logger, appName);
        return await supervisor.RunAsync();
    }
}
