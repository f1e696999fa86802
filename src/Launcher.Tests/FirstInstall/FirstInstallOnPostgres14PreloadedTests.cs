using PromscaleLauncher.Tests.Maintenance;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.FirstInstall;

/// <summary>
/// The Scalingo path end to end (docs/first-install.md, docs/promscale.md §10.1): PostgreSQL 14 with the preloaded
/// native TimescaleDB stand-in at 2.19.3 (≥ 2.14, as Scalingo ships it on 14), the real launcher and the fake
/// Promscale 0.10.0, which accepts PostgreSQL 14 and so reaches ready after the first install. The database is
/// fresh and owned by the app user with CREATEROLE, as on Scalingo.
/// </summary>
[Collection(PostgresCollections.V14)]
public sealed class FirstInstallOnPostgres14PreloadedTests(Postgres14Fixture fixture)
{
    private const string Creator = PostgresCluster.CreatorRole;
    private const int SigTerm = 15;
    private static readonly TimeSpan _passWait = TimeSpan.FromSeconds(30);

    private PostgresCluster Cluster => fixture.Cluster;

    private Dictionary<string, string> Environment(string database, params (string Name, string Value)[] overrides) =>
        LauncherEnvironment.For(Cluster, Creator, database, overrides: [("PORT", FreePort.Next().ToString()), .. overrides]);

    private static async Task<ReportedCheck> FirstInstallCheckAsync(Dictionary<string, string> environment) =>
        CheckJsonReport.Of(await LauncherProcess.RunAsync(environment, "check", "--json")).Check("schema.first-install");

    /// <summary>Runs the launcher to ready, stops it with SIGTERM and returns its events; the exit must be 0.</summary>
    private static async Task<IReadOnlyList<JsonEvent>> RunToReadyThenStopAsync(Dictionary<string, string> environment)
    {
        await using var launcher = RunningLauncher.Start(environment);
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        launcher.Signal(SigTerm);
        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        return [.. launcher.Events];
    }

    private static void AssertFirstInstallDoneBeforePromscaleStarted(IReadOnlyList<JsonEvent> events, params string[] steps)
    {
        var starting = Assert.Single(events, e => e.Is(LauncherEvents.FirstInstallStarting));
        Assert.Equal(string.Join(", ", steps), starting.Property("Steps"));
        Assert.Equal(steps, events.Where(e => e.Is(LauncherEvents.FirstInstallStepDone)).Select(e => e.Property("Step")));
        Assert.DoesNotContain(events, e => e.Is(LauncherEvents.FirstInstallStepFailed));
        var done = Assert.Single(events, e => e.Is(LauncherEvents.FirstInstallDone));
        Assert.Equal(("0.10.0", "2.19.3", Creator), (done.Property("SchemaVersion"), done.Property("TimescaleDbVersion"), done.Property("Role")));
        // The schema is installed once (the first install's -migrate=only run); Promscale itself starts only after it.
        Assert.Single(events, e => e.Is(LauncherEvents.PromscaleMigrationStarted));
        Assert.DoesNotContain(events.TakeWhile(e => !e.Is(LauncherEvents.FirstInstallDone)), e => e.Is(LauncherEvents.PromscaleStarted));
        Assert.Contains(events.SkipWhile(e => !e.Is(LauncherEvents.FirstInstallDone)), e => e.Is(LauncherEvents.PromscaleReady));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reaches_ready_after_dropping_the_TimescaleDB_2_19_3_the_app_user_created_installing_the_schema_and_creating_it_again()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        await DatabaseSnapshot.CreateTimescaleDbAsAsync(Cluster, Creator, database);
        var environment = Environment(database);

        var before = await FirstInstallCheckAsync(environment);
        var events = await RunToReadyThenStopAsync(environment);
        var after = await FirstInstallCheckAsync(environment);

        Assert.Equal(("warn", "first-install", "2.19.3"), (before.Status, before.Evidence("path"), before.Evidence("timescaledb_at_migration")));
        Assert.Equal("drop-timescaledb,migrate-schema,create-timescaledb", before.Evidence("steps"));
        AssertFirstInstallDoneBeforePromscaleStarted(events, "drop-timescaledb", "migrate-schema", "create-timescaledb");
        var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
        Assert.Equal(("2.19.3", Creator, "0.10.0"), (snapshot.TimescaleDbVersion, snapshot.TimescaleDbOwner, snapshot.SchemaVersion));
        Assert.Equal(("ok", "existing-schema"), (after.Status, after.Evidence("path")));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reaches_ready_after_installing_the_schema_then_creating_TimescaleDB_2_19_3_when_it_was_not_created()
    {
        var database = await Cluster.CreateDatabaseAsync(Creator);
        var environment = Environment(database);

        var before = await FirstInstallCheckAsync(environment);
        var events = await RunToReadyThenStopAsync(environment);

        Assert.Equal(("first-install", "migrate-schema,create-timescaledb"), (before.Evidence("path"), before.Evidence("steps")));
        AssertFirstInstallDoneBeforePromscaleStarted(events, "migrate-schema", "create-timescaledb");
        var snapshot = await DatabaseSnapshot.ReadAsync(Cluster, database);
        Assert.Equal(("2.19.3", Creator, "0.10.0"), (snapshot.TimescaleDbVersion, snapshot.TimescaleDbOwner, snapshot.SchemaVersion));
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task The_maintenance_loop_drops_old_chunks_of_a_hypertable_metric_after_a_first_install()
    {
        var database = await PromscaleDatabase.CreateAsync(Cluster, timescaleDb: true);
        await database.CreateMetricAsync("cpu_seconds", [TimeSpan.FromDays(3), TimeSpan.FromDays(2), TimeSpan.FromHours(1)], retention: TimeSpan.FromDays(1));
        var chunks = await database.CountChunksAsync();

        await using var launcher = RunningLauncher.Start(Environment(database.Name, ("PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL", "1s")));
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);
        var pass = await launcher.WaitForEventAsync(LauncherEvents.MaintenancePassDone, _passWait);
        launcher.Signal(SigTerm);

        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(chunks.ToString(), pass.Property("ChunksBefore"));
        Assert.True(long.Parse(pass.Property("ChunksAfter")!) < chunks, pass.ToString());
        Assert.Equal(1, await database.CountSamplesAsync("cpu_seconds"));
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.MaintenancePassFailed));
    }
}
