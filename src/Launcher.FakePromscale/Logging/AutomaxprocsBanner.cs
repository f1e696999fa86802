using System.Globalization;

namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>
/// The first stderr line of every Promscale run, printed by <c>go.uber.org/automaxprocs</c> in Go's <c>log</c>
/// format (local time, no level) before <c>main</c> runs (docs/promscale.md §4).
/// </summary>
internal static class AutomaxprocsBanner
{
    /// <summary>The GOMAXPROCS value Go would run with: the env var, else the CPU quota, else the CPU count.</summary>
    public static int EffectiveGoMaxProcs()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GOMAXPROCS");
        if (int.TryParse(fromEnvironment, NumberStyles.None, CultureInfo.InvariantCulture, out var configured) && configured > 0)
        {
            return configured;
        }

        return CpuQuota() ?? Environment.ProcessorCount;
    }

    public static string Line(DateTimeOffset now)
    {
        var stamp = now.ToLocalTime().ToString("yyyy'/'MM'/'dd HH:mm:ss", CultureInfo.InvariantCulture);
        var fromEnvironment = Environment.GetEnvironmentVariable("GOMAXPROCS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return $"{stamp} maxprocs: Honoring GOMAXPROCS=\"{fromEnvironment}\" as set in environment\n";
        }

        var quota = CpuQuota();
        return quota is { } procs
            ? $"{stamp} maxprocs: Updating GOMAXPROCS={procs}: determined from CPU quota\n"
            : $"{stamp} maxprocs: Leaving GOMAXPROCS={Environment.ProcessorCount}: CPU quota undefined\n";
    }

    private static int? CpuQuota()
    {
        try
        {
            // cgroup v2: "max 100000" (no quota) or "200000 100000".
            var parts = File.ReadAllText("/sys/fs/cgroup/cpu.max").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var quota)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var period) && period > 0)
            {
                return (int)Math.Max(1, quota / period);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
