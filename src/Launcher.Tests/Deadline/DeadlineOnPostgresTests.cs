using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Deadline;

/// <summary>The PostgreSQL 15 deadline said by `check` and the start-up log of a real launcher on a real PostgreSQL 14.</summary>
[Collection(PostgresCollections.V14)]
public sealed class DeadlineOnPostgres14Tests(Postgres14Fixture fixture)
{
    private const string App = "my-promscale";

    private async Task<Dictionary<string, string>> EnvironmentAsync(params (string Name, string Value)[] overrides) =>
        LauncherEnvironment.For(fixture.Cluster, PostgresCluster.CreatorRole, await fixture.Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole),
            overrides: [LauncherEnvironment.WithoutTimescaleDb, ("APP", App), .. overrides]);

    /// <summary>The launcher reads the real clock: the days left are today's, whichever side of midnight it read them.</summary>
    private static void AssertDaysLeftOfToday(string? reported, DateTimeOffset before, DateTimeOffset after)
    {
        var upgrade = new DateOnly(2027, 1, 11).DayNumber;
        int[] possible = [upgrade - DateOnly.FromDateTime(before.UtcDateTime).DayNumber, upgrade - DateOnly.FromDateTime(after.UtcDateTime).DayNumber];
        Assert.Contains(int.Parse(reported!, System.Globalization.CultureInfo.InvariantCulture), possible);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Check_warns_of_the_upgrade_with_its_date_days_left_and_the_export_command_and_still_passes()
    {
        var before = DateTimeOffset.UtcNow;
        var result = await LauncherProcess.RunAsync(await EnvironmentAsync(), "check", "--json");
        var after = DateTimeOffset.UtcNow;

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = CheckJsonReport.Of(result);
        Assert.True(report.CanStart);
        var deadline = report.Check("pg.upgrade-deadline");
        Assert.Equal("warn", deadline.Status);
        Assert.Equal("2027-01-11", deadline.Evidence("upgrade_date"));
        AssertDaysLeftOfToday(deadline.Evidence("days_left"), before, after);
        Assert.Equal($"scalingo --app {App} run --detached promscale-launcher export --target https://<receiver>/api/v1/write --resume", deadline.Evidence("export_command"));
        // Right after the version check it explains.
        var ids = report.Checks.Select(check => check.Id).ToList();
        Assert.Equal(ids.IndexOf("pg.version") + 1, ids.IndexOf("pg.upgrade-deadline"));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task The_start_up_log_warns_of_the_upgrade_then_Promscale_starts()
    {
        var environment = await EnvironmentAsync(("PORT", FreePort.Next().ToString()), ("FAKE_PROMSCALE_EXIT_AFTER_READY", "0"));

        var result = await LauncherProcess.RunAsync(environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        var events = result.Events;
        var warning = Assert.Single(events, e => e.Is(LauncherEvents.CheckWarning, "CheckId", "pg.upgrade-deadline"));
        // The date is what the line is for.
        Assert.Contains("2027-01-11", warning.Property("Summary"));
        Assert.Contains($"scalingo --app {App} run --detached promscale-launcher export", warning.Property("Fix"));
        Assert.Contains(events.SkipWhile(e => !e.Is(LauncherEvents.CheckWarning, "CheckId", "pg.upgrade-deadline")), e => e.Is(LauncherEvents.PromscaleStarted));
    }
}

/// <summary>After the upgrade: Promscale 0.10.0 refused on a real PostgreSQL 15, the refusal pointing to the export.</summary>
[Collection(PostgresCollections.V15)]
public sealed class DeadlineOnPostgres15Tests(Postgres15Fixture fixture)
{
    [PostgresFact(PostgresVersion.V15)]
    public async Task Refuses_0_10_with_the_export_that_still_reads_the_data()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);

        var result = await LauncherProcess.RunAsync(
            LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database, overrides: [LauncherEnvironment.WithoutTimescaleDb, ("APP", "my-promscale")]), "check", "--json");

        Assert.Equal(ExitCodes.DatabaseIncompatible, result.ExitCode);
        var report = CheckJsonReport.Of(result);
        var version = report.Check("pg.version");
        Assert.Equal(("fail", ExitCodes.DatabaseIncompatible), (version.Status, version.ExitCode));
        Assert.StartsWith("15", version.Evidence("server_version"));
        Assert.StartsWith("scalingo --app my-promscale run --detached promscale-launcher export --target ", version.Evidence("export_command"));
        // That the export still reads the data is the message itself.
        Assert.Contains("promscale-launcher export", version.Summary);
        Assert.DoesNotContain(report.Checks, check => check.Id == "pg.upgrade-deadline");
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Says_nothing_of_the_deadline_to_0_17_which_accepts_PostgreSQL_15()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.AppRole);
        await cluster.EnableTimescaleDbAsync(database);

        var result = await LauncherProcess.RunAsync(
            LauncherEnvironment.For(cluster, PostgresCluster.AppRole, database, overrides: ("PROMSCALE_VERSION", "0.17.0")), "check", "--json");

        var report = CheckJsonReport.Of(result);
        Assert.Equal("ok", report.Check("pg.version").Status);
        Assert.Null(report.Check("pg.version").Evidence("export_command"));
        Assert.DoesNotContain(report.Checks, check => check.Id == "pg.upgrade-deadline");
    }
}
