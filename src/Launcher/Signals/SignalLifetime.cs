using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Signals;

/// <summary>
/// The host's lifetime: where SIGTERM (Scalingo's stop), SIGINT (Ctrl-C) and SIGQUIT are handled. It replaces the
/// host's ConsoleLifetime, which would stop the host on its own schedule, and is created first thing in Main, before
/// the host exists, so that no signal ever takes the runtime's default action (docs/shutdown.md).
/// The first stop signal stops the application: the running command sees its stopping token cancelled (the
/// preflight gives up; supervision stops Promscale the way its version allows) and the host waits for it. A second
/// stop signal forces the stop. SIGHUP, SIGUSR1 and SIGUSR2 (all that `scalingo send-signal` can send) go to
/// whoever listens (the supervisor), else are logged as ignored.
/// </summary>
internal sealed class SignalLifetime : IHostLifetime, IDisposable
{
    private readonly CancellationTokenSource _stopRequested = new();
    private readonly CancellationTokenSource _forceRequested = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;
    private volatile ILogger? _logger;

    public SignalLifetime()
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnStopSignal));
        }
        // Raw Linux numbers are accepted for signals PosixSignal does not name.
        foreach (var signal in new[] { PosixSignal.SIGHUP, (PosixSignal)SignalNames.SigUsr1, (PosixSignal)SignalNames.SigUsr2 })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnOtherSignal));
        }
    }

    /// <summary>Cancelled by the first stop signal, even before the host exists.</summary>
    public CancellationToken StopRequested => _stopRequested.Token;

    /// <summary>Cancelled by a second stop signal: the operator insists.</summary>
    public CancellationToken ForceRequested => _forceRequested.Token;

    /// <summary>The number of the first stop signal received (15 for SIGTERM), or 0.</summary>
    public int ReceivedSignal => Volatile.Read(ref _signal);

    public string ReceivedSignalName => SignalNames.Of(ReceivedSignal);

    /// <summary>SIGHUP, SIGUSR1 or SIGUSR2 arrived (the Linux signal number).</summary>
    public event Action<int>? OtherSignal;

    /// <summary>Where SIGHUP/SIGUSR1/SIGUSR2 are logged while nobody handles them (set once logging exists).</summary>
    public void LogUnhandledSignalsTo(ILogger logger) => _logger = logger;

    /// <summary>
    /// Ties the first stop signal to the host's own stop, once the host has started (a host asked to stop while
    /// starting throws instead): a signal that came earlier stops it as soon as it has started.
    /// </summary>
    public void StopApplicationOnSignal(IHostApplicationLifetime application) =>
        application.ApplicationStarted.Register(() => _stopRequested.Token.Register(application.StopApplication));

    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The host stops only once the command has finished (its own stop sequence is bounded): nothing to wait for.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnStopSignal(PosixSignalContext context)
    {
        // The launcher decides how to stop; the runtime must not terminate the process by itself.
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _signal, SignalNames.Number(context.Signal), 0) != 0)
        {
            _forceRequested.Cancel();
        }
        _stopRequested.Cancel();
    }

    private void OnOtherSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var signal = SignalNames.Number(context.Signal);
        if (OtherSignal is { } handler)
        {
            handler(signal);
        }
        else if (_logger is { } logger)
        {
            // No Promscale to forward to or report on (the preflight, or after it exited): say so rather than nothing.
            LauncherLog.SignalIgnoredWithoutPromscale(logger, SignalNames.Of(signal));
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stopRequested.Dispose();
        _forceRequested.Dispose();
    }
}
