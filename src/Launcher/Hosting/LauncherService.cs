using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Hosting;

/// <summary>
/// The launcher's main job: the preflight, then Promscale. Sets the exit code and stops the host when done.
/// </summary>
internal sealed class LauncherService(
    LauncherSettings settings,
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
            LauncherLog.InternalError(logger, exception.GetType().Name, exception);
            exitCode.ExitCode = ExitCodes.InternalError;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task<int> RunAsync()
    {
        var started = timeProvider.GetTimestamp();
        var preflight = new Preflight(settings, timeProvider, logger, Environment.GetEnvironmentVariable("APP"));
        var report = await preflight.RunAsync(signals.StopRequested);
        PreflightLogger.Log(logger, report.Checks);
        var elapsed = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        if (!report.CanStart)
        {
            LauncherLog.PreflightFailed(logger, elapsed, report.Count(CheckStatus.Fail), settings.PromscaleVersion.ToString(), report.ExitCode);
            return report.ExitCode;
        }
        LauncherLog.PreflightPassed(logger, elapsed, settings.PromscaleVersion.ToString());
        LauncherLog.SupervisionNotAvailable(logger);
        return ExitCodes.Success;
    }
}
