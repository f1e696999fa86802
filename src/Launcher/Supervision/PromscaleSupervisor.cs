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
/// reaps what it leaves behind, and turns how it ended into the launcher's exit code (docs/shutdown.md).
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

    /// <summary>Completes when Promscale first answers /healthz (what the launcher's maintenance waits for).</summary>
    public Task Ready => _readyOnce.Task;
    private PromscaleLineWatcher? _watcher;

    /// <summary>Promscale's last error line, once it ran.</summary>
    public string LastProblem => _watcher?.LastProblem ?? "none logged";

    /// <param name="stopping">The host's stop, cancelled by the first stop signal: stop Promscale.</param>
    public async Task<int> RunAsync(CancellationToken stopping)
    {
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
        signals.OtherSignal += OnOtherSignal;
        using var readinessStop = new CancellationTokenSource();
        var readiness = purpose == PromscaleRunPurpose.Serve ? WatchReadinessAsync(watcher, readinessStop.Token) : Task.CompletedTask;
        try
        {
            var stopRequested = Task.Delay(Timeout.Infinite, stopping);
            if (await Task.WhenAny(process.Exited, stopRequested) == process.Exited)
            {
                var exitCode = await EndAsync(process, promscaleExited, output, reaper);
                var uptime = (long)timeProvider.GetElapsedTime(_startedAt).TotalMilliseconds;
                if (purpose == PromscaleRunPurpose.Serve)
                {
                    LauncherLog.PromscaleExited(logger, exitCode, ExitMeaning(exitCode), uptime, watcher.LastProblem);
                }
                return exitCode;
            }
            return await StopAsync(process, promscaleExited, output, reaper);
        }
        finally
        {
            signals.OtherSignal -= OnOtherSignal;
            await readinessStop.CancelAsync();
            await readiness;
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

    private async Task<int> StopAsync(PromscaleProcess process, CancellationTokenSource promscaleExited, Task output, OrphanReaper reaper)
    {
        var version = settings.PromscaleVersion;
        var signal = StopPolicy.GracefulSignal(version);
        var signalName = SignalNames.Of(signal);
        var grace = settings.StopTimeout;
        LauncherLog.StoppingPromscale(logger, signals.ReceivedSignalName, _pid, signalName, (int)grace.TotalSeconds, StopPolicy.Explanation(version, _ready));
        var stopStarted = timeProvider.GetTimestamp();
        // The whole group, as a terminal's Ctrl-C would: Promscale and whatever it runs.
        _ = process.Signal(signal, group: true);

        using var graceOver = new CancellationTokenSource(grace, timeProvider);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(graceOver.Token, signals.ForceRequested);
        var gaveUp = Task.Delay(Timeout.Infinite, giveUp.Token);
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
            var killedMs = (long)timeProvider.GetElapsedTime(stopStarted).TotalMilliseconds;
            LauncherLog.PromscaleStopped(logger, killedMs, signalName, "killed with SIGKILL", ExitCodes.FromSignal(SignalNames.SigKill));
            return ExitCodes.FromSignal(SignalNames.SigKill);
        }

        var promscaleExit = await EndAsync(process, promscaleExited, output, reaper);
        var stopMs = (long)timeProvider.GetElapsedTime(stopStarted).TotalMilliseconds;
        // The launcher asked for this stop: exiting 0 or dying of the signal it sent are both a clean stop.
        var clean = promscaleExit == 0 || promscaleExit == ExitCodes.FromSignal(signal);
        var exitCode = clean ? ExitCodes.Success : promscaleExit;
        LauncherLog.PromscaleStopped(logger, stopMs, signalName,
            promscaleExit == 0 ? "graceful shutdown, exit 0" : clean ? $"ended by {signalName} as expected" : $"exit code {promscaleExit}", exitCode);
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
        _readyOnce.TrySetResult();
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
                _ = _process?.Signal(signal, group: false);
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

    public static string ExitMeaning(int exitCode) => exitCode switch
    {
        0 => "success",
        1 => "Promscale reported an error: see its last lines",
        2 => "Go panic",
        > 128 and < 160 => $"killed by {SignalNames.Of(exitCode - 128)}",
        _ => "unexpected",
    };
}
