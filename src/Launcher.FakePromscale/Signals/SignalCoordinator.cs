using System.Runtime.InteropServices;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Signals;

/// <summary>
/// Promscale's signal behaviour (docs/promscale.md §6.1): nothing is handled until serving starts (Go's default:
/// die by the signal); then 0.17 turns SIGINT into a graceful stop and SIGHUP into a rules reload (0.10 never handles one).
/// SIGTERM always kills. Registered first thing in <c>Main</c> so .NET's own SIGTERM/SIGINT handling never runs.
/// </summary>
internal sealed class SignalCoordinator : IDisposable
{
    private readonly PromscaleVersion _version;
    private readonly bool _ignoreAll;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TaskCompletionSource _interrupted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _sigintIgnoredAtStart;
    private readonly bool _sighupIgnoredAtStart;
    private volatile bool _serving;
    private volatile Action? _onReload;

    public SignalCoordinator(PromscaleVersion version, bool ignoreAll)
    {
        _version = version;
        _ignoreAll = ignoreAll;

        // Go keeps an inherited SIG_IGN for SIGHUP and SIGINT until signal.Notify asks for them, and installs its
        // own (deadly) handler for SIGTERM regardless. .NET would not hook an ignored signal at all, so restore
        // the defaults first and remember what was ignored (e.g. SIGINT in a shell's background job).
        _sigintIgnoredAtStart = NativeMethods.signal(ProcessSignals.SigInt, NativeMethods.DefaultDisposition) == NativeMethods.IgnoreDisposition;
        _sighupIgnoredAtStart = NativeMethods.signal(ProcessSignals.SigHup, NativeMethods.DefaultDisposition) == NativeMethods.IgnoreDisposition;
        NativeMethods.signal(ProcessSignals.SigTerm, NativeMethods.DefaultDisposition);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle),
        ];
    }

    /// <summary>Completes when a handled SIGINT asks for the graceful stop.</summary>
    public Task Interrupted => _interrupted.Task;

    /// <summary>The equivalent of <c>signal.Notify(c, SIGINT, SIGHUP)</c> at the end of <c>Run</c>.</summary>
    public void StartHandling(Action onReload)
    {
        _onReload = onReload;
        _serving = true;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (_ignoreAll)
        {
            return;
        }

        switch (context.Signal)
        {
            case PosixSignal.SIGINT when _serving && !_version.IsLegacy:
                _interrupted.TrySetResult();
                break;
            case PosixSignal.SIGHUP when _serving && !_version.IsLegacy:
                _onReload?.Invoke();
                break;
            case PosixSignal.SIGINT when _sigintIgnoredAtStart:
            case PosixSignal.SIGHUP when _sighupIgnoredAtStart:
                break;
            case PosixSignal.SIGINT:
                ProcessSignals.DieBy(ProcessSignals.SigInt);
                break;
            case PosixSignal.SIGHUP:
                ProcessSignals.DieBy(ProcessSignals.SigHup);
                break;
            default:
                ProcessSignals.DieBy(ProcessSignals.SigTerm);
                break;
        }
    }
}
