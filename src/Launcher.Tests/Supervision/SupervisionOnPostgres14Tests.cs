using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Supervision;

/// <summary>
/// The real launcher binary running the fake Promscale in its 0.10.0 profile on PostgreSQL 14 — the only
/// combination that runs on Scalingo — with real signals.
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class SupervisionOnPostgres14Tests(Postgres14Fixture fixture)
{
    private const int SigTerm = 15;
    private const int SigInt = 2;

    private PostgresCluster Cluster => fixture.Cluster;

    private async Task<Dictionary<string, string>> EnvironmentAsync(params (string Name, string Value)[] overrides)
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        return LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database,
            overrides: [("PORT", FreePort.Next().ToString()), LauncherEnvironment.WithoutTimescaleDb, .. overrides]);
    }

    /// <summary>The events after the launcher started Promscale: what it says of Promscale's own run.</summary>
    private static List<JsonEvent> AfterPromscaleStarted(IEnumerable<JsonEvent> events) =>
        [.. events.SkipWhile(e => !e.Is(LauncherEvents.PromscaleStarted)).Skip(1)];

    private static HttpClient HealthClient(string password = LauncherEnvironment.WebPassword)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LauncherEnvironment.WebUser}:{password}")));
        return client;
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Serves_healthz_through_basic_auth_on_PORT_and_stops_on_SIGTERM_with_exit_0()
    {
        var environment = await EnvironmentAsync();
        await using var launcher = RunningLauncher.Start(environment);

        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady, "Port", environment["PORT"]);
        using (var client = HealthClient())
        {
            var healthz = await client.GetAsync($"http://127.0.0.1:{environment["PORT"]}/healthz");
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }
        using (var wrong = HealthClient("wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync($"http://127.0.0.1:{environment["PORT"]}/healthz")).StatusCode);
        }
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        // 0.10 handles no signal: the launcher sends SIGTERM itself, and its death by SIGTERM is the clean stop asked for.
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.StoppingPromscale, "Signal", "SIGTERM") && e.Property("SentSignal") == "SIGTERM");
        var stopped = Assert.Single(launcher.Events, e => e.Is(LauncherEvents.PromscaleStopped));
        Assert.Equal("SIGTERM", stopped.Property("SentSignal"));
        Assert.Equal("0", stopped.Property("ExitCode"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Keeps_every_secret_out_of_Promscales_command_line()
    {
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync());
        var pid = await launcher.PromscalePidAsync();
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        var environment = await File.ReadAllTextAsync($"/proc/{pid}/environ");
        launcher.Signal(SigTerm);
        await launcher.WaitForExitAsync();

        SecretRegistry.AssertAbsentFrom(commandLine, "Promscale's /proc/PID/cmdline");
        Assert.EndsWith("fake-promscale ", commandLine);
        Assert.Contains("PROMSCALE_DB_URI=postgres", environment);
        Assert.DoesNotContain("SCALINGO_POSTGRESQL_URL=", environment);
        Assert.Contains("PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false", environment);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Kills_a_Promscale_that_ignores_signals_after_the_grace_period_with_137()
    {
        var environment = await EnvironmentAsync(("FAKE_PROMSCALE_IGNORE_SIGNALS", "true"), ("PROMSCALE_LAUNCHER_STOP_TIMEOUT", "1"));
        await using var launcher = RunningLauncher.Start(environment);
        var pid = await launcher.PromscalePidAsync();
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        launcher.Signal(SigTerm);

        Assert.Equal(137, await launcher.WaitForExitAsync());
        var killing = Assert.Single(launcher.Events, e => e.Is(LauncherEvents.KillingPromscale, "Pid", pid.ToString()));
        Assert.InRange(long.Parse(killing.Property("WaitedMs")!), 900, 30_000);
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PromscaleStopped, "ExitCode", "137"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Kills_at_once_on_a_second_signal()
    {
        var environment = await EnvironmentAsync(("FAKE_PROMSCALE_IGNORE_SIGNALS", "true"), ("PROMSCALE_LAUNCHER_STOP_TIMEOUT", "60"));
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        launcher.Signal(SigTerm);
        await launcher.WaitForEventAsync(LauncherEvents.StoppingPromscale);
        launcher.Signal(SigInt);

        Assert.Equal(137, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        // Its Signal property names the first signal (SIGTERM), not the second: only the event is asserted.
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.SecondSignal));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.KillingPromscale));
    }

    [PostgresTheory(PostgresVersion.V14)]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("2", 2)]
    [InlineData("3", 3)]
    [InlineData("SIGKILL", 137)]
    public async Task Passes_Promscales_own_exit_through(string exit, int expected)
    {
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync(("FAKE_PROMSCALE_EXIT_AFTER_READY", exit)));

        Assert.Equal(expected, await launcher.WaitForExitAsync());
        if (expected != 0)
        {
            Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PromscaleExited, "ExitCode", expected.ToString()));
        }
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Forwards_Promscales_lines_as_structured_events()
    {
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync());
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        launcher.Signal(SigTerm);
        await launcher.WaitForExitAsync();

        // Promscale's own configuration line (its text, not the launcher's), with its logfmt keys as properties.
        var versionLine = Assert.Single(launcher.Events, e => e.Message.Contains("Version:0.10.0", StringComparison.Ordinal));
        Assert.True(versionLine.IsFromPromscale, versionLine.ToString());
        Assert.Null(versionLine.Id);
        Assert.NotNull(versionLine.Property("caller"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Forwards_a_burst_of_lines_complete_and_in_order()
    {
        // A smoke test: bench/run forwards a million lines and measures the rate (docs/benchmarks.md).
        const int count = 10_000;
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync(("FAKE_PROMSCALE_LOG_BURST", count.ToString())));
        await launcher.WaitForLineAsync("ready:");
        await launcher.WaitForLineAsync($"burst line {count}", TimeSpan.FromMinutes(3));
        launcher.Signal(SigTerm);
        await launcher.WaitForExitAsync(TimeSpan.FromMinutes(1));

        var expected = 1;
        foreach (var line in launcher.Lines)
        {
            var at = line.IndexOf("burst line ", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            var end = at + "burst line ".Length;
            while (end < line.Length && char.IsAsciiDigit(line[end]))
            {
                end++;
            }
            Assert.Equal(expected, int.Parse(line.AsSpan(at + "burst line ".Length, end - at - "burst line ".Length)));
            expected++;
        }
        Assert.Equal(count + 1, expected);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Explains_a_busy_port()
    {
        using var busy = new TcpListener(IPAddress.Any, FreePort.Next());
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        await using var launcher = RunningLauncher.Start(await EnvironmentAsync(("PORT", port.ToString())));

        Assert.Equal(1, await launcher.WaitForExitAsync());
        var diagnosis = Assert.Single(launcher.Events, e => e.Is(LauncherEvents.CheckFailed, "CheckId", "web.port-in-use"));
        Assert.Contains(port.ToString(), diagnosis.Property("Summary"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Explains_a_missing_CREATEROLE_when_the_preflight_is_only_a_warning()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await Cluster.EnableTimescaleDbAsync(database);
        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, database,
            overrides: [("PORT", FreePort.Next().ToString()), ("PROMSCALE_LAUNCHER_PREFLIGHT", "warn")]);
        await using var launcher = RunningLauncher.Start(environment);

        Assert.Equal(1, await launcher.WaitForExitAsync());
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PreflightOverridden, "PromscaleVersion", "0.10.0"));
        var afterStart = AfterPromscaleStarted(launcher.Events);
        // Promscale's own error (the fake says what 0.10.0 says), then the launcher's diagnosis of it, with the exact fix.
        Assert.Contains(afterStart, e => e.IsFromPromscale && e.Mentions("permission denied to create role"));
        var diagnosis = Assert.Single(afterStart, e => e.Is(LauncherEvents.CheckFailed, "CheckId", "role.createrole"));
        Assert.Contains("ALTER ROLE \"scalingo_app\" WITH CREATEROLE;", diagnosis.Property("Fix"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Explains_a_real_53300_at_Promscales_start()
    {
        var role = await Cluster.CreateRoleAsync("CREATEROLE CONNECTION LIMIT 4");
        var database = await Cluster.CreateDatabaseAsync(role);
        // The operator's settings override the budget: 0.10 opens GOMAXPROCS connections eagerly, more than the role may.
        var environment = LauncherEnvironment.For(Cluster, role, database,
            overrides: [("PORT", FreePort.Next().ToString()), ("PROMSCALE_LAUNCHER_DB_HEADROOM", "0"), ("PROMSCALE_DB_CONNECTIONS_MAX", "8"), ("GOMAXPROCS", "6"), LauncherEnvironment.WithoutTimescaleDb]);
        await using var launcher = RunningLauncher.Start(environment);

        Assert.Equal(1, await launcher.WaitForExitAsync());
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.OperatorOverridesBudget, "Variable", "GOMAXPROCS") && e.Property("Value") == "6");
        var afterStart = AfterPromscaleStarted(launcher.Events);
        Assert.Contains(afterStart, e => e.IsFromPromscale && e.Mentions("SQLSTATE 53300"));
        Assert.Contains(afterStart, e => e.Is(LauncherEvents.CheckFailed, "CheckId", "connections.budget"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Explains_the_migration_lock_held_by_another_Promscale()
    {
        var environment = await EnvironmentAsync(("PROMSCALE_LAUNCHER_PREFLIGHT", "warn"));
        await using var other = await Cluster.OpenAsync(PostgresCluster.CreatorRole, environment["SCALINGO_POSTGRESQL_URL"].Split('/')[^1].Split('?')[0]);
        await using (var command = other.CreateCommand())
        {
            command.CommandText = "SET application_name = 'promscale@0.10.0'; SELECT pg_advisory_lock(5585198506344173278)";
            await command.ExecuteNonQueryAsync();
        }
        await using var launcher = RunningLauncher.Start(environment);

        Assert.Equal(1, await launcher.WaitForExitAsync());
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.CheckFailed, "CheckId", "migration.lock"));
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PreflightOverridden));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reaps_a_process_Promscale_left_behind()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"grandchild-{Guid.NewGuid():N}");
        var environment = await EnvironmentAsync(("FAKE_PROMSCALE_SPAWN_GRANDCHILD", "true"), ("FAKE_PROMSCALE_GRANDCHILD_PID_FILE", pidFile),
            ("FAKE_PROMSCALE_EXIT_AFTER_READY", "0"), ("FAKE_PROMSCALE_GRANDCHILD_SECONDS", "300"));
        await using var launcher = RunningLauncher.Start(environment);

        Assert.Equal(0, await launcher.WaitForExitAsync());
        var grandchild = int.Parse(await File.ReadAllTextAsync(pidFile));
        File.Delete(pidFile);
        // Killed and reaped by the launcher before it exited: no process, not even a zombie, is left.
        Assert.False(Directory.Exists($"/proc/{grandchild}") && !File.ReadAllText($"/proc/{grandchild}/stat").Contains(") Z "),
            $"grandchild {grandchild} still runs");
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.OrphanReaped, "Pid", grandchild.ToString()));
    }
}
