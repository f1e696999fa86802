using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.FirstInstall;

/// <summary>
/// PostgreSQL 14, the one Promscale 0.10.0 accepts, on a server without TimescaleDB: the path Promscale takes itself, to
/// ready. The first install with the preloaded TimescaleDB stand-in on 14 is in FirstInstallOnPostgres14PreloadedTests;
/// its refusal without preload in FirstInstallWithoutPreloadTests.
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class FirstInstallOnPostgres14Tests
{
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
