using Microsoft.Extensions.Logging;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Export;

/// <summary>
/// A progress event every few seconds on stderr: the operator sees the rate and the ETA, and a `scalingo run` one-off
/// (killed after an hour without output) stays alive through a long export.
/// </summary>
internal sealed class ExportProgressReporter(ExportCounters counters, TimeProvider timeProvider, ILogger logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Report(timeProvider.GetElapsedTime(started));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Report(TimeSpan elapsed)
    {
        var samples = counters.Samples;
        var done = counters.WindowsDone;
        var rate = elapsed.TotalSeconds > 0 ? (long)(samples / elapsed.TotalSeconds) : 0;
        var eta = done == 0 ? "unknown" : ExportTimeParser.Format(TimeSpan.FromSeconds(Math.Ceiling(elapsed.TotalSeconds / done * (counters.WindowsTotal - done))));
        LauncherLog.ExportProgress(logger, samples, rate, done, counters.WindowsTotal, eta);
    }
}
