using System.Globalization;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// SIGTERM to the subject while the probe runs as Promscale 0.10 would (it dies of SIGTERM and stamps the moment
/// just before). Two figures: how long until the child is dead (forwarding), and how long the subject takes to
/// exit after its child died (the target: ≤ 20 ms). The original boot.sh does not forward SIGTERM at all: bash,
/// without a trap, dies of it and leaves Promscale running; the harness then kills the probe itself.
/// </summary>
internal static class StopScenario
{
    private static readonly TimeSpan _settle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan _notForwardedAfter = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(BenchTools tools, BenchOptions options, IReadOnlyList<Subject> subjects, Results results)
    {
        Console.Error.WriteLine($"bench: SIGTERM → exit, {options.Runs} run(s) per subject");
        for (var run = 0; run < options.Runs; run++)
        {
            foreach (var subject in subjects)
            {
                await RunOnceAsync(tools, subject, results);
            }
        }
    }

    private static async Task RunOnceAsync(BenchTools tools, Subject subject, Results results)
    {
        var probe = new ProbeLog(tools.NewFile("probe"));
        var environment = tools.LauncherEnvironment(tools.Probe, BenchTools.FreePort());
        environment["BENCH_PROBE_OUT"] = probe.Path;
        environment["BENCH_PROBE_MODE"] = "wait";
        var supervising = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = TimedProcess.Start(tools, subject.CommandFor(tools.Probe), environment, onStderr: (line, _) =>
        {
            if (line.Contains("EventId=20", StringComparison.Ordinal))
            {
                supervising.TrySetResult();
            }
        });
        var pid = await process.PidAsync(TimeSpan.FromSeconds(10));
        var started = await probe.WaitForAsync("start", TimeSpan.FromSeconds(60)) is not null
                      && (!subject.IsLauncher || await Task.WhenAny(supervising.Task, Task.Delay(TimeSpan.FromSeconds(10))) == supervising.Task);
        if (!started)
        {
            results.Fail($"stop: {subject.Name} did not start the probe: {process.Tail}");
            await process.KillAsync();
            return;
        }
        // Let it settle into supervision (readiness polling, idle pumps): the stop of a running service is measured.
        await Task.Delay(_settle);

        var signalled = MonotonicClock.NowNanoseconds();
        _ = NativeMethods.Kill(pid, NativeMethods.SigTerm);
        var report = await process.WaitForExitAsync(subject.Kind == SubjectKind.BootScript ? _notForwardedAfter : TimeSpan.FromSeconds(30));
        if (subject.Kind == SubjectKind.BootScript && probe.Time("term") is null)
        {
            // bash dies of the SIGTERM at once (no trap), and Promscale is left running, never told. As PID 1 bash
            // would ignore it instead. Either way only the platform's SIGKILL after 30 s stops Promscale.
            results.Note(Figures.StopSignalToChild, subject.Name, report is null
                ? "never: bash ignores it, Promscale is not told (SIGKILL after 30 s)"
                : "never: bash dies at once, Promscale keeps running untold (SIGKILL after 30 s)");
            results.Note(Figures.StopChildToExit, subject.Name, "–");
            await KillProbeAsync(probe);
            await process.KillAsync();
            return;
        }
        if (report is null)
        {
            results.Fail($"stop: {subject.Name} did not exit within 30 s of SIGTERM: {process.Tail}");
            await KillProbeAsync(probe);
            await process.KillAsync();
            return;
        }

        var expected = subject.IsLauncher ? 0 : 143;
        if (report.Status != expected || probe.Time("term") is not { } term)
        {
            results.Fail($"stop: {subject.Name} exited {report.Status.ToString(CultureInfo.InvariantCulture)} (expected {expected}) or the probe saw no SIGTERM: {process.Tail}");
            await KillProbeAsync(probe);
            return;
        }
        results.For(Figures.StopSignalToChild, subject.Name).Add((term - signalled) / 1e6);
        results.For(Figures.StopChildToExit, subject.Name).Add((report.Exited - term) / 1e6);
    }

    /// <summary>Stops a subject after a measurement: SIGTERM, and for a subject that does not forward it, SIGKILL to the probe.</summary>
    public static async Task StopAsync(TimedProcess process, ProbeLog probe, Subject subject)
    {
        await process.SignalAsync(NativeMethods.SigTerm);
        if (subject.Kind == SubjectKind.BootScript)
        {
            await KillProbeAsync(probe);
        }
        if (await process.WaitForExitAsync(TimeSpan.FromSeconds(30)) is null)
        {
            await process.KillAsync();
        }
    }

    private static Task KillProbeAsync(ProbeLog probe)
    {
        if (probe.Pid("start") is { } pid)
        {
            _ = NativeMethods.Kill(pid, NativeMethods.SigKill);
        }
        return Task.CompletedTask;
    }
}
