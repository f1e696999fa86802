using Serilog.Events;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Keeps the last lines at or above a level (default: warnings and errors, which include Go panics) for a
/// crash report. Informational lines are not kept: a goroutine dump would push the <c>panic:</c> line out.
/// Thread-safe: both pumps report to it.
/// </summary>
internal sealed class RecentPromscaleLines : IPromscaleLineObserver
{
    private readonly Lock _lock = new();
    private readonly Queue<PromscaleLogLine> _lines;
    private readonly int _capacity;
    private readonly LogEventLevel _minimumLevel;

    public RecentPromscaleLines(int capacity = 50, LogEventLevel minimumLevel = LogEventLevel.Warning)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _minimumLevel = minimumLevel;
        _lines = new Queue<PromscaleLogLine>(capacity);
    }

    public void OnLine(PromscaleLogLine line)
    {
        if (line.Level < _minimumLevel)
        {
            return;
        }

        lock (_lock)
        {
            if (_lines.Count == _capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<PromscaleLogLine> Snapshot()
    {
        lock (_lock)
        {
            return [.. _lines];
        }
    }
}
