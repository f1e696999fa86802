namespace PromscaleLauncher.Supervision;

/// <summary>
/// The watchdog's restart budget: at most <see cref="MaxRestarts"/> restarts in any <see cref="Length"/>. One more means
/// restarting in place does not help (Promscale breaks again at once): the launcher exits and the platform starts a new
/// container instead, which also re-runs the preflight.
/// </summary>
internal sealed class WatchdogRestartWindow(TimeProvider timeProvider)
{
    public const int MaxRestarts = 3;
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(10);

    private readonly Queue<long> _restarts = new();

    /// <summary>Every restart since the launcher started.</summary>
    public int Total { get; private set; }

    /// <summary>Restarts within the last <see cref="Length"/>.</summary>
    public int InWindow
    {
        get
        {
            Forget();
            return _restarts.Count;
        }
    }

    /// <summary>Counts one more restart and returns true, or returns false when it would be one too many in the window.</summary>
    public bool TryRecord()
    {
        Forget();
        if (_restarts.Count >= MaxRestarts)
        {
            return false;
        }
        _restarts.Enqueue(timeProvider.GetTimestamp());
        Total++;
        return true;
    }

    private void Forget()
    {
        while (_restarts.Count > 0 && timeProvider.GetElapsedTime(_restarts.Peek()) >= Length)
        {
            _restarts.Dequeue();
        }
    }
}
