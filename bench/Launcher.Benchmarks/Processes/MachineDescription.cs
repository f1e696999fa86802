using System.Runtime.InteropServices;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>The machine a run measured, written next to its numbers.</summary>
internal sealed record MachineDescription(string Cpu, int Cores, string Kernel, string MemoryTotal, string LoadBefore, string Runtime)
{
    public static MachineDescription Read()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        return new MachineDescription(cpu, Environment.ProcessorCount, File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), memory,
            CurrentLoadAverage(), RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    public static string CurrentLoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
