using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Cli;

/// <summary>The launcher binary without a database: arguments, configuration errors, an unreachable server, signals.</summary>
public sealed class CommandLineTests
{
    private static Dictionary<string, string> Valid(int port) => new()
    {
        ["SCALINGO_POSTGRESQL_URL"] = $"postgres://app:db-Pa55-d0nt-print-me@127.0.0.1:{port}/app?sslmode=disable",
        ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
        ["PROMSCALE_WEB_AUTH_PASSWORD"] = LauncherEnvironment.WebPassword,
        ["PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB"] = "true",
        ["PROMSCALE_BIN"] = LauncherEnvironment.FakePromscalePath,
        ["FAKE_PROMSCALE_VERSION"] = "0.10.0",
        ["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "json",
    };

    private const int SigTerm = 15;

    static CommandLineTests() => SecretRegistry.Register("db-Pa55-d0nt-print-me", LauncherEnvironment.WebPassword);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Prints_its_version()
    {
        var result = await LauncherProcess.RunAsync(new Dictionary<string, string>(), "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.StandardOutput);
    }

    [Fact]
    public async Task Prints_help_naming_the_check_command()
    {
        var result = await LauncherProcess.RunAsync(new Dictionary<string, string>(), "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("check", result.StandardOutput);
    }

    [Fact]
    public async Task Exits_64_on_an_unknown_option()
    {
        var result = await LauncherProcess.RunAsync(new Dictionary<string, string>(), "--frobnicate");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--frobnicate", result.StandardError);
    }

    [Fact]
    public async Task Lists_every_configuration_problem_on_its_own_line_and_exits_78()
    {
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = "postgres://app:db-Pa55-d0nt-print-me@host:notaport/app",
            ["PORT"] = "eighty",
            ["PROMSCALE_LOG_LEVEL"] = "debug",
            ["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "json",
        };

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var problems = result.Events.Where(e => e.Is(LauncherEvents.ConfigurationProblem)).ToList();
        Assert.All(problems, problem => Assert.Equal("Error", problem.Level));
        Assert.All(problems, problem => Assert.False(string.IsNullOrWhiteSpace(problem.Property("Fix")), problem.ToString()));
        Assert.Equal(
            ["PORT", "PROMSCALE_LOG_LEVEL", "PROMSCALE_WEB_AUTH_PASSWORD", "PROMSCALE_WEB_AUTH_USERNAME", "SCALINGO_POSTGRESQL_URL"],
            problems.Select(problem => problem.Property("Variable")).Order(StringComparer.Ordinal));
        Assert.Contains("app:****@host:notaport", problems.Single(p => p.Property("Variable") == "SCALINGO_POSTGRESQL_URL").Property("Problem"));
        Assert.Contains("\"eighty\"", problems.Single(p => p.Property("Variable") == "PORT").Property("Problem"));
        Assert.Contains("PROMSCALE_TELEMETRY_LOG_LEVEL", problems.Single(p => p.Property("Variable") == "PROMSCALE_LOG_LEVEL").Property("Fix"));
        var invalid = Assert.Single(result.Events, e => e.Is(LauncherEvents.ConfigurationInvalid));
        Assert.Equal(problems.Count.ToString(), invalid.Property("ProblemCount"));
    }

    [Fact]
    public async Task Writes_configuration_errors_as_CLEF_in_json_format()
    {
        var result = await LauncherProcess.RunAsync(new Dictionary<string, string> { ["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "json" });

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            var logEvent = JsonEvents.Parse(line);
            Assert.NotNull(logEvent);
            Assert.InRange(logEvent.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        });
        Assert.Contains(result.Events, e => e.Is(LauncherEvents.ConfigurationProblem) && e.Level == "Error");
    }

    [Fact]
    public async Task Check_reports_configuration_problems_with_exit_78()
    {
        var result = await LauncherProcess.RunAsync(new Dictionary<string, string> { ["PORT"] = "0" }, "check", "--json");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var report = CheckJsonReport.Of(result);
        Assert.Equal(ExitCodes.Configuration, report.ExitCode);
        Assert.False(report.CanStart);
        Assert.Contains(report.Checks, check => check.Id == "config" && check.ExitCode == ExitCodes.Configuration && check.Summary.StartsWith("PORT:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_an_unreachable_database_naming_host_and_port_then_exits_69()
    {
        var port = FreePort();
        var environment = Valid(port);
        environment["PROMSCALE_LAUNCHER_DB_WAIT"] = "2";

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.DatabaseUnavailable, result.ExitCode);
        var first = result.Events.First(e => e.Is(LauncherEvents.DatabaseRetry));
        Assert.Equal($"127.0.0.1:{port}", first.Property("Endpoint"));
        Assert.Equal("1", first.Property("Attempt"));
        Assert.Equal("2", first.Property("WaitSeconds"));
        var failed = Assert.Single(result.Events, e => e.Is(LauncherEvents.CheckFailed, "CheckId", "db.unreachable"));
        Assert.Equal("Error", failed.Level);
        Assert.Equal(ExitCodes.DatabaseUnavailable.ToString(), Assert.Single(result.Events, e => e.Is(LauncherEvents.PreflightFailed)).Property("ExitCode"));
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Stops_promptly_with_143_when_SIGTERM_arrives_during_the_retry_loop()
    {
        var environment = Valid(FreePort());
        environment["PROMSCALE_LAUNCHER_DB_WAIT"] = "60";
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.DatabaseRetry);

        var signalled = Stopwatch.StartNew();
        launcher.Signal(SigTerm);
        var exitCode = await launcher.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(143, exitCode);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(5), $"took {signalled.Elapsed}");
        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.PreflightCancelled, "Signal", "SIGTERM"));
    }

    [Fact]
    public async Task Exits_127_naming_PROMSCALE_BIN_when_Promscale_is_missing_and_still_reports_the_database()
    {
        var environment = Valid(FreePort());
        environment["PROMSCALE_BIN"] = "/nonexistent/promscale";
        environment["PROMSCALE_LAUNCHER_DB_WAIT"] = "0";

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        var binary = Assert.Single(result.Events, e => e.Is(LauncherEvents.CheckFailed, "CheckId", "promscale.binary"));
        Assert.Contains("/nonexistent/promscale", binary.Property("Summary"));
        Assert.Contains(result.Events, e => e.Is(LauncherEvents.CheckFailed, "CheckId", "db.unreachable"));
    }

    [Fact]
    public async Task Exits_126_when_Promscale_is_not_executable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"promscale-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, "not a program");
        try
        {
            var environment = Valid(FreePort());
            environment["PROMSCALE_BIN"] = path;
            environment["PROMSCALE_LAUNCHER_DB_WAIT"] = "0";

            var result = await LauncherProcess.RunAsync(environment, "check", "--json");

            Assert.Equal(ExitCodes.CannotExecute, result.ExitCode);
            var binary = CheckJsonReport.Of(result).Check("promscale.binary");
            Assert.Equal(ExitCodes.CannotExecute, binary.ExitCode);
            // The fix is the command to run: its exact text is the feature.
            Assert.Contains($"chmod +x {path}", binary.Fix);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
