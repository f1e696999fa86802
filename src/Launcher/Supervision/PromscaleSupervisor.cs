using CliWrap;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Hosting;
using PromscaleLauncher.Logging.Formatting;
using PromscaleLauncher.Logging.Promscale;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Runs Promscale as a child and stays with it: forwards its output as structured events, reports readiness,
/// stops it the way its version allows on SIGTERM/SIGINT (then SIGKILL after PROMSCALE_LAUNCHER_STOP_TIMEOUT),
/// reaps what it leaves behind, and turns how it ended into the launcher's exit code (docs/shutdown.md).
/// </summary>
internal sealed class PromscaleSupervisor(
    LauncherSettings settings,
    PromscaleBinary binary,
    IReadOnlyDictionary<string, string?> childEnvironment,
    ShutdownSignals signals,
    LauncherStartTime launcherStarted,
    TimeProvider timeProvider,
    ILogger logger,
    Serilog.ILogger promscaleLogger,
    ILogOutputBatching logOutput,
    string? appName)
{
    private int _pid;
    private long _startedAt;
    private volatile bool _ready;

    public async Task<int> RunAsync()
    {
        var redactor = new SecretRedactor(settings.Secrets);
        var watcher = new PromscaleLineWatcher(new PromscaleFailureDiagnoses(settings, appName), logger);
        var stdout = new PromscaleOutputPump(PromscaleOutputStream.Stdout, redactor, promscaleLogger, watcher, timeProvider, logOutput);
        var stderr = new PromscaleOutputPump(PromscaleOutputStream.Stderr, redactor, promscaleLogger, watcher, timeProvider, logOutput);
        var configFile = Path.Combine(Environment.CurrentDirectory, "config.yml");
        if (File.Exists(configFile) && !childEnvironment.ContainsKey("PROMSCALE_CONFIG"))
        {
            LauncherLog.StrayConfigFile(logger, configFile);
        }

        using var reaper = new OrphanReaper(logger, () => _pid == 0 ? null : _pid);
        var command = CliWrap.Cli.Wrap(binary.Path)
            .WithEnvironmentVariables(variables =>
            {
                foreach (var (name, value) in childEnvironment)
                {
                    variables.Set(name, value);
                }
            })
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.Create((stream, ct) => stdout.PumpAsync(stream, ct)))
            .WithStandardErrorPipe(PipeTarget.Create((stream, ct) => stderr.PumpAsync(stream, ct)));

        _startedAt = timeProvider.GetTimestamp();
        var execution = command.ExecuteAsync();
        _pid = execution.ProcessId;
        LauncherLog.PromscaleStarted(logger, settings.PromscaleVersion.ToString(), binary.Path, _pid, settings.Port);
        signals.OtherSignal += OnOtherSignal;
        using var readinessStop = new CancellationTokenSource();
        var readiness = WatchReadinessAsync(watcher, readinessStop.Token);
        try
        {
            var stopRequested = Task.Delay(Timeout.Infinite, signals.StopRequested);
            if (await Task.WhenAny(execution.Task, stopRequested) == execution.Task)
            {
                var result = await execution;
                var uptime = (long)timeProvider.GetElapsedTime(_startedAt).TotalMilliseconds;
                LauncherLog.PromscaleExited(logger, result.ExitCode, ExitMeaning(result.ExitCode), uptime, watcher.LastProblem);
                return result.ExitCode;
            }
            return await StopAsync(execution);
        }
        finally
        {
            signals.OtherSignal -= OnOtherSignal;
            await readinessStop.CancelAsync();
            await readiness;
            reaper.KillLeftovers(TimeSpan.FromSeconds(2));
        }
    }

    private async Task<int> StopAsync(CommandTask<CommandResult> execution)
    {
        var version = settings.PromscaleVersion;
        var signal = StopPolicy.GracefulSignal(version);
        var signalName = SignalNames.Of(signal);
        var grace = settings.StopTimeout;
        LauncherLog.StoppingPromscale(logger, signals.ReceivedSignalName, _pid, signalName, (int)grace.TotalSeconds, StopPolicy.Explanation(version, _ready));
        var stopStarted = timeProvider.GetTimestamp();
        _ = NativeMethods.Kill(_pid, signal);

        using var graceOver = new CancellationTokenSource(grace, timeProvider);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(graceOver.Token, signals.ForceRequested);
        var gaveUp = Task.Delay(Timeout.Infinite, giveUp.Token);
        if (await Task.WhenAny(execution.Task, gaveUp) != execution.Task)
        {
            if (signals.ForceRequested.IsCancellationRequested)
            {
                LauncherLog.SecondSignal(logger, signals.ReceivedSignalName, _pid);
            }
            else
            {
                LauncherLog.KillingPromscale(logger, _pid, (long)timeProvider.GetElapsedTime(stopStarted).TotalMilliseconds);
            }
            _ = NativeMethods.Kill(_pid, SignalNames.SigKill);
            await execution;
            var killedMs = (long)timeProvider.GetElapsedTime(stopStarted).TotalMilliseconds;
            LauncherLog.PromscaleStopped(logger, killedMs, signalName, "killed with SIGKILL", ExitCodes.FromSignal(SignalNames.SigKill));
            return ExitCodes.FromSignal(SignalNames.SigKill);
        }

        var result = await execution;
        var stopMs = (long)timeProvider.GetElapsedTime(stopStarted).TotalMilliseconds;
        // The launcher asked for this stop: exiting 0 or dying of the signal it sent are both a clean stop.
        var clean = result.ExitCode == 0 || result.ExitCode == ExitCodes.FromSignal(signal);
        var exitCode = clean ? ExitCodes.Success : result.ExitCode;
        LauncherLog.PromscaleStopped(logger, stopMs, signalName,
            result.ExitCode == 0 ? "graceful shutdown, exit 0" : clean ? $"ended by {signalName} as expected" : $"exit code {result.ExitCode}", exitCode);
        return exitCode;
    }

    private async Task WatchReadinessAsync(PromscaleLineWatcher watcher, CancellationToken cancellationToken)
    {
        using var probe = new PromscaleReadinessProbe(settings.Port, settings.WebAuthUsername, settings.WebAuthPassword, timeProvider);
        var sinceLauncherStart = timeProvider.GetElapsedTime(launcherStarted.Timestamp);
        var windowLeft = settings.BootWindow - sinceLauncherStart;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(windowLeft > TimeSpan.Zero ? windowLeft : TimeSpan.Zero);
        try
        {
            await probe.WaitUntilReadyAsync(window.Token);
            OnReady();
            return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LauncherLog.PromscaleNotReady(logger, (int)timeProvider.GetElapsedTime(launcherStarted.Timestamp).TotalSeconds, probe.LastResult, watcher.LastProblem);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // Past the window, keep waiting: a first start that migrates a large schema may still succeed.
        try
        {
            await probe.WaitUntilReadyAsync(cancellationToken);
            OnReady();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnReady()
    {
        _ready = true;
        LauncherLog.PromscaleReady(logger, settings.Port, (long)timeProvider.GetElapsedTime(_startedAt).TotalMilliseconds,
            (long)timeProvider.GetElapsedTime(launcherStarted.Timestamp).TotalMilliseconds);
        // Start-up is over: from here on the launcher only forwards lines and waits for signals.
        StartupMemoryRelease.Run();
    }

    private void OnOtherSignal(int signal)
    {
        var name = SignalNames.Of(signal);
        switch (signal)
        {
            case SignalNames.SigHup when StopPolicy.ForwardsHangup(settings.PromscaleVersion):
                _ = NativeMethods.Kill(_pid, signal);
                LauncherLog.SignalForwarded(logger, name, _pid, "Promscale 0.12+ reloads its rules");
                break;
            case SignalNames.SigHup:
                LauncherLog.SignalNotForwarded(logger, name, $"Promscale {settings.PromscaleVersion} would die of it (it reloads rules only from 0.12 on)");
                break;
            default:
                // Go programs die of SIGUSR1/SIGUSR2; Scalingo's send-signal gets a status line instead.
                LauncherLog.Status(logger, settings.PromscaleVersion.ToString(), _pid, (long)timeProvider.GetElapsedTime(_startedAt).TotalSeconds, _ready);
                break;
        }
    }

    private static string ExitMeaning(int exitCode) => exitCode switch
    {
        0 => "success",
        1 => "Promscale reported an error: see its last lines",
        2 => "Go panic",
        > 128 and < 160 => $"killed by {SignalNames.Of(exitCode - 128)}",
        _ => "unexpected",
    };
}
