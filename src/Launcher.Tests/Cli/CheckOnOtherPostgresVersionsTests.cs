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

        var result = await LauncherProcess.RunAsync(LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database), "check", "--json");

        Assert.Equal(ExitCodes.DatabaseIncompatible, result.ExitCode);
        var check = CheckJsonReport.Of(result).Check("pg.version");
        Assert.Equal(ExitCodes.DatabaseIncompatible, check.ExitCode);
        Assert.StartsWith("17", check.Evidence("server_version"));
        Assert.Equal("12–14", check.Evidence("accepted"));
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
            LauncherEnvironment.For(cluster, PostgresCluster.AppRole, database, overrides: ("PROMSCALE_VERSION", "0.17.0")), "check", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = CheckJsonReport.Of(result);
        Assert.True(report.CanStart);
        // The promscale extension is on the server, not yet in the database: Promscale creates it at start.
        var extension = report.Check("promscale.extension");
        Assert.Equal("warn", extension.Status);
        Assert.Equal("none", extension.Evidence("installed_version"));
        Assert.NotEqual("none", extension.Evidence("available_version"));
        Assert.Equal("True", report.Check("startup.extensions").Evidence("install_extensions"));
        Assert.NotNull(report.Check("connections.budget").Evidence("PROMSCALE_DB_CONNECTIONS_MAINT_POOL_SIZE"));
        Assert.Equal("ok", report.Check("role.createrole").Status);
        Assert.Equal("False", report.Check("role.privileges").Evidence("createrole"));
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
            LauncherEnvironment.For(cluster, PostgresCluster.AppRole, database, overrides: ("PROMSCALE_VERSION", "0.17.0")), "check", "--json");

        Assert.Equal(ExitCodes.DatabaseIncompatible, result.ExitCode);
        Assert.Equal(ExitCodes.DatabaseIncompatible, CheckJsonReport.Of(result).Check("tsdb.preload").ExitCode);
    }
}
