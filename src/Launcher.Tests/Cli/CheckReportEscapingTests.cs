using System.Text.Json;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Cli;

/// <summary>
/// Values from the environment cannot forge lines or send terminal escapes through `check` or the run log,
/// and the header names the database whenever its URL is valid.
/// </summary>
public sealed class CheckReportEscapingTests
{
    private const string Forged = "FAIL  forged";

    private static Dictionary<string, string> Environment(params (string Name, string Value)[] overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = "postgres://app:db-Pa55-d0nt-print-me@db.example.com:31000/app?sslmode=require",
            ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = LauncherEnvironment.WebPassword,
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        return environment;
    }

    static CheckReportEscapingTests() => SecretRegistry.Register("db-Pa55-d0nt-print-me", LauncherEnvironment.WebPassword);

    private static void AssertNoForgedLineNorControlCharacter(string output)
    {
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith(Forged, StringComparison.Ordinal) || line.StartsWith("\u001b", StringComparison.Ordinal));
        Assert.DoesNotContain(output.TrimEnd('\n'), c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public async Task Check_names_the_valid_database_in_its_header_while_another_variable_fails()
    {
        var result = await LauncherProcess.RunAsync(Environment(("PROMSCALE_WEB_AUTH_PASSWORD", "")), "check");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var header = result.StandardOutput.Split('\n')[0];
        Assert.Contains("postgres://app:****@db.example.com:31000/app?sslmode=require", header);
        SecretRegistry.AssertAbsentFrom(result.AllOutput, "check's output");
    }

    [Fact]
    public async Task Check_json_names_the_valid_database_while_another_variable_fails()
    {
        var result = await LauncherProcess.RunAsync(Environment(("PROMSCALE_WEB_AUTH_USERNAME", "")), "check", "--json");

        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("postgres://app:****@db.example.com:31000/app?sslmode=require", json.RootElement.GetProperty("database").GetString());
        Assert.Equal(ExitCodes.Configuration, json.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Check_text_report_escapes_a_newline_and_ESC_from_the_environment_instead_of_forging_a_line()
    {
        var result = await LauncherProcess.RunAsync(Environment(("PORT", $"80\n{Forged}\u001b[31m")), "check");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        AssertNoForgedLineNorControlCharacter(result.StandardOutput);
        Assert.Contains($"80\\n{Forged}\\u001b[31m", result.StandardOutput);
    }

    [Fact]
    public async Task Check_json_report_keeps_a_newline_and_ESC_from_the_environment_inside_its_JSON_string()
    {
        var value = $"80\n{Forged}\u001b[31m";

        var result = await LauncherProcess.RunAsync(Environment(("PORT", value)), "check", "--json");

        AssertNoForgedLineNorControlCharacter(result.StandardOutput);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(),
            check => check.GetProperty("summary").GetString()!.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_log_escapes_a_newline_and_ESC_from_the_environment_in_configuration_problems()
    {
        var result = await LauncherProcess.RunAsync(Environment(("PORT", $"80\n{Forged}\u001b[31m")));

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        AssertNoForgedLineNorControlCharacter(result.StandardError);
        Assert.Contains($"80\\n{Forged}\\u001b[31m", result.StandardError);
    }
}
