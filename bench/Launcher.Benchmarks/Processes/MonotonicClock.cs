using System.Diagnostics;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// CLOCK_MONOTONIC in nanoseconds, the clock of probe.c and spawn-timer.c: on Linux, Stopwatch reads it with a
/// frequency of 1 GHz, so the harness's own timestamps compare directly with theirs (checked at start-up).
/// </summary>
internal static class MonotonicClock
{
    public static long NowNanoseconds() => Stopwatch.GetTimestamp();

    public static void EnsureNanoseconds()
    {
        if (Stopwatch.Frequency != 1_000_000_000)
        {
            throw new InvalidOperationException($"Stopwatch frequency {Stopwatch.Frequency}: the harness expects CLOCK_MONOTONIC in ns (Linux).");
        }
    }
}
