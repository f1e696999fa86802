namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>spawn-timer's report: CLOCK_MONOTONIC ns at the spawn and at the end of the wait, the exit status as a shell shows it, the CPU time of the command and its children.</summary>
internal sealed record SpawnReport(long Spawned, long Exited, int Status, long CpuNanoseconds, long MaxResidentKiB);
