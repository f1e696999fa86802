namespace PromscaleLauncher.Tests.Architecture;

/// <summary>
/// The launcher's folders are the stages of its pipeline (docs/architecture.md): a stage may use the ones before
/// it, never the other way round, so no two namespaces may use each other, directly or through others.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void No_namespace_of_the_launcher_uses_one_that_uses_it_back()
    {
        var dependencies = NamespaceDependencies.Read(typeof(ExitCodes).Assembly.Location, "PromscaleLauncher");

        var cycles = dependencies.Cycles();

        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(cycle =>
            "cycle: " + string.Join(" ⇄ ", cycle) + "; for example "
            + string.Join("; ", cycle.SelectMany(from => cycle
                .Where(to => dependencies.Edges.GetValueOrDefault(from)?.ContainsKey(to) == true)
                .Select(to => dependencies.Edges[from][to]))))));
    }

    [Fact]
    public void Finds_the_dependencies_it_must_see()
    {
        // The reader must see what the cycle check relies on, or an empty graph would pass it.
        var dependencies = NamespaceDependencies.Read(typeof(ExitCodes).Assembly.Location, "PromscaleLauncher");

        Assert.Contains("PromscaleLauncher.Configuration", dependencies.Edges["PromscaleLauncher.Commands"].Keys);
        Assert.Contains("PromscaleLauncher.Signals", dependencies.Edges["PromscaleLauncher.Supervision"].Keys);
        Assert.Contains("PromscaleLauncher.Promscale", dependencies.Edges["PromscaleLauncher.Configuration"].Keys);
    }

    [Fact]
    public void Reports_a_cycle_made_only_through_a_method_body()
    {
        var dependencies = NamespaceDependencies.Read(typeof(NamespaceCycleTests).Assembly.Location, "PromscaleLauncher.Tests.Architecture.CycleSample");

        var cycle = Assert.Single(dependencies.Cycles());

        Assert.Equal(["PromscaleLauncher.Tests.Architecture.CycleSample.Reading", "PromscaleLauncher.Tests.Architecture.CycleSample.Writing"], cycle);
    }
}
