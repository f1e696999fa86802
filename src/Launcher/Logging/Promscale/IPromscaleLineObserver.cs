namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Sees every line the pumps forward, after it was written to the log. Called synchronously on the pump's
/// thread, by the stdout and the stderr pump concurrently: keep it fast and thread-safe, and do not throw
/// (an exception ends the pump, and a child whose pipe is no longer read blocks).
/// </summary>
internal interface IPromscaleLineObserver
{
    public void OnLine(PromscaleLogLine line);
}
