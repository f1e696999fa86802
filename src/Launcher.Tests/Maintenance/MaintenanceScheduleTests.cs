using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Tests.Maintenance;

public sealed class MaintenanceScheduleTests
{
    private static Dictionary<string, string> Environment(string interval) => new()
    {
        ["SCALINGO_POSTGRESQL_URL"] = "postgresql://app:pw@db.example.com:31000/app?sslmode=require",
        ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
        ["PROMSCALE_WEB_AUTH_PASSWORD"] = "web-password",
        ["PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL"] = interval,
    };

    [Theory]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1s", 1)]
    [InlineData("168h", 604800)]
    public void Reads_Go_style_durations(string text, int seconds)
    {
        var settings = SettingsReader.Read(Environment(text)).Settings!;

        Assert.Equal(MaintenanceMode.Every, settings.Maintenance.Mode);
        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.Maintenance.Interval);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("off")]
    [InlineData("0s")]
    public void Reads_0_and_off_as_disabled(string text) =>
        Assert.Equal(MaintenanceMode.Off, SettingsReader.Read(Environment(text)).Settings!.Maintenance.Mode);

    [Fact]
    public void Is_automatic_when_unset()
    {
        var environment = Environment("");

        Assert.Equal(MaintenanceSchedule.Auto, SettingsReader.Read(environment).Settings!.Maintenance);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("fast")]
    [InlineData("-5m")]
    [InlineData("1d")]
    [InlineData("169h")]
    [InlineData("30 m")]
    public void Refuses_anything_else_in_one_problem_naming_the_variable_and_the_fix(string text)
    {
        var result = SettingsReader.Read(Environment(text));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", problem.Variable);
        Assert.Contains("30m", problem.Fix);
        Assert.DoesNotContain('\n', problem.ToString());
    }

    [Theory]
    [InlineData("apache", false, true)]
    [InlineData(null, false, true)]
    [InlineData("timescale", false, true)]
    [InlineData("timescale", true, false)]
    public void Runs_automatically_unless_Promscale_s_own_job_is_scheduled(string? license, bool job, bool runs) =>
        Assert.Equal(runs, MaintenanceSchedule.Auto.Runs(license, job));

    [Fact]
    public void Runs_when_set_and_never_when_off_whatever_the_database()
    {
        Assert.True(MaintenanceSchedule.Every(TimeSpan.FromMinutes(5)).Runs("timescale", promscaleJobScheduled: true));
        Assert.False(MaintenanceSchedule.Off.Runs("apache", promscaleJobScheduled: false));
    }
}
