using System.Globalization;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>What /proc says about a running process: CPU time, peak and current memory.</summary>
internal static class ProcFs
{
    // USER_HZ: /proc/PID/stat counts CPU time in 1/100 s on Linux x86-64.
    private const long NanosecondsPerTick = 10_000_000;

    /// <summary>User + system CPU time of all the process's threads, dead ones included (/proc/PID/stat).</summary>
    public static long CpuNanoseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may hold spaces and parentheses: fields are counted after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * NanosecondsPerTick;
    }

    /// <summary>Peak resident set (VmHWM), in KiB.</summary>
    public static long PeakResidentKiB(int pid) => StatusField(pid, "VmHWM:");

    /// <summary>Rss, Pss and private (Private_Clean + Private_Dirty, the USS) from /proc/PID/smaps_rollup, in KiB.</summary>
    public static (long Rss, long Pss, long Private) MemoryKiB(int pid)
    {
        long rss = 0, pss = 0, privateKiB = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var kib))
            {
                continue;
            }
            switch (parts[0])
            {
                case "Rss:":
                    rss = kib;
                    break;
                case "Pss:":
                    pss = kib;
                    break;
                case "Private_Clean:" or "Private_Dirty:":
                    privateKiB += kib;
                    break;
                default:
                    break;
            }
        }
        return (rss, pss, privateKiB);
    }

    public static int ThreadCount(int pid) => (int)StatusField(pid, "Threads:");

    private static long StatusField(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(name.Length).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no {name}");
    }
}
