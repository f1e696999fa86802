namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>The names of the measured figures (one table each in docs/benchmarks.md).</summary>
internal static class Figures
{
    public const string ExecToChild = "exec → child running (ms)";
    public const string ExecCpu = "CPU time of a whole exec → child run (ms)";
    public const string LauncherPreflight = "preflight as the launcher logs it (ms)";
    public const string IdleRss = "idle RSS (MiB)";
    public const string IdlePss = "idle PSS (MiB)";
    public const string IdlePrivate = "idle private memory, USS (MiB)";
    public const string IdleThreads = "threads";
    public const string ForwardWall = "wall time (s)";
    public const string ForwardRate = "lines/s";
    public const string ForwardCpu = "CPU per line (µs)";
    public const string ForwardPeakRss = "peak RSS (MiB)";
    public const string StopSignalToChild = "SIGTERM → child dead (ms)";
    public const string StopChildToExit = "child dead → subject exited (ms)";
    public const string Ready = "bound → ready event (ms)";
    public const string CompileWall = "buildpack compile, wall time (s)";
    public const string CompileCpu = "buildpack compile, CPU time (s)";
    public const string CompileSizes = "slug and cache (MB)";
}
