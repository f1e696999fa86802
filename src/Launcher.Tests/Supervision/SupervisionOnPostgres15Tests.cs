using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Supervision;

/// <summary>The fake Promscale in its 0.17.0 profile (graceful SIGINT, clear-text password in its config line) on PostgreSQL 15.</summary>
[Collection(PostgresCollections.V15)]
public sealed class SupervisionOnPostgres15Tests(Postgres15Fixture fixture)
{
    private const int SigTerm = 15;
    private const int SigUsr1 = 10;
    private const int SigHup = 1;

    private async Task<Dictionary<string, string>> EnvironmentAsync(params (string Name, string Value)[] overrides)
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await cluster.EnableTimescaleDbAsync(database);
        return LauncherEnvironment.For(cluster, PostgresCluster.AppRole, database,
            overrides: [("PORT", FreePort.Next().ToString()), ("PROMSCALE_VERSION", "0.17.0"), .. overrides]);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Stops_0_17_gracefully_with_SIGINT_on_SIGTERM_and_exits_0()
    {
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync());
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.StoppingPromscale, "Signal", "SIGTERM") && e.Property("SentSignal") == "SIGINT");
        // Promscale's own line of its graceful path (its text, as 0.17 prints it), before the launcher's verdict.
        Assert.Contains(launcher.Events, e => e.IsFromPromscale && e.Message.Contains("Shutting down Client", StringComparison.Ordinal));
        var stopped = Assert.Single(launcher.Events, e => e.Is(LauncherEvents.PromscaleStopped));
        Assert.Equal("SIGINT", stopped.Property("SentSignal"));
        Assert.Equal("0", stopped.Property("ExitCode"));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Never_lets_the_clear_text_password_of_the_config_line_through()
    {
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync());
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        launcher.Signal(SigTerm);
        await launcher.WaitForExitAsync();

        // Promscale 0.15+ prints BasicAuthPassword in clear text; WaitForExitAsync already failed if a secret showed.
        var config = Assert.Single(launcher.Lines, line => line.Contains("BasicAuthPassword:"));
        Assert.Contains("BasicAuthPassword:****", config);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Answers_SIGUSR1_with_a_status_line_and_forwards_SIGHUP_to_0_17()
    {
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync());
        var pid = (await launcher.PromscalePidAsync()).ToString();
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        launcher.Signal(SigUsr1);
        var status = await launcher.WaitForEventAsync(LauncherEvents.Status);
        Assert.Equal("0.17.0", status.Property("PromscaleVersion"));
        Assert.Equal(pid, status.Property("Pid"));
        Assert.Equal("true", status.Property("Ready"));
        launcher.Signal(SigHup);
        await launcher.WaitForEventAsync(e => e.Is(LauncherEvents.SignalForwarded, "Signal", "SIGHUP") && e.Property("Pid") == pid, "SIGHUP forwarded to Promscale");
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync());
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Reports_a_Promscale_that_is_not_ready_within_the_boot_window()
    {
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync(
            ("FAKE_PROMSCALE_PAUSE_BEFORE_SERVING", "forever"), ("PROMSCALE_LAUNCHER_BOOT_WINDOW", "3")));

        await launcher.WaitForEventAsync(LauncherEvents.PromscaleNotReady, TimeSpan.FromSeconds(30));
        launcher.Signal(SigTerm);

        // Still starting: SIGINT kills 0.17 at once, which is the stop the launcher asked for.
        Assert.Equal(0, await launcher.WaitForExitAsync());
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.PromscaleReady));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.StoppingPromscale, "SentSignal", "SIGINT"));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Warns_about_a_stray_config_yml_in_the_working_directory()
    {
        var directory = Directory.CreateTempSubdirectory("launcher-cwd-");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "config.yml"), "telemetry.log.level: info\n");
        try
        {
            var environment = await EnvironmentAsync(("FAKE_PROMSCALE_EXIT_AFTER_READY", "0"));
            await using var launcher = RunningLauncher.Start(environment, workingDirectory: directory.FullName);

            Assert.Equal(0, await launcher.WaitForExitAsync());
            Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.StrayConfigFile, "ConfigFile", Path.Combine(directory.FullName, "config.yml")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

[Collection(PostgresCollections.V17)]
public sealed class SupervisionOnPostgres17Tests(Postgres17Fixture fixture)
{
    [PostgresFact(PostgresVersion.V17)]
    public async Task Explains_Promscales_own_version_refusal_when_the_preflight_is_only_a_warning()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var environment = LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database,
            overrides: [("PORT", FreePort.Next().ToString()), ("PROMSCALE_LAUNCHER_PREFLIGHT", "warn"), LauncherEnvironment.WithoutTimescaleDb]);
        await using var launcher = RunningLauncher.Start(environment);

        Assert.Equal(1, await launcher.WaitForExitAsync());
        // The preflight's verdict, then the diagnosis of Promscale's own refusal once it ran anyway.
        var events = launcher.Events;
        Assert.Contains(events.TakeWhile(e => !e.Is(LauncherEvents.PromscaleStarted)), e => e.Is(LauncherEvents.CheckFailed, "CheckId", "pg.version"));
        Assert.Contains(events.SkipWhile(e => !e.Is(LauncherEvents.PromscaleStarted)), e => e.Is(LauncherEvents.CheckFailed, "CheckId", "pg.version"));
    }
}
