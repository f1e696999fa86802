using System.Globalization;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// N Promscale-format logfmt lines (`msg="burst line i"`, one write(2) each, as fast as the reader takes them;
/// from the fake's FAKE_PROMSCALE_LOG_BURST and from probe.c) through the launcher — redaction, parsing, a
/// Serilog event and a text line per line — versus the same producer through a plain `cat`. The harness reads the subject's output, checks that line i
/// follows line i−1 for every i, stamps the first and the last line, and samples the forwarder's CPU time and
/// peak RSS (/proc) at those two moments. The fake skips its database here (FAKE_PROMSCALE_SKIP_DATABASE); both
/// producers keep running after the burst, until the harness sends SIGTERM. The launcher still runs its full
/// preflight first.
/// </summary>
internal static class ForwardingScenario
{
    public const string CatRow = "cat (no parsing)";
    public const string FakeProducer = "fake Promscale";
    public const string CProducer = "C producer";
    private const string LauncherBurstLine = " promscale: burst line ";
    private const string RawBurstLine = "msg=\"burst line ";
    private const string BurstDone = "log burst done";

    /// <summary>The row of a forwarder with a producer, e.g. "launcher (AOT) ← fake Promscale".</summary>
    public static string Row(string forwarder, string producer) => $"{forwarder} ← {producer}";

    public static async Task RunAsync(BenchTools tools, BenchOptions options, IReadOnlyList<Subject> subjects, Results results)
    {
        // Fewer runs: each moves a million lines, and the spread is small.
        var runs = Math.Min(options.Runs, 5);
        Console.Error.WriteLine($"bench: forwarding {options.Lines:N0} lines, {runs} run(s) per forwarder and producer");
        var launchers = subjects.Where(s => s.IsLauncher).ToList();
        for (var run = 0; run < runs; run++)
        {
            // Two producers, both one write(2) per line as Promscale's go-kit logger: the fake (faithful, .NET) and
            // probe.c (as fast as a producer can be), so that the producer's own speed shows.
            foreach (var (producer, child, mode) in new[] { (FakeProducer, tools.FakePromscale, "fake"), (CProducer, tools.Probe, "burst") })
            {
                foreach (var subject in launchers)
                {
                    await RunOnceAsync(tools, options, Row(subject.Name, producer), subject.CommandFor(child), child, launcher: true, results);
                }
                var pidFile = tools.NewFile("cat-pid");
                // cat starts (and its pid is written) before the producer: the first line may not beat the pid file.
                var fifo = tools.NewFile("cat-fifo");
                IReadOnlyList<string> pipeline = ["bash", "-c", "mkfifo \"$2\"; cat <\"$2\" & echo \"$!\" >\"$1\"; \"$0\" 2>\"$2\" >/dev/null; wait", child, pidFile, fifo];
                await RunOnceAsync(tools, options, Row(CatRow, producer), pipeline, child, launcher: false, results, pidFile);
            }
        }
    }

    private static async Task RunOnceAsync(BenchTools tools, BenchOptions options, string name, IReadOnlyList<string> command,
        string child, bool launcher, Results results, string? pidFile = null)
    {
        var environment = launcher
            ? tools.LauncherEnvironment(child, BenchTools.FreePort())
            : new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["FAKE_PROMSCALE_VERSION"] = "0.10.0",
                ["PROMSCALE_WEB_LISTEN_ADDRESS"] = ":" + BenchTools.FreePort().ToString(CultureInfo.InvariantCulture),
            };
        environment["FAKE_PROMSCALE_SKIP_DATABASE"] = "true";
        environment["FAKE_PROMSCALE_LOG_BURST"] = options.Lines.ToString(CultureInfo.InvariantCulture);
        environment["BENCH_PROBE_MODE"] = "burst";
        environment["BENCH_PROBE_BURST"] = options.Lines.ToString(CultureInfo.InvariantCulture);

        var check = new BurstCheck(launcher ? LauncherBurstLine : RawBurstLine);
        var forwarderPid = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string line, long readAt)
        {
            if (check.Accept(line) is { } number)
            {
                if (number == 1)
                {
                    check.FirstAt = readAt;
                    check.CpuAtFirst = Cpu(forwarderPid, pidFile);
                }
            }
            else if (line.Contains(BurstDone, StringComparison.Ordinal))
            {
                check.DoneAt = readAt;
                check.CpuAtDone = Cpu(forwarderPid, pidFile);
                check.PeakRssKiB = ProcFs.PeakResidentKiB(ForwarderPid(forwarderPid, pidFile));
                done.TrySetResult();
            }
        }

        using var process = launcher
            ? TimedProcess.Start(tools, command, environment, onStderr: OnLine)
            : TimedProcess.Start(tools, command, environment, onStdout: OnLine);
        forwarderPid = launcher ? await process.PidAsync(TimeSpan.FromSeconds(10)) : 0;
        var finished = await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(300))) == done.Task;
        // The producers keep running after the burst (so the forwarder is still there to be measured): stop them.
        // The launcher forwards SIGTERM and exits 0; the pipeline is stopped as a whole (its process group).
        var pid = await process.PidAsync(TimeSpan.FromSeconds(10));
        _ = NativeMethods.Kill(launcher ? pid : -pid, NativeMethods.SigTerm);
        var report = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (process.CallbackFailure is { } failure)
        {
            results.Fail($"forwarding: {name}: the harness failed while reading: {failure.Message}");
            return;
        }
        if (!finished || report is null || report.Status != (launcher ? 0 : 143))
        {
            results.Fail($"forwarding: {name} did not finish the burst (exit {report?.Status.ToString(CultureInfo.InvariantCulture) ?? "none"}): {process.Tail}");
            await process.KillAsync();
            return;
        }
        if (check.Count != options.Lines || check.Mismatches != 0)
        {
            results.Fail($"forwarding: {name} delivered {check.Count:N0} of {options.Lines:N0} lines with {check.Mismatches} out of order or duplicated (first: {check.FirstMismatch})");
            return;
        }

        var seconds = (check.DoneAt - check.FirstAt) / 1e9;
        results.For(Figures.ForwardWall, name).Add(seconds);
        results.For(Figures.ForwardRate, name).Add(options.Lines / seconds);
        results.For(Figures.ForwardCpu, name).Add((check.CpuAtDone - check.CpuAtFirst) / 1e3 / options.Lines);
        results.For(Figures.ForwardPeakRss, name).Add(check.PeakRssKiB / 1024.0);
    }

    private static int ForwarderPid(int launcherPid, string? catPidFile) =>
        launcherPid != 0 ? launcherPid : int.Parse(File.ReadAllText(catPidFile!).Trim(), CultureInfo.InvariantCulture);

    private static long Cpu(int launcherPid, string? catPidFile) => ProcFs.CpuNanoseconds(ForwarderPid(launcherPid, catPidFile));

    /// <summary>Line i must follow line i−1, each exactly once.</summary>
    private sealed class BurstCheck(string marker)
    {
        private int _expected = 1;

        public int Count { get; private set; }
        public int Mismatches { get; private set; }
        public string FirstMismatch { get; private set; } = "none";
        public long FirstAt { get; set; }
        public long DoneAt { get; set; }
        public long CpuAtFirst { get; set; }
        public long CpuAtDone { get; set; }
        public long PeakRssKiB { get; set; }

        /// <summary>The burst line's number, or null if the line is not a burst line.</summary>
        public int? Accept(string line)
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }
            var digits = line.AsSpan(at + marker.Length);
            var end = 0;
            while (end < digits.Length && char.IsAsciiDigit(digits[end]))
            {
                end++;
            }
            var number = int.Parse(digits[..end], CultureInfo.InvariantCulture);
            if (number != _expected && Mismatches++ == 0)
            {
                FirstMismatch = $"line {number.ToString(CultureInfo.InvariantCulture)} where {_expected.ToString(CultureInfo.InvariantCulture)} was expected";
            }
            _expected = number + 1;
            Count++;
            return number;
        }
    }
}
