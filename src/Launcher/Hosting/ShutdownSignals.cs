using System.Runtime.InteropServices;

namespace PromscaleLauncher.Hosting;

/// <summary>
/// Catches SIGTERM (Scalingo's stop), SIGINT (Ctrl-C) and SIGQUIT from the very start, before the preflight,
/// so that a stop during the preflight or its retry loop cancels it instead of killing the process.
/// The first signal is remembered: it decides the exit code when nothing was started (128 + N).
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stopRequested = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    public ShutdownSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    public CancellationToken StopRequested => _stopRequested.Token;

    /// <summary>The number of the first signal received (15 for SIGTERM), or 0.</summary>
    public int ReceivedSignal => Volatile.Read(ref _signal);

    public string ReceivedSignalName => SignalNames.Of(ReceivedSignal);

    private void OnSignal(PosixSignalContext context)
    {
        // The launcher decides how to stop; the runtime must not terminate the process by itself.
        context.Cancel = true;
        Interlocked.CompareExchange(ref _signal, SignalNames.Number(context.Signal), 0);
        _stopRequested.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stopRequested.Dispose();
    }
}
