using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Hosting;

/// <summary>
/// The launcher's signal handling, registered at the very start (before the preflight) so that no signal
/// ever takes the runtime's default action:
/// SIGTERM (Scalingo's stop), SIGINT (Ctrl-C) and SIGQUIT request a stop — a second one forces it;
/// SIGHUP, SIGUSR1 and SIGUSR2 (all that `scalingo send-signal` can send) are reported to the supervisor.
/// The first stop signal is remembered: it decides the exit code when nothing was started (128 + N).
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stopRequested = new();
    private readonly CancellationTokenSource _forceRequested = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;
    private volatile ILogger? _logger;

    public ShutdownSignals()
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

    public CancellationToken StopRequested => _stopRequested.Token;

    /// <summary>Cancelled by a second stop signal: the operator insists.</summary>
    public CancellationToken ForceRequested => _forceRequested.Token;

    /// <summary>The number of the first stop signal received (15 for SIGTERM), or 0.</summary>
    public int ReceivedSignal => Volatile.Read(ref _signal);

    public string ReceivedSignalName => SignalNames.Of(ReceivedSignal);

    /// <summary>SIGHUP, SIGUSR1 or SIGUSR2 arrived (the Linux signal number).</summary>
    public event Action<int>? OtherSignal;

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
            Logging.Log.SignalIgnoredWithoutPromscale(logger, SignalNames.Of(signal));
        }
    }

    /// <summary>Where SIGHUP/SIGUSR1/SIGUSR2 are logged while no supervisor handles them (set once logging exists).</summary>
    public void LogUnhandledSignalsTo(ILogger logger) => _logger = logger;

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
