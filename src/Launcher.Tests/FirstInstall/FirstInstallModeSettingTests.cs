using PromscaleLauncher.Configuration;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.FirstInstall;

public sealed class FirstInstallModeSettingTests
{
    private static SettingsReadResult Read(string? value)
    {
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = "postgresql://app:db-secret@db.example.com:31000/app?sslmode=require",
            ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = "web-secret",
        };
        if (value is not null)
        {
            environment["PROMSCALE_LAUNCHER_FIRST_INSTALL"] = value;
        }
        return SettingsReader.Read(environment);
    }

    [Theory]
    [InlineData(null, "Auto")]
    [InlineData("", "Auto")]
    [InlineData("auto", "Auto")]
    [InlineData("manual", "Manual")]
    public void Reads_auto_by_default_and_manual(string? value, string expected) =>
        Assert.Equal(expected, Read(value).Settings!.FirstInstall.ToString());

    [Fact]
    public void Refuses_any_other_value_in_one_line_naming_the_variable_and_both_values()
    {
        var result = Read("yes please");

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("PROMSCALE_LAUNCHER_FIRST_INSTALL", problem.Variable);
        Assert.Contains("\"yes please\"", problem.Problem);
        Assert.Contains("auto", problem.Fix);
        Assert.Contains("manual", problem.Fix);
        Assert.DoesNotContain('\n', problem.Problem + problem.Fix);
    }

    [Fact]
    public async Task The_launcher_refuses_a_bad_value_with_one_line_and_exit_78_before_any_database_access()
    {
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = "postgresql://app:db-secret@127.0.0.1:1/app?sslmode=disable",
            ["PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB"] = "true",
            ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = "web-secret",
            ["PROMSCALE_LAUNCHER_FIRST_INSTALL"] = "sometimes",
            ["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "json",
            ["PROMSCALE_BIN"] = LauncherEnvironment.FakePromscalePath,
        };

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var problem = Assert.Single(result.Events, e => e.Is(LauncherEvents.ConfigurationProblem));
        Assert.Equal("PROMSCALE_LAUNCHER_FIRST_INSTALL", problem.Property("Variable"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.DatabaseRetry) || e.Is(LauncherEvents.CheckPassed));
        Assert.DoesNotContain("db-secret", result.AllOutput);
    }
}
