using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Cli;

[Collection(PostgresCollections.V17)]
public sealed class CheckOnPostgres17Tests(Postgres17Fixture fixture)
{
    [PostgresFact(PostgresVersion.V17)]
    public async Task Refuses_Promscale_0_10_on_PostgreSQL_17_with_exit_65()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await cluster.EnableTimescaleDbAsync(database);

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database), "check");

        Assert.Equal(ExitCodes.DatabaseIncompatible, result.ExitCode);
        Assert.Contains("FAIL  pg.version", result.StandardOutput);
        Assert.Contains("runs on PostgreSQL 12–14 only", result.StandardOutput);
    }
}

[Collection(PostgresCollections.V15)]
public sealed class CheckOnPostgres15Tests(Postgres15Fixture fixture)
{
    [PostgresFact(PostgresVersion.V15)]
    public async Task Lets_Promscale_0_17_start_on_PostgreSQL_15_with_its_extension_and_three_pools()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await cluster.EnableTimescaleDbAsync(database);

        var result = await LauncherProcess.RunAsync(
            LauncherEnvironment.For(cluster, PostgresCluster.AppRole, database, overrides: ("PROMSCALE_VERSION", "0.17.0")), "check");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Promscale will create it at start", result.StandardOutput);
        Assert.Contains("PROMSCALE_DB_CONNECTIONS_MAINT_POOL_SIZE=", result.StandardOutput);
        Assert.Contains("does not need CREATEROLE", result.StandardOutput);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Refuses_Promscale_0_10_on_PostgreSQL_15()
    {
        var cluster = fixture.Cluster;

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, PostgresCluster.CreatorDatabase), "check");

        Assert.Equal(ExitCodes.DatabaseIncompatible, result.ExitCode);
    }
}

[Collection(PostgresCollections.V15WithoutPreload)]
public sealed class CheckWithoutPreloadTests(Postgres15WithoutPreloadFixture fixture)
{
    [PostgresFact(PostgresVersion.V15)]
    public async Task Fails_when_TimescaleDB_would_be_created_without_its_library_preloaded()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);

        var result = await LauncherProcess.RunAsync(
            LauncherEnvironment.For(cluster, PostgresCluster.AppRole, database, overrides: ("PROMSCALE_VERSION", "0.17.0")), "check");

        Assert.Equal(ExitCodes.DatabaseIncompatible, result.ExitCode);
        Assert.Contains("FAIL  tsdb.preload", result.StandardOutput);
        Assert.Contains("must be preloaded", result.StandardOutput);
    }
}
