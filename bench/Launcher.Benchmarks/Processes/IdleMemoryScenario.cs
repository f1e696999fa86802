namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// The memory the subject itself holds while Promscale runs and nothing happens: the launcher with the fake
/// Promscale (0.10.0, against the loopback database) once it logged `ready:`; the baselines with the probe
/// waiting. Read from /proc/PID/smaps_rollup after a settle time. `bash -c 'exec'` leaves no process of its own.
/// </summary>
internal static class IdleMemoryScenario
{
    private const double KiBPerMiB = 1024;

    public static async Task RunAsync(BenchTools tools, BenchOptions options, IReadOnlyList<Subject> subjects, Results results)
    {
        // Fewer runs: each waits for the fake to be ready and then for the settle time, and memory hardly varies.
        var runs = Math.Min(options.Runs, 5);
        Console.Error.WriteLine($"bench: idle memory, {runs} run(s) per subject");
        foreach (var subject in subjects.Where(s => s.Kind == SubjectKind.BashExec))
        {
            results.Note(Figures.IdleRss, subject.Name, "0 (bash is replaced by the child)");
        }
        var measured = subjects.Where(s => s.Kind != SubjectKind.BashExec).ToList();
        for (var run = 0; run < runs; run++)
        {
            foreach (var subject in measured)
            {
                await RunOnceAsync(tools, options, subject, results);
            }
        }
    }

    private static async Task RunOnceAsync(BenchTools tools, BenchOptions options, Subject subject, Results results)
    {
        var probe = new ProbeLog(tools.NewFile("probe"));
        var child = subject.IsLauncher ? tools.FakePromscale : tools.Probe;
        var environment = tools.LauncherEnvironment(child, BenchTools.FreePort());
        environment["BENCH_PROBE_OUT"] = probe.Path;
        environment["BENCH_PROBE_MODE"] = "wait";
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = TimedProcess.Start(tools, subject.CommandFor(child), environment, onStderr: (line, _) =>
        {
            if (line.Contains(" launcher: ready: ", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        });
        var pid = await process.PidAsync(TimeSpan.FromSeconds(10));
        var started = subject.IsLauncher
            ? await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(60))) == ready.Task
            : await probe.WaitForAsync("start", TimeSpan.FromSeconds(30)) is not null;
        if (!started)
        {
            results.Fail($"idle memory: {subject.Name} did not get Promscale running: {process.Tail}");
            await process.KillAsync();
            return;
        }

        await Task.Delay(options.IdleSettle);
        var (rss, pss, privateKiB) = ProcFs.MemoryKiB(pid);
        results.For(Figures.IdleRss, subject.Name).Add(rss / KiBPerMiB);
        results.For(Figures.IdlePss, subject.Name).Add(pss / KiBPerMiB);
        results.For(Figures.IdlePrivate, subject.Name).Add(privateKiB / KiBPerMiB);
        results.For(Figures.IdleThreads, subject.Name).Add(ProcFs.ThreadCount(pid));
        await StopScenario.StopAsync(process, probe, subject);
    }
}
