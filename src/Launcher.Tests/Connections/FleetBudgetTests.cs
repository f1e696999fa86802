using CsCheck;
using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Launch;
using PromscaleLauncher.Preflight;
using PromscaleLauncher.Tests.Database;
using PromscaleLauncher.Tests.Support;

namespace PromscaleLauncher.Tests.Connections;

/// <summary>
/// The budget of one container among several, from the preflight alone: a fleet of launchers started one after the
/// other, each seeing the others' Promscale sessions as the previous ones named them.
/// </summary>
public sealed class FleetBudgetTests
{
    private const int Headroom = 3;
    private const int Maintenance = 1;

    /// <summary>The connected Promscale sessions: one launcher each (its name and what its Promscale holds).</summary>
    private sealed class Fleet(int maxConnections)
    {
        private readonly List<(string Container, string Launcher, int Budget, int Holds)> _running = [];
        private int _launchers;

        public int Free => maxConnections - 3 - Headroom - Maintenance;

        public int Promised => _running.Sum(launcher => launcher.Budget);

        public (LaunchPlan? Plan, IReadOnlyList<CheckResult> Checks) Start(string container, params (string, string)[] environment)
        {
            var sessions = _running.GroupBy(launcher => PromscaleSessionName.Format("0.10.0", launcher.Container, launcher.Budget, launcher.Launcher))
                .ToDictionary(group => group.Key, group => group.Sum(launcher => launcher.Holds));
            var facts = ServerFactsExamples.Scalingo14() with
            {
                MaxConnections = maxConnections,
                PromscaleSessions = sessions,
                PromscaleConnections = sessions.Values.Sum(),
            };
            var settings = SettingsExamples.Scalingo([("CONTAINER", container), .. environment]);
            var evaluator = new PreflightEvaluator(settings, facts, processorCount: 2, appName: "my-app");
            var plan = evaluator.Evaluate();
            // Only the budget decides here (the example database's other checks are not this test's business).
            if (plan is not null && Check(evaluator.Checks, DiagnosisIds.ConnectionBudget).Status != CheckStatus.Fail)
            {
                var budget = int.Parse(plan.ConnectionSettings["PROMSCALE_DB_CONNECTIONS_MAX"]);
                // Promscale 0.10 opens its pool minimum (GOMAXPROCS) at once; its launcher token stands for this one's.
                _running.Add((container, $"l{++_launchers}", budget, int.Parse(plan.ConnectionSettings["GOMAXPROCS"])));
            }
            return (plan, evaluator.Checks);
        }

        public void StopOldest(string container)
        {
            var index = _running.FindIndex(launcher => launcher.Container == container);
            if (index >= 0)
            {
                _running.RemoveAt(index);
            }
        }

        public int Budget(int index) => _running[index].Budget;
    }

    private static CheckResult Check(IReadOnlyList<CheckResult> checks, string id) => Assert.Single(checks, check => check.Id == id);

    [Theory]
    [InlineData(30)]
    [InlineData(60)]
    public void Three_containers_started_one_after_the_other_never_promise_more_than_is_free(int maxConnections)
    {
        var fleet = new Fleet(maxConnections);

        foreach (var container in new[] { "web-1", "web-2", "web-3" })
        {
            var (plan, _) = fleet.Start(container);
            Assert.NotNull(plan);
            Assert.True(fleet.Promised <= fleet.Free, $"{fleet.Promised} promised for {fleet.Free} free");
        }
        // free ÷ 2, then ÷ 4, then ÷ 6 (containers seen + 1, two generations each).
        Assert.Equal([fleet.Free / 2, fleet.Free / 4, fleet.Free / 6], [fleet.Budget(0), fleet.Budget(1), fleet.Budget(2)]);
    }

    [Theory]
    [InlineData(30, 11)]
    [InlineData(60, 26)]
    public void A_deploy_of_one_container_gives_the_new_generation_what_the_old_one_had(int maxConnections, int each)
    {
        var fleet = new Fleet(maxConnections);
        fleet.Start("web-1");

        var (plan, checks) = fleet.Start("web-1");

        Assert.Equal(each.ToString(), plan!.ConnectionSettings["PROMSCALE_DB_CONNECTIONS_MAX"]);
        Assert.Equal([each, each], [fleet.Budget(0), fleet.Budget(1)]);
        Assert.Contains(new KeyValuePair<string, string>("peer_containers", "web-1"), Check(checks, DiagnosisIds.ConnectionPeers).Evidence);
        Assert.Contains(new KeyValuePair<string, string>("instances", "1"), Check(checks, DiagnosisIds.ConnectionBudget).Evidence);
    }

    [Fact]
    public void Without_overlap_the_first_container_takes_the_whole_share_and_a_second_one_is_refused_with_the_fix()
    {
        var fleet = new Fleet(60);
        fleet.Start("web-1", ("PROMSCALE_LAUNCHER_DEPLOY_OVERLAP", "false"));

        var (_, checks) = fleet.Start("web-2", ("PROMSCALE_LAUNCHER_DEPLOY_OVERLAP", "false"));

        Assert.Equal(fleet.Free, fleet.Budget(0));
        var budget = Check(checks, DiagnosisIds.ConnectionBudget);
        Assert.Equal(CheckStatus.Fail, budget.Status);
        Assert.Contains(new KeyValuePair<string, string>("peer_budgets", fleet.Free.ToString()), budget.Evidence);
    }

    [Fact]
    public void Warns_with_the_number_to_set_when_more_containers_run_than_PROMSCALE_LAUNCHER_INSTANCES_says()
    {
        var fleet = new Fleet(60);
        fleet.Start("web-1", ("PROMSCALE_LAUNCHER_INSTANCES", "1"));
        fleet.Start("web-2", ("PROMSCALE_LAUNCHER_INSTANCES", "1"));

        var (_, checks) = fleet.Start("web-3", ("PROMSCALE_LAUNCHER_INSTANCES", "1"));

        var peers = Check(checks, DiagnosisIds.ConnectionPeers);
        Assert.Equal(CheckStatus.Warn, peers.Status);
        Assert.Contains("PROMSCALE_LAUNCHER_INSTANCES=3", peers.Fix);
        Assert.Contains(new KeyValuePair<string, string>("containers_seen", "3"), peers.Evidence);
        Assert.True(fleet.Promised <= fleet.Free);
    }

    [Fact]
    public void Cannot_tell_containers_apart_when_the_operator_names_the_sessions()
    {
        var fleet = new Fleet(60);

        var (plan, checks) = fleet.Start("web-1", ("SCALINGO_POSTGRESQL_URL", "postgresql://my_app_4553:db-secret@db.example.com:31000/my_app_4553?sslmode=prefer&application_name=mine"));

        Assert.Equal(CheckStatus.Warn, Check(checks, DiagnosisIds.ConnectionPeers).Status);
        Assert.Contains("application_name=mine", plan!.DatabaseUri.Reveal());
    }

    /// <summary>
    /// Whatever the order of starts (new containers, a container's next generation beside the old one) and stops, and
    /// whatever PROMSCALE_LAUNCHER_INSTANCES says, the budgets of the launchers connected at once never exceed what is free.
    /// </summary>
    [Fact]
    public void Budgets_of_connected_launchers_never_exceed_what_is_free_in_any_start_order()
    {
        var step = Gen.Select(Gen.Int[1, 4], Gen.Bool);
        Gen.Select(Gen.OneOfConst(30, 60), Gen.Int[0, 4], step.Array[1, 12]).Sample((maxConnections, instances, steps) =>
        {
            var fleet = new Fleet(maxConnections);
            (string, string)[] environment = instances == 0 ? [] : [("PROMSCALE_LAUNCHER_INSTANCES", instances.ToString())];
            foreach (var (container, start) in steps)
            {
                if (start)
                {
                    fleet.Start($"web-{container}", environment);
                }
                else
                {
                    fleet.StopOldest($"web-{container}");
                }
                if (fleet.Promised > fleet.Free)
                {
                    return false;
                }
            }
            return true;
        });
    }
}
