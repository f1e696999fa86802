using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.FirstInstall;

/// <summary>
/// PostgreSQL 14, the one Promscale 0.10.0 accepts, with the SQL-only TimescaleDB stand-in (2.19.3, as on Scalingo): it
/// has no library, so it cannot show a preloaded one, and the first install's path is refused there as not preloaded.
/// What it can show: the path Promscale takes itself, to ready.
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class FirstInstallOnPostgres14Tests(Postgres14Fixture fixture)
{
    [PostgresFact(PostgresVersion.V14)]
    public async Task Refuses_the_first_install_as_not_preloaded_since_the_SQL_only_stand_in_cannot_show_preload()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(cluster, PostgresCluster.CreatorRole, database);
        var environment = LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database, overrides: ("PORT", FreePort.Next().ToString()));
        var before = await DatabaseSnapshot.ReadAsync(cluster, database);

        var check = CheckJsonReport.Of(await LauncherProcess.RunAsync(environment, "check", "--json")).Check("schema.first-install");
        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(("impossible", "not-preloaded", "2.19.3"), (check.Evidence("path"), check.Evidence("obstacles"), check.Evidence("timescaledb_at_migration")));
        Assert.Equal(ExitCodes.DatabaseIncompatible, result.ExitCode);
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.FirstInstallStarting) || e.Is(LauncherEvents.PromscaleStarted));
        Assert.Equal(before, await DatabaseSnapshot.ReadAsync(cluster, database));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reaches_ready_with_the_schema_Promscale_installs_itself_on_a_server_without_TimescaleDB()
    {
        await using var cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions(PostgresVersion.V14) { TimescaleDbAvailable = false }, CancellationToken.None);
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var environment = LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database, overrides: ("PORT", FreePort.Next().ToString()));

        var check = CheckJsonReport.Of(await LauncherProcess.RunAsync(environment, "check", "--json")).Check("schema.first-install");
        await using (var launcher = RunningLauncher.Start(environment))
        {
            await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
            launcher.Signal(15);
            Assert.Equal(0, await launcher.WaitForExitAsync());
            Assert.DoesNotContain(launcher.Events, e => e.Id is >= LauncherEvents.FirstInstallStarting and <= LauncherEvents.FirstInstallInterrupted);
        }

        Assert.Equal(("ok", "fresh-install", "none"), (check.Status, check.Evidence("path"), check.Evidence("timescaledb_at_migration")));
        var snapshot = await DatabaseSnapshot.ReadAsync(cluster, database);
        Assert.Equal((null, "0.10.0"), (snapshot.TimescaleDbVersion, snapshot.SchemaVersion));
    }
}
