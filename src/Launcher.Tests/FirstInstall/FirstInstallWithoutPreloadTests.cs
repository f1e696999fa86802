using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.FirstInstall;

/// <summary>
/// PostgreSQL 15 whose native TimescaleDB stand-in is not preloaded: CREATE EXTENSION would end with FATAL, so the first
/// install is refused before Promscale's schema goes in (it could not be completed), and nothing changes.
/// </summary>
[Collection(PostgresCollections.V15WithoutPreload)]
public sealed class FirstInstallWithoutPreloadTests(Postgres15WithoutPreloadFixture fixture)
{
    [PostgresFact(PostgresVersion.V15)]
    public async Task Refuses_the_first_install_when_the_library_is_not_preloaded_and_changes_nothing()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var environment = LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database, overrides: ("PORT", FreePort.Next().ToString()));
        var before = await DatabaseSnapshot.ReadAsync(cluster, database);

        var report = CheckJsonReport.Of(await LauncherProcess.RunAsync(environment, "check", "--json"));
        var result = await LauncherProcess.RunAsync(environment);

        var check = report.Check("schema.first-install");
        Assert.Equal(("fail", "impossible", "not-preloaded"), (check.Status, check.Evidence("path"), check.Evidence("obstacles")));
        Assert.Contains("PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false", check.Fix);
        Assert.Equal("fail", report.Check("tsdb.preload").Status);
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.FirstInstallStarting) || e.Is(LauncherEvents.PromscaleStarted));
        Assert.Equal(before, await DatabaseSnapshot.ReadAsync(cluster, database));
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Is_not_fooled_by_the_setting_in_postgresql_conf_without_the_library()
    {
        await using var cluster = await PostgresCluster.StartAsync(
            new PostgresClusterOptions(PostgresVersion.V15) { TimescaleDbPreloaded = false, TimescaleDbSettingWithoutLibrary = true }, CancellationToken.None);
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var environment = LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database, overrides: ("PORT", FreePort.Next().ToString()));
        var before = await DatabaseSnapshot.ReadAsync(cluster, database);

        var report = CheckJsonReport.Of(await LauncherProcess.RunAsync(environment, "check", "--json"));
        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal("fail", report.Check("tsdb.preload").Status);
        Assert.Equal("not-preloaded", report.Check("schema.first-install").Evidence("obstacles"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.FirstInstallStarting) || e.Is(LauncherEvents.PromscaleStarted));
        Assert.Equal(before, await DatabaseSnapshot.ReadAsync(cluster, database));
    }
}
