using System.Globalization;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// The events probe.c appends to its file ($BENCH_PROBE_OUT): "version", "start", "bound", "term", each with its
/// CLOCK_MONOTONIC time in ns and the probe's pid.
/// </summary>
internal sealed class ProbeLog(string path)
{
    public string Path { get; } = path;

    public long? Time(string name) => Find(name)?.Nanoseconds;

    public int? Pid(string name) => Find(name)?.Pid;

    /// <summary>Polls the file until the event is there (every 2 ms), or the timeout passes.</summary>
    public async Task<long?> WaitForAsync(string name, TimeSpan timeout)
    {
        var deadline = MonotonicClock.NowNanoseconds() + (long)timeout.TotalMilliseconds * 1_000_000;
        while (true)
        {
            if (Time(name) is { } time)
            {
                return time;
            }
            if (MonotonicClock.NowNanoseconds() > deadline)
            {
                return null;
            }
            await Task.Delay(2);
        }
    }

    private (long Nanoseconds, int Pid)? Find(string name)
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        foreach (var line in File.ReadLines(Path))
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == name)
            {
                return (long.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }
        return null;
    }
}
