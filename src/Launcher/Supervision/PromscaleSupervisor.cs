using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Identity;
using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Signals;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Runs Promscale as a child and stays with it: forwards its output as structured events, reports readiness,
/// stops it the way its version allows on SIGTERM/SIGINT (then SIGKILL after PROMSCALE_LAUNCHER_STOP_TIMEOUT),
/// reaps what it leaves behind, and turns how it ended into the launcher's exit code (docs/shutdown.md). When serving,
/// its <see cref="PromscaleWatchdog"/> watches each ready Promscale; on its verdict the supervisor stops that Promscale
/// and starts it again in place, or stops it and exits (docs/watchdog.md). One loop iteration is one Promscale lifetime.
/// </summary>
internal sealed class PromscaleSupervisor(
    LauncherSettings settings,
    PromscaleBinary binary,
    IReadOnlyDictionary<string, string?> childEnvironment,
    SignalLifetime signals,
    LauncherStartTime launcherStarted,
    TimeProvider timeProvider,
    ILogger logger,
    Serilog.ILogger promscaleLogger,
    string? appName,
    PromscaleRunPurpose purpose = PromscaleRunPurpose.Serve)
{
    // How long the pumps keep reading after Promscale's exit while something else holds its pipes open.
    private static readonly TimeSpan _drainLimit = TimeSpan.FromSeconds(1);
    // How long what Promscale left behind gets between SIGTERM and SIGKILL.
    private static readonly TimeSpan _leftoverGrace = TimeSpan.FromSeconds(2);
    private PromscaleProcess? _process;
    private int _pid;
    private bool _ended;
    private PromscaleOutputPump? _stdout;
    private PromscaleOutputPump? _stderr;
    private long _startedAt;
    private volatile bool _ready;
    private readonly TaskCompletionSource _readyOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PromscaleWatchdog? _watchdog = purpose == PromscaleRunPurpose.Serve ? new PromscaleWatchdog(settings, timeProvider, logger) : null;
    // The watchdog's restart decision being carried out, until the new Promscale is ready.
    private WatchdogVerdict? _restarting;

    /// <summary>Completes when Promscale first answers /healthz (what the launcher's maintenance waits for).</summary>
    public Task Ready => _readyOnce.Task;
    private PromscaleLineWatcher? _watcher;

    /// <summary>Promscale's last error line, once it ran.</summary>
    public string LastProblem => _watcher?.LastProblem ?? "none logged";

    /// <param name="stopping">The host's stop, cancelled by the first stop signal: stop Promscale.</param>
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        _watchdog?.Announce();
        signals.OtherSignal += OnOtherSignal;
        try
        {
            while (true)
            {
                var (exitCode, verdict) = await RunLifetimeAsync(stopping);
                if (verdict is null or { ExitCode: not null })
                {
                    // Promscale exited on its own, a stop signal stopped it, or the watchdog gave up.
                    return exitCode;
                }
                if (stopping.IsCancellationRequested)
                {
                    // A stop signal while the watchdog restarted Promscale: the stop it was doing stands for the signal's.
                    LauncherLog.StopDuringRestart(logger, signals.ReceivedSignalName, exitCode);
                    return exitCode;
                }
                _restarting = verdict;
            }
        }
        finally
        {
            signals.OtherSignal -= OnOtherSignal;
        }
    }

    // One Promscale process, from its spawn to its reaping. The verdict is set when the watchdog stopped it.
    private async Task<(int ExitCode, WatchdogVerdict? Verdict)> RunLifetimeAsync(CancellationToken stopping)
    {
        _ended = false;
        _ready = false;
        var redactor = new SecretRedactor(settings.Secrets);
        var watcher = _watcher = new PromscaleLineWatcher(new PromscaleFailureDiagnoses(settings, appName), logger);
        var stdout = new PromscaleOutputPump(PromscaleOutputStream.Stdout, redactor, promscaleLogger, watcher, timeProvider);
        var stderr = new PromscaleOutputPump(PromscaleOutputStream.Stderr, redactor, promscaleLogger, watcher, timeProvider);
        (_stdout, _stderr) = (stdout, stderr);
        var configFile = Path.Combine(Environment.CurrentDirectory, "config.yml");
        if (File.Exists(configFile) && !childEnvironment.ContainsKey("PROMSCALE_CONFIG"))
        {
            LauncherLog.StrayConfigFile(logger, configFile);
        }

        // Before the spawn: the kernel marks a process as having a subreaper above it when it is forked (and prctl
        // only propagates that to existing descendants racily), so Promscale must start below a subreaper.
        using var reaper = new OrphanReaper(logger, () => Volatile.Read(ref _pid));
        _startedAt = timeProvider.GetTimestamp();
        using var process = PromscaleProcess.Start(binary.Path, childEnvironment, InheritedSignals.AtStart);
        _process = process;
        Volatile.Write(ref _pid, process.Pid);
        if (purpose == PromscaleRunPurpose.Serve)
        {
            LauncherLog.PromscaleStarted(logger, settings.PromscaleVersion.ToString(), binary.Path, _pid, settings.Port);
        }
        else
        {
            LauncherLog.PromscaleMigrationStarted(logger, settings.PromscaleVersion.ToString(), binary.Path, _pid);
        }
        // The pumps end at end of file, or shortly after Promscale's exit when a process it left behind holds
        // the pipes open: Promscale's exit, not its pipes, decides when supervision ends.
        using var promscaleExited = new CancellationTokenSource();
        var output = Task.WhenAll(
            stdout.PumpAsync(process.StandardOutput, CancellationToken.None, promscaleExited.Token, _drainLimit),
            stderr.PumpAsync(process.StandardError, CancellationToken.None, promscaleExited.Token, _drainLimit));
        using var readinessStop = new CancellationTokenSource();
        var watch = purpose == PromscaleRunPurpose.Serve ? WatchAsync(watcher, readinessStop.Token) : Task.FromResult<WatchdogVerdict?>(null);
        try
        {
            var stopRequested = Task.Delay(Timeout.Infinite, stopping);
            var first = await Task.WhenAny(process.Exited, stopRequested, watch);
            if (first == watch && watch.Result is null)
            {
                // No watchdog (or it is off): Promscale's exit or a stop signal ends this lifetime.
                first = await Task.WhenAny(process.Exited, stopRequested);
            }
            if (first == process.Exited)
            {
                var exitCode = await EndAsync(process, promscaleExited, output, reaper);
                var uptime = (long)timeProvider.GetElapsedTime(_startedAt).TotalMilliseconds;
                if (purpose == PromscaleRunPurpose.Serve)
                {
                    LauncherLog.PromscaleExited(logger, exitCode, ExitMeaning(exitCode), uptime, watcher.LastProblem);
                }
                return (exitCode, null);
            }
            var verdict = first == stopRequested ? null : await watch;
            return (await StopAsync(process, promscaleExited, output, reaper, verdict), verdict);
        }
        finally
        {
            await readinessStop.CancelAsync();
            await watch;
            if (!process.Exited.IsCompleted)
            {
                // Only on a launcher bug: never leave Promscale running behind the launcher.
                _ = process.Signal(SignalNames.SigKill, group: true);
                await process.Exited;
            }
            if (!_ended)
            {
                await EndAsync(process, promscaleExited, output, reaper);
            }
        }
    }

    // Once Promscale has exited: its last lines (what is already in the pipes), then what it left behind in its
    // process group or re-parented to the launcher, and only then reaping it, which frees its pid and group id.
    private async Task<int> EndAsync(PromscaleProcess process, CancellationTokenSource promscaleExited, Task output, OrphanReaper reaper)
    {
        _ended = true;
        await promscaleExited.CancelAsync();
        var exitedAt = timeProvider.GetTimestamp();
        try
        {
            await output.WaitAsync(_drainLimit + _drainLimit, timeProvider, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // A slow log output: the pumps still forward what they read, the launcher does not wait for them.
        }
        if (_stdout!.StoppedBeforeEndOfStream || _stderr!.StoppedBeforeEndOfStream)
        {
            LauncherLog.OutputHeldOpen(logger, (long)timeProvider.GetElapsedTime(exitedAt).TotalMilliseconds);
        }
        reaper.StopLeftovers(signal => process.Signal(signal, group: true), _leftoverGrace);
        return process.Reap();
    }

    // The stop sequence (docs/shutdown.md), for a stop signal (verdict null) or for the watchdog: a restart in place, or
    // its give-up, whose exit code is the launcher's.
    private async Task<int> StopAsync(PromscaleProcess process, CancellationTokenSource promscaleExited, Task output, OrphanReaper reaper, WatchdogVerdict? verdict)
    {
        var version = settings.PromscaleVersion;
        var signal = StopPolicy.GracefulSignal(version);
        var signalName = SignalNames.Of(signal);
        var grace = settings.StopTimeout;
        var why = StopPolicy.Explanation(version, _ready);
        if (verdict is null)
        {
            LauncherLog.StoppingPromscale(logger, signals.ReceivedSignalName, _pid, signalName, (int)grace.TotalSeconds, why);
        }
        else if (verdict.ExitCode is null)
        {
            LauncherLog.RestartingPromscale(logger, _pid, verdict.Restart, verdict.RestartsInWindow, (int)WatchdogRestartWindow.Length.TotalMinutes, verdict.Cause,
                verdict.Failures, verdict.LastHealthCheck, verdict.DatabaseCheck, signalName, (int)grace.TotalSeconds, why);
        }
        var stopStarted = timeProvider.GetTimestamp();
        // The whole group, as a terminal's Ctrl-C would: Promscale and whatever it runs.
        _ = process.Signal(signal, group: true);

        using var graceOver = new CancellationTokenSource(grace, timeProvider);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(graceOver.Token, signals.ForceRequested);
        var gaveUp = Task.Delay(Timeout.Infinite, giveUp.Token);
        int exitCode;
        string how;
        if (await Task.WhenAny(process.Exited, gaveUp) != process.Exited)
        {
            if (signals.ForceRequested.IsCancellationRequested)
            {
                LauncherLog.SecondSignal(logger, signals.ReceivedSignalName, _pid);
            }
            else
            {
                LauncherLog.KillingPromscale(logger, _pid, (long)timeProvider.GetElapsedTime(stopStarted).TotalMilliseconds);
            }
            _ = process.Signal(SignalNames.SigKill, group: true);
            await process.Exited;
            await EndAsync(process, promscaleExited, output, reaper);
            (exitCode, how) = (ExitCodes.FromSignal(SignalNames.SigKill), "killed with SIGKILL");
        }
        else
        {
            var promscaleExit = await EndAsync(process, promscaleExited, output, reaper);
            // The launcher asked for this stop: exiting 0 or dying of the signal it sent are both a clean stop.
            var clean = promscaleExit == 0 || promscaleExit == ExitCodes.FromSignal(signal);
            exitCode = clean ? ExitCodes.Success : promscaleExit;
            how = promscaleExit == 0 ? "graceful shutdown, exit 0" : clean ? $"ended by {signalName} as expected" : $"exit code {promscaleExit}";
        }
        var stopMs = (long)timeProvider.GetElapsedTime(stopStarted).TotalMilliseconds;
        if (verdict is { ExitCode: null })
        {
            LauncherLog.PromscaleStoppedForRestart(logger, stopMs, signalName, how);
            return exitCode;
        }
        exitCode = verdict?.ExitCode ?? exitCode;
        LauncherLog.PromscaleStopped(logger, stopMs, signalName, how, exitCode);
        return exitCode;
    }

    // Readiness, then (when serving with the watchdog on) the watchdog until its verdict. Null: no verdict, either
    // because the watchdog is off or because this lifetime ended first (Promscale's exit or a stop cancel the token).
    private async Task<WatchdogVerdict?> WatchAsync(PromscaleLineWatcher watcher, CancellationToken cancellationToken)
    {
        using var probe = new PromscaleReadinessProbe(settings.Port, settings.WebAuthUsername, settings.WebAuthPassword, timeProvider);
        if (!await WatchReadinessAsync(probe, watcher, cancellationToken) || _watchdog is null || !PromscaleWatchdog.IsOn(settings))
        {
            return null;
        }
        try
        {
            return await _watchdog.WatchAsync(probe, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<bool> WatchReadinessAsync(PromscaleReadinessProbe probe, PromscaleLineWatcher watcher, CancellationToken cancellationToken)
    {
        // The boot window counts from the launcher's start, or from the restart decision for a restarted Promscale.
        var windowStart = _restarting?.DecidedAt ?? launcherStarted.Timestamp;
        var windowLeft = settings.BootWindow - timeProvider.GetElapsedTime(windowStart);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(windowLeft > TimeSpan.Zero ? windowLeft : TimeSpan.Zero);
        try
        {
            await probe.WaitUntilReadyAsync(window.Token);
            OnReady();
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LauncherLog.PromscaleNotReady(logger, (int)timeProvider.GetElapsedTime(launcherStarted.Timestamp).TotalSeconds, probe.LastResult, watcher.LastProblem);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        // Past the window, keep waiting: a first start that migrates a large schema may still succeed.
        try
        {
            await probe.WaitUntilReadyAsync(cancellationToken);
            OnReady();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void OnReady()
    {
        _ready = true;
        _readyOnce.TrySetResult();
        LauncherLog.PromscaleReady(logger, settings.Port, (long)timeProvider.GetElapsedTime(_startedAt).TotalMilliseconds,
            (long)timeProvider.GetElapsedTime(launcherStarted.Timestamp).TotalMilliseconds);
        if (Interlocked.Exchange(ref _restarting, null) is { } restart)
        {
            LauncherLog.PromscaleReadyAgain(logger, restart.Restart, (long)timeProvider.GetElapsedTime(restart.DecidedAt).TotalMilliseconds,
                (long)restart.Detection.TotalMilliseconds);
        }
        // Start-up is over: from here on the launcher only forwards lines and waits for signals.
        StartupMemoryRelease.Run();
    }

    private void OnOtherSignal(int signal)
    {
        var name = SignalNames.Of(signal);
        switch (signal)
        {
            case SignalNames.SigHup when StopPolicy.ForwardsHangup(settings.PromscaleVersion):
                _ = _process?.Signal(signal, group: false);
                LauncherLog.SignalForwarded(logger, name, _pid, "Promscale 0.12+ reloads its rules");
                break;
            case SignalNames.SigHup:
                LauncherLog.SignalNotForwarded(logger, name, $"Promscale {settings.PromscaleVersion} would die of it (it reloads rules only from 0.12 on)");
                break;
            default:
                // Go programs die of SIGUSR1/SIGUSR2; Scalingo's send-signal gets a status line instead.
                LauncherLog.Status(logger, settings.PromscaleVersion.ToString(), _pid, (long)timeProvider.GetElapsedTime(_startedAt).TotalSeconds, _ready,
                    _watchdog?.Restarts ?? 0, _watchdog?.LastCause ?? "none");
                break;
        }
    }

    public static string ExitMeaning(int exitCode) => exitCode switch
    {
        0 => "success",
        1 => "Promscale reported an error: see its last lines",
        2 => "Go panic",
        > 128 and < 160 => $"killed by {SignalNames.Of(exitCode - 128)}",
        _ => "unexpected",
    };
}
