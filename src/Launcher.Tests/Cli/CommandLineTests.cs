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
    };

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
        };

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var errors = result.StandardError.Split('\n').Where(line => line.Contains(" ERR ")).ToList();
        Assert.Contains(errors, line => line.Contains("SCALINGO_POSTGRESQL_URL: ") && line.Contains("app:****@host:notaport") && line.Contains("Fix: "));
        Assert.Contains(errors, line => line.Contains("PORT: \"eighty\" is not a TCP port.") && line.Contains("Fix: "));
        Assert.Contains(errors, line => line.Contains("PROMSCALE_LOG_LEVEL: ") && line.Contains("PROMSCALE_TELEMETRY_LOG_LEVEL"));
        Assert.Contains(errors, line => line.Contains("PROMSCALE_WEB_AUTH_USERNAME: is not set"));
        Assert.Contains(errors, line => line.Contains("PROMSCALE_WEB_AUTH_PASSWORD: is not set"));
    }

    [Fact]
    public async Task Writes_configuration_errors_as_CLEF_in_json_format()
    {
        var result = await LauncherProcess.RunAsync(new Dictionary<string, string> { ["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "json" });

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.All(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("@t", out _));
        });
        Assert.Contains("\"@l\":\"Error\"", result.StandardError);
    }

    [Fact]
    public async Task Check_reports_configuration_problems_with_exit_78()
    {
        var result = await LauncherProcess.RunAsync(new Dictionary<string, string> { ["PORT"] = "0" }, "check");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("FAIL  config", result.StandardOutput);
        Assert.Contains("Promscale would not start (exit code 78)", result.StandardOutput);
    }

    [Fact]
    public async Task Retries_an_unreachable_database_naming_host_and_port_then_exits_69()
    {
        var port = FreePort();
        var environment = Valid(port);
        environment["PROMSCALE_LAUNCHER_DB_WAIT"] = "2";

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.DatabaseUnavailable, result.ExitCode);
        Assert.Contains($"Database 127.0.0.1:{port} not reachable yet (connection refused); attempt 1", result.StandardError);
        Assert.Contains("db.unreachable: Could not connect", result.StandardError);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Stops_promptly_with_143_when_SIGTERM_arrives_during_the_retry_loop()
    {
        var environment = Valid(FreePort());
        environment["PROMSCALE_LAUNCHER_DB_WAIT"] = "60";
        using var process = Process.Start(LauncherProcess.StartInfo(environment))!;
        var stderrLines = new List<string>();
        var retrying = new TaskCompletionSource();
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }
            lock (stderrLines)
            {
                stderrLines.Add(line.Data);
            }
            if (line.Data.Contains("not reachable yet"))
            {
                retrying.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        await retrying.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var signalled = Stopwatch.StartNew();
        Assert.Equal(0, Native.Kill(process.Id, 15));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(143, process.ExitCode);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(5), $"took {signalled.Elapsed}");
        lock (stderrLines)
        {
            Assert.Contains(stderrLines, line => line.Contains("Preflight cancelled by SIGTERM"));
        }
    }

    [Fact]
    public async Task Exits_127_naming_PROMSCALE_BIN_when_Promscale_is_missing_and_still_reports_the_database()
    {
        var environment = Valid(FreePort());
        environment["PROMSCALE_BIN"] = "/nonexistent/promscale";
        environment["PROMSCALE_LAUNCHER_DB_WAIT"] = "0";

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("promscale.binary: PROMSCALE_BIN names /nonexistent/promscale, which does not exist", result.StandardError);
        Assert.Contains("db.unreachable:", result.StandardError);
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

            var result = await LauncherProcess.RunAsync(environment, "check");

            Assert.Equal(ExitCodes.CannotExecute, result.ExitCode);
            Assert.Contains($"chmod +x {path}", result.StandardOutput);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
