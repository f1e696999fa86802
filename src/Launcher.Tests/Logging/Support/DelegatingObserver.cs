using PromscaleLauncher.Logging.Promscale;

namespace PromscaleLauncher.Tests.Logging.Support;

internal sealed class DelegatingObserver(Action<PromscaleLogLine> onLine) : IPromscaleLineObserver
{
    public void OnLine(PromscaleLogLine line) => onLine(line);
}
