namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// Promscale bound → the launcher's `ready:` event: the probe binds $PORT (as the launcher hands it to Promscale),
/// stamps the moment, and answers /healthz with 200; the harness stamps the `ready:` line as it reads it. The
/// launcher polls /healthz every 100 ms, so the figure is that interval's phase plus one request.
/// </summary>
internal static class ReadyScenario
{
    public static async Task RunAsync(BenchTools tools, BenchOptions options, IReadOnlyList<Subject> subjects, Results results)
    {
        Console.Error.WriteLine($"bench: bound → ready, {options.Runs} run(s) per launcher");
        for (var run = 0; run < options.Runs; run++)
        {
            foreach (var subject in subjects.Where(s => s.IsLauncher))
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
        environment["BENCH_PROBE_MODE"] = "listen";
        var ready = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = TimedProcess.Start(tools, subject.CommandFor(tools.Probe), environment, onStderr: (line, readAt) =>
        {
            if (line.Contains(" launcher: ready: ", StringComparison.Ordinal))
            {
                ready.TrySetResult(readAt);
            }
        });
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(60))) != ready.Task || probe.Time("bound") is not { } bound)
        {
            results.Fail($"ready: {subject.Name} never logged ready: {process.Tail}");
            await process.KillAsync();
            return;
        }
        results.For(Figures.Ready, subject.Name).Add((await ready.Task - bound) / 1e6);
        await StopScenario.StopAsync(process, probe, subject);
    }
}
