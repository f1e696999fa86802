using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Cli;

/// <summary>The launcher binary with URL parameters and URLs that the configuration must decide (UrlParameters), against a real PostgreSQL 14.</summary>
[Collection(PostgresCollections.V14)]
public sealed class CheckWithUrlParametersTests(Postgres14Fixture fixture)
{
    private PostgresCluster Cluster => fixture.Cluster;

    private static List<JsonEvent> ProblemsWith(ProcessResult result, string variable) =>
        [.. result.Events.Where(e => e.Is(LauncherEvents.ConfigurationProblem, "Variable", variable))];

    [PostgresFact(PostgresVersion.V14)]
    public async Task Check_passes_with_target_session_attrs_read_write_on_one_host()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);

        var result = await LauncherProcess.RunAsync(
            LauncherEnvironment.For(Cluster, PostgresCluster.CreatorRole, database, "sslmode=disable&target_session_attrs=read-write", LauncherEnvironment.WithoutTimescaleDb), "check");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Check_refuses_a_libpq_parameter_Promscale_cannot_use_as_one_configuration_failure_with_exit_78()
    {
        var result = await LauncherProcess.RunAsync(
            LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, PostgresCluster.AppDatabase, "sslmode=disable&keepalives=1"), "check", "--json");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var failure = Assert.Single(CheckJsonReport.Of(result).Checks, check => check.Status == "fail");
        Assert.Equal("config", failure.Id);
        Assert.Contains("keepalives=1", failure.Summary);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Refuses_a_libpq_parameter_Promscale_cannot_use_with_one_error_line_and_exit_78()
    {
        var result = await LauncherProcess.RunAsync(
            LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, PostgresCluster.AppDatabase, "sslmode=disable&channel_binding=require"));

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var problem = Assert.Single(ProblemsWith(result, "SCALINGO_POSTGRESQL_URL"));
        Assert.Contains("channel_binding=require", problem.Property("Problem"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Refuses_a_url_without_a_database_name_with_one_error_line_and_exit_78()
    {
        var environment = LauncherEnvironment.For(Cluster, PostgresCluster.AppRole, PostgresCluster.AppDatabase);
        environment["SCALINGO_POSTGRESQL_URL"] = Cluster.UrlFor(PostgresCluster.AppRole, "", "sslmode=disable");

        var result = await LauncherProcess.RunAsync(environment);

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var problem = Assert.Single(ProblemsWith(result, "SCALINGO_POSTGRESQL_URL"));
        Assert.Contains("/<dbname>", problem.Property("Fix"));
        Assert.DoesNotContain(Cluster.PasswordOf(PostgresCluster.AppRole), result.AllOutput);
    }
}
