using System.Text.Json;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Cli;

/// <summary>A user name with a newline and ESC in the URL, which the server echoes when it rejects it: never a forged line.</summary>
[Collection(PostgresCollections.V14)]
public sealed class CheckReportEscapingOnPostgres14Tests(Postgres14Fixture fixture)
{
    private const string Forged = "FAIL  forged";
    private const string UserName = $"ev\n{Forged}\u001b[31m";

    private Dictionary<string, string> EnvironmentWithForgingUserName()
    {
        var cluster = fixture.Cluster;
        var url = $"postgresql://{Uri.EscapeDataString(UserName)}:wrong-password@{cluster.Host}:{cluster.Port}/{PostgresCluster.AppDatabase}?sslmode=disable";
        return LauncherEnvironment.For(cluster, PostgresCluster.AppRole, PostgresCluster.AppDatabase, overrides: ("SCALINGO_POSTGRESQL_URL", url));
    }

    private static void AssertNoForgedLineNorControlCharacter(string output)
    {
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith(Forged, StringComparison.Ordinal));
        Assert.DoesNotContain(output.TrimEnd('\n'), c => char.IsControl(c) && c != '\n');
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Check_text_report_shows_a_user_name_with_a_newline_and_ESC_escaped_on_one_line()
    {
        var result = await LauncherProcess.RunAsync(EnvironmentWithForgingUserName(), "check");

        Assert.Equal(ExitCodes.PermissionDenied, result.ExitCode);
        AssertNoForgedLineNorControlCharacter(result.StandardOutput);
        Assert.Contains($"ev\\n{Forged}\\u001b[31m", result.StandardOutput);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Check_json_report_carries_the_user_name_JSON_escaped()
    {
        var result = await LauncherProcess.RunAsync(EnvironmentWithForgingUserName(), "check", "--json");

        AssertNoForgedLineNorControlCharacter(result.StandardOutput);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(),
            check => check.GetProperty("summary").GetString()!.Contains(UserName, StringComparison.Ordinal));
    }

    // The text log's escaping is the feature: a forged line would read as the launcher's own.
    [PostgresFact(PostgresVersion.V14)]
    public async Task Run_log_shows_the_user_name_escaped_on_one_line()
    {
        var environment = EnvironmentWithForgingUserName();
        environment["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "text";

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.PermissionDenied, result.ExitCode);
        AssertNoForgedLineNorControlCharacter(result.StandardError);
        Assert.Contains($"ev\\n{Forged}\\u001b[31m", result.StandardError);
    }
}
