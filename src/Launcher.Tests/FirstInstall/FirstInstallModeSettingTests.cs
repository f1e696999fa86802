using PromscaleLauncher.Configuration;

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
}
