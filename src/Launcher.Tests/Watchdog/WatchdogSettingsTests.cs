using PromscaleLauncher.Configuration;
using PromscaleLauncher.Supervision;
using PromscaleLauncher.Tests.Support;

namespace PromscaleLauncher.Tests.Watchdog;

public sealed class WatchdogSettingsTests
{
    private static Dictionary<string, string> Valid(params (string Name, string Value)[] overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = "postgresql://app:db-pa55word@db.example.com:31000/app?sslmode=prefer",
            ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = "web-pa55word",
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        return environment;
    }

    [Fact]
    public void Probes_every_15_seconds_and_acts_after_4_failures_by_default()
    {
        var settings = SettingsExamples.Scalingo();

        Assert.Equal((TimeSpan.FromSeconds(15), 4), (settings.WatchdogInterval, settings.WatchdogFailures));
        Assert.True(PromscaleWatchdog.IsOn(settings));
    }

    [Fact]
    public void Reads_the_interval_and_failures_and_turns_off_with_0()
    {
        var settings = SettingsExamples.Scalingo(("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "1"), ("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "1"));
        var off = SettingsExamples.Scalingo(("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "0"));

        Assert.Equal((TimeSpan.FromSeconds(1), 1), (settings.WatchdogInterval, settings.WatchdogFailures));
        Assert.False(PromscaleWatchdog.IsOn(off));
    }

    [Theory]
    [InlineData("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "1.5")]
    [InlineData("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "-1")]
    [InlineData("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "3601")]
    [InlineData("PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL", "15m")]
    [InlineData("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "0")]
    [InlineData("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "101")]
    [InlineData("PROMSCALE_LAUNCHER_WATCHDOG_FAILURES", "four")]
    public void Refuses_a_value_out_of_range_in_one_problem_naming_the_variable(string variable, string value)
    {
        var result = SettingsReader.Read(Valid((variable, value)));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(variable, problem.Variable);
        Assert.Contains(variable, problem.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem.Problem + problem.Fix);
    }
}
