using PromscaleLauncher.Logging.Promscale;

namespace PromscaleLauncher.Tests.Logging.Support;

internal sealed class CollectingObserver : IPromscaleLineObserver
{
    private readonly Lock _lock = new();
    private readonly List<PromscaleLogLine> _lines = [];

    public IReadOnlyList<PromscaleLogLine> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void OnLine(PromscaleLogLine line)
    {
        lock (_lock)
        {
            _lines.Add(line);
        }
    }
}
