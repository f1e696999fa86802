using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Supervision;

/// <summary>
/// The real launcher running `PROMSCALE_BIN` shell scripts that behave as a Promscale may: leave processes
/// behind holding its pipes, double-fork, run the worker as a child, exit with any code; and what Promscale
/// starts with (signal dispositions). PostgreSQL 14, for a preflight that passes.
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class ChildProcessOnPostgres14Tests(Postgres14Fixture fixture) : IDisposable
{
    private const int SigTerm = 15;

    private readonly string _directory = Directory.CreateTempSubdirectory("launcher-child-").FullName;

    private PostgresCluster Cluster => fixture.Cluster;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<Dictionary<string, string>> EnvironmentAsync(string script, params (string Name, string Value)[] overrides)
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        return LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database,
            overrides: [("PORT", FreePort.Next().ToString()), ("PROMSCALE_BIN", Script(script)), LauncherEnvironment.WithoutTimescaleDb, .. overrides]);
    }

    // A Promscale 0.10.0 as far as -version goes (answered by the shell, not a second .NET start); then the body.
    private string Script(string body)
    {
        var path = Path.Combine(_directory, $"promscale-{Guid.NewGuid():N}");
        File.WriteAllText(path, $"#!/bin/sh\nif [ \"$1\" = -version ]; then echo 0.10.0; exit 0; fi\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private string FilePath(string name) => Path.Combine(_directory, name);

    private static bool IsGone(int pid) =>
        !File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    [PostgresFact(PostgresVersion.V14)]
    public async Task Exits_with_Promscales_code_when_it_leaves_a_child_holding_its_pipes()
    {
        var pidFile = FilePath("sleeper");
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync(
            $"sleep 300 &\necho $! > {pidFile}\necho 'level=error msg=\"last words\"'\nexit 3"));

        var exitCode = await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, exitCode);
        var sleeper = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(IsGone(sleeper), $"the sleep {sleeper} Promscale left still runs");
        // Its last line came through before the pipe was let go.
        Assert.True(launcher.Events.Any(e => e.IsFromPromscale && e.Message == "last words"), launcher.Output);
        Assert.True(launcher.Events.Any(e => e.Is(LauncherEvents.StoppingLeftovers, "Pids", sleeper.ToString())), launcher.Output);
        Assert.True(launcher.Events.Any(e => e.Is(LauncherEvents.OrphanReaped, "Pid", sleeper.ToString())), launcher.Output);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Leaves_no_process_behind_when_Promscale_double_forks_into_a_new_session()
    {
        var pidFile = FilePath("daemon");
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync(
            $"setsid sh -c 'sleep 300 & echo $! > {pidFile}'\nwhile [ ! -s {pidFile} ]; do :; done\nexit 0"));

        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        var daemon = int.Parse(File.ReadAllText(pidFile).Trim());
        // Outside Promscale's process group: only the subreaper brings it back to the launcher, which stops and reaps it.
        Assert.True(IsGone(daemon), $"the daemon {daemon} still runs");
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.OrphanReaped, "Pid", daemon.ToString()));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.OutputHeldOpen) || e.Is(LauncherEvents.StoppingLeftovers));
    }

    [PostgresTheory(PostgresVersion.V14)]
    [InlineData(null, "0000000000000000")]
    [InlineData("INT", "0000000000000002")]
    public async Task Starts_Promscale_with_SIGPIPE_at_its_default_and_the_dispositions_the_launcher_inherited(string? ignored, string promscaleIgnores)
    {
        var statusFile = FilePath("status");
        await using var launcher = RunningLauncher.StartIgnoring(await EnvironmentAsync(
            $"grep -E '^Sig(Ign|Blk):' /proc/self/status > {statusFile}\nexit 0"), workingDirectory: null, ignoredSignals: ignored);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        var status = File.ReadAllLines(statusFile).ToDictionary(line => line.Split(':')[0], line => line.Split(':')[1].Trim());
        Assert.Equal(promscaleIgnores, status["SigIgn"]);
        Assert.Equal("0000000000000000", status["SigBlk"]);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Passes_every_exit_code_of_Promscale_through_unchanged()
    {
        var environment = await EnvironmentAsync("exit \"$PROMSCALE_TEST_EXIT\"");
        var codes = new int[256];
        // Four launchers at a time: each run is a real preflight against the cluster and a real child.
        await Parallel.ForEachAsync(Enumerable.Range(0, 256), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (code, _) =>
        {
            var result = await LauncherProcess.RunAsync(new Dictionary<string, string>(environment) { ["PROMSCALE_TEST_EXIT"] = code.ToString() });
            codes[code] = result.ExitCode;
        });

        Assert.Equal(Enumerable.Range(0, 256), codes);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Stops_a_Promscale_worker_run_by_a_wrapper_script_through_its_process_group()
    {
        var statusFile = FilePath("worker-status");
        var pidFile = FilePath("worker");
        // The wrapper ignores SIGTERM itself (after starting the worker, which keeps the default) and waits:
        // only a signal to the whole group reaches the worker.
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync(
            $"\"{LauncherEnvironment.FakePromscalePath}\" &\nworker=$!\necho $worker > {pidFile}\ntrap '' TERM\nwait $worker\nstatus=$?\necho $status > {statusFile}\nexit $status",
            ("PROMSCALE_LAUNCHER_STOP_TIMEOUT", "5")));
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        launcher.Signal(SigTerm);

        // The worker (0.10) died of the SIGTERM to the group; the wrapper passed its 143 on: the stop the launcher asked for.
        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("143", File.ReadAllText(statusFile).Trim());
        Assert.True(IsGone(int.Parse(File.ReadAllText(pidFile).Trim())));
    }
}
