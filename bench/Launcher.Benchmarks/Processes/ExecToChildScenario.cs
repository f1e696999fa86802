using System.Globalization;
using System.Text.RegularExpressions;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// exec → child running: spawn-timer stamps the exec of the subject, the probe stamps its own main(). The probe
/// exits at once, so each run also ends by itself. The launcher has no mode without the database preflight, so
/// its figure "without preflight" is the time to its first child, `probe -version`, which the launcher runs
/// after its start-up (runtime, configuration, generic host) and before it opens any connection; the figure
/// "with preflight" is the time to Promscale itself, after the version probe and the full preflight (TLS,
/// SCRAM, 14 checks) against the loopback PostgreSQL 14.
/// </summary>
internal static partial class ExecToChildScenario
{
    public const string BeforePreflight = " – first child (-version), before the preflight";
    public const string AfterPreflight = " – Promscale, after the full preflight";

    public static async Task RunAsync(BenchTools tools, BenchOptions options, IReadOnlyList<Subject> subjects, Results results)
    {
        Console.Error.WriteLine($"bench: exec → child running, {options.Runs} run(s) per subject");
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
        var environment = subject.IsLauncher || subject.Kind == SubjectKind.BootScript
            ? tools.LauncherEnvironment(tools.Probe, BenchTools.FreePort())
            : new Dictionary<string, string>(StringComparer.Ordinal);
        environment["BENCH_PROBE_OUT"] = probe.Path;
        environment["BENCH_PROBE_MODE"] = "exit";
        long? preflightMs = null;
        using var process = TimedProcess.Start(tools, subject.CommandFor(tools.Probe), environment, onStderr: (line, _) =>
        {
            if (PreflightPassed().Match(line) is { Success: true } match)
            {
                preflightMs = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        });
        var report = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (report is null || report.Status != 0 || probe.Time("start") is not { } started)
        {
            results.Fail($"exec → child: {subject.Name} ended with {report?.Status.ToString(CultureInfo.InvariantCulture) ?? "a timeout"} or never started the probe: {process.Tail}");
            return;
        }

        var toChild = (started - report.Spawned) / 1e6;
        // User + system time of the subject and its children (the probe's share is ~1 ms): unlike the wall-clock figure,
        // hardly affected by other load on the machine, which on a shared 2-core machine can double the wall time.
        results.For(Figures.ExecCpu, subject.Name).Add(report.CpuNanoseconds / 1e6);
        if (!subject.IsLauncher)
        {
            results.For(Figures.ExecToChild, subject.Name).Add(toChild);
            return;
        }
        if (probe.Time("version") is not { } versionProbe)
        {
            results.Fail($"exec → child: {subject.Name} did not run `-version`");
            return;
        }
        results.For(Figures.ExecToChild, subject.Name + BeforePreflight).Add((versionProbe - report.Spawned) / 1e6);
        results.For(Figures.ExecToChild, subject.Name + AfterPreflight).Add(toChild);
        if (preflightMs is { } ms)
        {
            results.For(Figures.LauncherPreflight, subject.Name).Add(ms);
        }
    }

    [GeneratedRegex(@"Preflight passed in (\d+) ms")]
    private static partial Regex PreflightPassed();
}
