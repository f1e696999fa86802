namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// The process half of bench/run: every figure of docs/benchmarks.md that needs real processes, for the launcher
/// and its baselines in one run, runs interleaved so that a change of machine load hits all subjects alike.
/// Exit code 1 when a check failed (a line lost, an unexpected exit code): `bench/run --quick` in CI relies on it.
/// </summary>
internal static class ProcessBenchmarks
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        MonotonicClock.EnsureNanoseconds();
        var options = BenchOptions.Parse(arguments);
        var tools = BenchTools.FromEnvironment();
        var machine = MachineDescription.Read();
        var subjects = Subject.All(tools);
        var results = new Results();

        if (options.Includes("exec"))
        {
            await ExecToChildScenario.RunAsync(tools, options, subjects, results);
        }
        if (options.Includes("idle"))
        {
            await IdleMemoryScenario.RunAsync(tools, options, subjects, results);
        }
        if (options.Includes("forwarding"))
        {
            await ForwardingScenario.RunAsync(tools, options, subjects, results);
        }
        if (options.Includes("stop"))
        {
            await StopScenario.RunAsync(tools, options, subjects, results);
        }
        if (options.Includes("ready"))
        {
            await ReadyScenario.RunAsync(tools, options, subjects, results);
        }
        if (options.Includes("compile"))
        {
            // Last: a minute of Native AOT per cold compile keeps both cores busy.
            await BuildpackCompileScenario.RunAsync(tools, options, results);
        }

        var markdown = MarkdownReport.Write(tools, options, results, machine, MachineDescription.CurrentLoadAverage());
        if (options.MarkdownPath is { } path)
        {
            await File.WriteAllTextAsync(path, markdown);
        }
        else
        {
            Console.WriteLine(markdown);
        }
        Console.Error.WriteLine(results.Failures.Count == 0 ? "bench: all checks passed" : $"bench: {results.Failures.Count} check(s) failed");
        return results.Failures.Count == 0 ? 0 : 1;
    }
}
