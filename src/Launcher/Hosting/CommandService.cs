using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Signals;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Hosting;

/// <summary>
/// Runs the command as the host's one service and stops the host when it is done. The command's result, a
/// signal's 128 + N, or 70 for a bug is the process's exit code: <see cref="ExitCode"/> is its only way out.
/// </summary>
internal sealed class CommandService(
    ILauncherCommand command,
    SignalLifetime signals,
    StartupEnvironment environment,
    IHostApplicationLifetime application,
    ILogger<CommandService> logger) : BackgroundService
{
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<int> ExitCode => _exitCode.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _exitCode.SetResult(await command.RunAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before Promscale ran (the supervisor turns a stop while Promscale runs into its own exit code).
            LauncherLog.PreflightCancelled(logger, signals.ReceivedSignalName);
            _exitCode.SetResult(ExitCodes.FromSignal(signals.ReceivedSignal));
        }
        catch (Exception exception)
        {
            InternalErrorReport.Log(logger, exception, environment.Secrets);
            _exitCode.SetResult(ExitCodes.InternalError);
        }
        finally
        {
            application.StopApplication();
        }
    }
}
