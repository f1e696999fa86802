using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Preflight;
using PromscaleLauncher.Tests.Database;
using PromscaleLauncher.Tests.Support;

namespace PromscaleLauncher.Tests.Connections;

public sealed class TimescaleDbUpdateHazardTests
{
    private static readonly Dictionary<string, int> _aPeer = new() { [PromscaleSessionName.Format("0.10.0", "web-2", 12, "peer01")] = 2 };

    private static (bool? Upgrade, CheckResult Check) Evaluate(Dictionary<string, int> sessions, params (string, string)[] environment)
    {
        var facts = ServerFactsExamples.Scalingo14() with
        {
            TimescaleDbInstalledVersion = "2.17.2",
            TimescaleDbAvailableVersion = "2.19.3",
            PromscaleSessions = sessions,
            PromscaleConnections = sessions.Values.Sum(),
            SchemaVersionTableExists = true,
            SchemaVersion = "0.10.0",
            PromscaleRoles = ServerFacts.AllPromscaleRoles,
        };
        var evaluator = new PreflightEvaluator(SettingsExamples.Scalingo(environment), facts, processorCount: 2, appName: "my-app");
        var plan = evaluator.Evaluate();
        return (plan?.UpgradeExtensions, Assert.Single(evaluator.Checks, check => check.Id == DiagnosisIds.TimescaleDbUpdate));
    }

    [Fact]
    public void Defers_a_pending_TimescaleDB_update_while_other_Promscale_containers_are_connected()
    {
        var (upgrade, check) = Evaluate(_aPeer);

        Assert.False(upgrade);
        Assert.Equal(CheckStatus.Warn, check.Status);
        Assert.Contains(new KeyValuePair<string, string>("withheld", "True"), check.Evidence);
        Assert.Contains("scale web:1", check.Fix);
        Assert.Contains("restart web", check.Fix);
    }

    [Fact]
    public void Lets_Promscale_update_TimescaleDB_when_it_is_alone()
    {
        var (upgrade, check) = Evaluate([]);

        Assert.True(upgrade);
        Assert.Equal(CheckStatus.Ok, check.Status);
    }

    [Fact]
    public void Lets_Promscale_update_TimescaleDB_beside_only_this_containers_previous_generation_as_scale_to_1_and_restart_does()
    {
        var (upgrade, check) = Evaluate(new Dictionary<string, int> { [PromscaleSessionName.Format("0.10.0", "web-1", 12, "old001")] = 2 });

        Assert.True(upgrade);
        Assert.Equal(CheckStatus.Ok, check.Status);
    }

    [Fact]
    public void Keeps_the_operators_explicit_choice_and_warns_that_the_peers_will_break()
    {
        var (upgrade, check) = Evaluate(_aPeer, ("PROMSCALE_STARTUP_UPGRADE_EXTENSIONS", "true"));

        Assert.True(upgrade);
        Assert.Equal(CheckStatus.Warn, check.Status);
        Assert.Contains(new KeyValuePair<string, string>("withheld", "False"), check.Evidence);
    }

    [Fact]
    public void Says_an_update_is_pending_when_upgrades_are_off()
    {
        var (upgrade, check) = Evaluate([], ("PROMSCALE_STARTUP_UPGRADE_EXTENSIONS", "false"));

        Assert.False(upgrade);
        Assert.Equal(CheckStatus.Warn, check.Status);
        Assert.Contains("scale web:1", check.Fix);
    }
}
