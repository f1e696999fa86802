using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;
using PromscaleLauncher.Tests.Support.Receivers;

namespace PromscaleLauncher.Tests.Export;

/// <summary>
/// `promscale-launcher export` from a database written as Promscale 0.10.0 ingests, to real receivers (Debian's
/// victoria-metrics and prometheus) started on loopback: every sample read back, interruptions resumed without loss or
/// duplicates, credentials refused cleanly. Shared by the PostgreSQL 14 and 15 classes.
/// </summary>
public abstract class ExportToReceiversTests(PostgresCluster cluster)
{
    private const int SigTerm = 15;
    private const string ReceiverUser = "exporter";
    private const string ReceiverPassword = "recv-Pa55-never-printed";
    private const string ReceiverToken = "tok-3n-never-printed-7f1c";
    private const string WrongToken = "tok-wrong-never-printed-9a2e";

    static ExportToReceiversTests() => SecretRegistry.Register(ReceiverPassword, "wrong-Pa55-never-printed", ReceiverToken, WrongToken);

    private static Dictionary<string, string> Environment(ExportDatabase database, params (string Name, string Value)[] overrides) =>
        Environment(database, PostgresCluster.CreatorRole, overrides);

    private static Dictionary<string, string> Environment(ExportDatabase database, string role, params (string Name, string Value)[] overrides)
    {
        var environment = LauncherEnvironment.For(database.Cluster, role, database.Name, overrides: overrides);
        // export needs neither Promscale nor its web auth.
        environment.Remove("PROMSCALE_WEB_AUTH_USERNAME");
        environment.Remove("PROMSCALE_WEB_AUTH_PASSWORD");
        environment.Remove("PROMSCALE_BIN");
        return environment;
    }

    private static void AssertSameSamples(IEnumerable<ReceivedSample> expected, IEnumerable<ReceivedSample> received)
    {
        static string Key(ReceivedSample s) => $"{s.Series} {s.TimestampMs} {BitConverter.DoubleToInt64Bits(s.Value):x16}";
        var want = expected.Select(Key).Order(StringComparer.Ordinal).ToList();
        var got = received.Select(Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(want.Count, got.Count);
        Assert.Equal(want, got);
    }

    protected async Task Exports_every_sample_to_VictoriaMetrics_and_verifies_the_counts_Async()
    {
        await using var receiver = await VictoriaMetricsReceiver.StartAsync();
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);

        var result = await LauncherProcess.RunAsync(Environment(database), "export", "--target", receiver.WriteUrl, "--verify", "--batch-samples", "50");

        Assert.True(result.ExitCode == 0, result.ToString());
        var received = await receiver.ExportAsync(ExportDatabase.Metrics);
        // VictoriaMetrics keeps the stale marker as a sample (its export returns it, NaN with Prometheus' bits or not).
        AssertSameSamples(database.Expected.Where(s => !double.IsNaN(s.Value)), received.Where(s => !double.IsNaN(s.Value)));
        Assert.Equal(database.Expected.Count(s => double.IsNaN(s.Value)), received.Count(s => double.IsNaN(s.Value)));
        var done = Assert.Single(result.Events, e => e.Is(LauncherEvents.ExportDone));
        Assert.Equal(database.Expected.Count.ToString(), done.Property("Samples"));
        Assert.Equal("0", Assert.Single(result.Events, e => e.Is(LauncherEvents.ExportVerifyDone)).Property("Mismatches"));
        Assert.Equal(3, result.Events.Count(e => e.Is(LauncherEvents.ExportMetricSummary)));
        Assert.Contains(result.Events, e => e.Is(LauncherEvents.ExportDatabaseChange));
    }

    protected async Task Exports_every_sample_to_Prometheus_Async()
    {
        await using var receiver = await PrometheusReceiver.StartAsync();
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);

        var result = await LauncherProcess.RunAsync(Environment(database), "export", "--target", receiver.WriteUrl, "--verify");

        Assert.True(result.ExitCode == 0, result.ToString());
        var received = await receiver.QueryAsync(ExportDatabase.Metrics, TimeSpan.FromDays(11));
        // Prometheus' query API never returns stale markers (its TSDB stores them; queries skip them).
        AssertSameSamples(database.Expected.Where(s => !double.IsNaN(s.Value)), received);
        Assert.Equal("0", Assert.Single(result.Events, e => e.Is(LauncherEvents.ExportVerifyDone)).Property("Mismatches"));
    }

    protected async Task Resumes_after_a_receiver_that_answers_503_without_loss_or_duplicates_Async()
    {
        await using var receiver = await VictoriaMetricsReceiver.StartAsync();
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);
        await using var proxy = new CountingProxy(receiver.WriteUrl) { ForwardBeforeFailing = 7 };
        var environment = Environment(database, ("PROMSCALE_LAUNCHER_EXPORT_RETRY_TIMEOUT", "2"));

        var failed = await LauncherProcess.RunAsync(environment, "export", "--target", proxy.WriteUrl, "--batch-samples", "25", "--concurrency", "1");

        Assert.True(failed.ExitCode == ExitCodes.DatabaseUnavailable, failed.ToString());
        Assert.Contains(failed.Events, e => e.Is(LauncherEvents.ExportReceiverRetry));
        Assert.Single(failed.Events, e => e.Is(LauncherEvents.ExportReceiverUnavailable));
        var sentBefore = proxy.AcknowledgedSamples;
        Assert.InRange(sentBefore, 1, database.Expected.Count - 1);

        // Without --resume: refused, nothing sent.
        var refused = await LauncherProcess.RunAsync(environment, "export", "--target", proxy.WriteUrl);
        Assert.True(refused.ExitCode == ExitCodes.Usage, refused.ToString());
        Assert.Single(refused.Events, e => e.Is(LauncherEvents.ExportProgressExists));

        proxy.ForwardBeforeFailing = null;
        var resumed = await LauncherProcess.RunAsync(environment, "export", "--target", proxy.WriteUrl, "--resume", "--batch-samples", "25");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Single(resumed.Events, e => e.Is(LauncherEvents.ExportResumed));
        Assert.Equal(database.Expected.Count, proxy.AcknowledgedSamples);
        var received = await receiver.ExportAsync(ExportDatabase.Metrics);
        AssertSameSamples(database.Expected.Where(s => !double.IsNaN(s.Value)), received.Where(s => !double.IsNaN(s.Value)));
    }

    protected async Task Finishes_the_request_in_flight_on_SIGTERM_exits_143_and_resumes_Async()
    {
        await using var receiver = await VictoriaMetricsReceiver.StartAsync();
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);
        await using var proxy = new CountingProxy(receiver.WriteUrl) { HoldRequest = 5 };
        var environment = Environment(database);

        await using (var launcher = RunningLauncher.Start(environment, null, "export", "--target", proxy.WriteUrl, "--batch-samples", "20", "--concurrency", "1"))
        {
            await proxy.Held.WaitAsync(TimeSpan.FromSeconds(60));
            launcher.Signal(SigTerm);
            // Released only once the launcher saw the signal: the held request must be its last.
            Assert.Equal("SIGTERM", (await launcher.WaitForEventAsync(LauncherEvents.ExportStopping, TimeSpan.FromSeconds(30))).Property("Signal"));
            proxy.Release();
            Assert.Equal(128 + SigTerm, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal("SIGTERM", Assert.Single(launcher.Events, e => e.Is(LauncherEvents.ExportInterrupted)).Property("Signal"));
        }
        // The held request was the last one (the first carries the metadata, windows end in smaller requests); it was
        // acknowledged and recorded: the resumed run's total below counts it exactly once.
        Assert.Equal(5, proxy.Requests);
        Assert.InRange(proxy.AcknowledgedSamples, 1, database.Expected.Count - 1);

        var resumed = await LauncherProcess.RunAsync(environment, "export", "--target", proxy.WriteUrl, "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(database.Expected.Count, proxy.AcknowledgedSamples);
        var received = await receiver.ExportAsync(ExportDatabase.Metrics);
        AssertSameSamples(database.Expected.Where(s => !double.IsNaN(s.Value)), received.Where(s => !double.IsNaN(s.Value)));
    }

    protected async Task Refuses_wrong_credentials_once_without_printing_them_Async()
    {
        await using var receiver = await VictoriaMetricsReceiver.StartAsync((ReceiverUser, ReceiverPassword));
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);
        await using var proxy = new CountingProxy(receiver.WriteUrl);

        var wrong = await LauncherProcess.RunAsync(
            Environment(database, ("PROMSCALE_LAUNCHER_EXPORT_USERNAME", ReceiverUser), ("PROMSCALE_LAUNCHER_EXPORT_PASSWORD", "wrong-Pa55-never-printed")),
            "export", "--target", proxy.WriteUrl);

        Assert.True(wrong.ExitCode == ExitCodes.PermissionDenied, wrong.ToString());
        Assert.Single(wrong.Events, e => e.Is(LauncherEvents.ExportReceiverUnauthorized));
        Assert.DoesNotContain(wrong.Events, e => e.Is(LauncherEvents.ExportReceiverRetry));
        Assert.Equal(1, proxy.Requests);
        SecretRegistry.AssertAbsentFrom(wrong.AllOutput, "export's output");

        var right = await LauncherProcess.RunAsync(
            Environment(database, ("PROMSCALE_LAUNCHER_EXPORT_USERNAME", ReceiverUser), ("PROMSCALE_LAUNCHER_EXPORT_PASSWORD", ReceiverPassword)),
            "export", "--target", proxy.WriteUrl, "--resume", "--verify");

        Assert.True(right.ExitCode == 0, right.ToString());
        SecretRegistry.AssertAbsentFrom(right.AllOutput, "export's output");
        var received = await receiver.ExportAsync(ExportDatabase.Metrics);
        AssertSameSamples(database.Expected.Where(s => !double.IsNaN(s.Value)), received.Where(s => !double.IsNaN(s.Value)));
    }

    protected async Task Stops_a_window_a_receiver_refuses_with_its_message_and_the_setting_that_allows_old_samples_Async()
    {
        await using var receiver = await PrometheusReceiver.StartAsync(acceptOldSamples: false);
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);

        var result = await LauncherProcess.RunAsync(Environment(database), "export", "--target", receiver.WriteUrl, "--metric", "cpu_seconds_total");

        Assert.True(result.ExitCode == ExitCodes.DatabaseIncompatible, result.ToString());
        var rejected = result.Events.Where(e => e.Is(LauncherEvents.ExportReceiverRejected)).ToList();
        Assert.NotEmpty(rejected);
        Assert.All(rejected, e => Assert.Equal("400", e.Property("Status")));
        Assert.All(rejected, e => Assert.Contains("out_of_order_time_window", e.Property("Fix")));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.ExportReceiverRetry));
    }

    protected async Task Dry_run_counts_per_metric_and_writes_nothing_Async()
    {
        var database = await ExportDatabase.CreateAsync(cluster);

        var result = await LauncherProcess.RunAsync(Environment(database), "export", "--target", "http://127.0.0.1:9/api/v1/write", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        var counts = result.Events.Where(e => e.Is(LauncherEvents.ExportDryRunMetric)).ToDictionary(e => e.Property("Metric")!, e => e.Property("Samples"));
        Assert.Equal("240", counts["cpu_seconds_total"]);
        Assert.Equal("80", counts[ExportDatabase.LongMetric]);
        Assert.NotEqual(ExportDatabase.LongMetric, result.Events.Single(e => e.Is(LauncherEvents.ExportDryRunMetric, "Metric", ExportDatabase.LongMetric)).Property("Table"));
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM pg_namespace WHERE nspname = 'promscale_launcher'"));
    }

    protected async Task Refuses_a_role_that_cannot_create_the_progress_schema_before_sending_anything_Async()
    {
        await using var receiver = await VictoriaMetricsReceiver.StartAsync();
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);
        // A reader that is not the owner: it can read every Promscale table but not create a schema in the database.
        var reader = await cluster.CreateRoleAsync("NOCREATEDB NOCREATEROLE");
        await using (var superuser = await cluster.OpenSuperuserAsync(database.Name))
        {
            await SqlQueries.ExecuteAsync(superuser,
                $"""
                REVOKE CREATE ON DATABASE "{database.Name}" FROM PUBLIC;
                GRANT CONNECT ON DATABASE "{database.Name}" TO "{reader}";
                DO $$ DECLARE s text; BEGIN
                    FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema' LOOP
                        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, '{reader}');
                        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', s, '{reader}');
                    END LOOP;
                END $$;
                """);
        }
        Assert.Equal(0, await database.ScalarAsync($"SELECT count(*) FROM (SELECT 1 WHERE has_database_privilege('{reader}', current_database(), 'CREATE')) AS can_create"));
        await using var proxy = new CountingProxy(receiver.WriteUrl);

        var result = await LauncherProcess.RunAsync(Environment(database, reader), "export", "--target", proxy.WriteUrl);

        Assert.True(result.ExitCode == ExitCodes.PermissionDenied, result.ToString());
        var refused = Assert.Single(result.Events, e => e.Is(LauncherEvents.ExportCannotRecordProgress));
        Assert.Equal($"CREATE on database {database.Name}", refused.Property("Privilege"));
        Assert.Equal(reader, refused.Property("Role"));
        Assert.Contains($"GRANT CREATE ON DATABASE {database.Name} TO {reader}", refused.Property("Fix"));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.ExportDatabaseChange));
        Assert.DoesNotContain(result.Events, e => e.Is(LauncherEvents.ExportStarting));
        Assert.Equal(0, proxy.Requests);
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM pg_namespace WHERE nspname = 'promscale_launcher'"));
    }

    protected async Task Sends_a_bearer_token_and_refuses_a_wrong_one_once_without_printing_it_Async()
    {
        await using var receiver = await VictoriaMetricsReceiver.StartAsync();
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);
        await using var proxy = new CountingProxy(receiver.WriteUrl) { RequiredBearerToken = ReceiverToken };

        var wrong = await LauncherProcess.RunAsync(Environment(database, ("PROMSCALE_LAUNCHER_EXPORT_BEARER_TOKEN", WrongToken)), "export", "--target", proxy.WriteUrl);

        Assert.True(wrong.ExitCode == ExitCodes.PermissionDenied, wrong.ToString());
        var unauthorized = Assert.Single(wrong.Events, e => e.Is(LauncherEvents.ExportReceiverUnauthorized));
        Assert.Equal("401", unauthorized.Property("Status"));
        Assert.Equal("bearer token", unauthorized.Property("Credentials"));
        Assert.DoesNotContain(wrong.Events, e => e.Is(LauncherEvents.ExportReceiverRetry));
        Assert.Equal(1, proxy.Requests);
        Assert.Equal(0, proxy.AcknowledgedSamples);
        SecretRegistry.AssertAbsentFrom(wrong.AllOutput, "export's output");

        var right = await LauncherProcess.RunAsync(Environment(database, ("PROMSCALE_LAUNCHER_EXPORT_BEARER_TOKEN", ReceiverToken)), "export", "--target", proxy.WriteUrl, "--resume", "--verify");

        Assert.True(right.ExitCode == 0, right.ToString());
        SecretRegistry.AssertAbsentFrom(right.AllOutput, "export's output");
        Assert.Equal(database.Expected.Count, proxy.AcknowledgedSamples);
        Assert.Equal("0", Assert.Single(right.Events, e => e.Is(LauncherEvents.ExportVerifyDone)).Property("Mismatches"));
        var received = await receiver.ExportAsync(ExportDatabase.Metrics);
        AssertSameSamples(database.Expected.Where(s => !double.IsNaN(s.Value)), received.Where(s => !double.IsNaN(s.Value)));
    }

    protected async Task Keeps_reporting_progress_while_the_receiver_holds_a_request_Async()
    {
        await using var receiver = await VictoriaMetricsReceiver.StartAsync();
        if (receiver is null)
        {
            return;
        }
        var database = await ExportDatabase.CreateAsync(cluster);
        await using var proxy = new CountingProxy(receiver.WriteUrl) { HoldRequest = 3 };

        await using var launcher = RunningLauncher.Start(Environment(database), null, "export", "--target", proxy.WriteUrl, "--batch-samples", "20", "--concurrency", "1");
        await proxy.Held.WaitAsync(TimeSpan.FromSeconds(60));
        var windows = (await launcher.WaitForEventAsync(LauncherEvents.ExportStarting, TimeSpan.FromSeconds(5))).Property("Windows");

        // Two progress events printed after the request was held: the output goes on while nothing is acknowledged
        // (one every 5 s; 20 s leaves room on a loaded machine).
        var progress = new List<JsonEvent>();
        var seen = launcher.Lines.Where(line => JsonEvents.Is(line, LauncherEvents.ExportProgress)).ToHashSet(StringComparer.Ordinal);
        var bound = TimeSpan.FromSeconds(20);
        var started = TimeProvider.System.GetTimestamp();
        for (var k = 0; k < 2; k++)
        {
            var left = bound - TimeProvider.System.GetElapsedTime(started);
            var line = await launcher.WaitForLineAsync(
                line => JsonEvents.Is(line, LauncherEvents.ExportProgress) && !seen.Contains(line), "a new progress event while a request is held", left > TimeSpan.Zero ? left : TimeSpan.Zero);
            seen.Add(line);
            progress.Add(JsonEvents.Parse(line)!);
        }
        Assert.DoesNotContain(launcher.Events, e => e.Is(LauncherEvents.ExportDone));
        Assert.Equal(3, proxy.Requests);
        var acknowledged = proxy.AcknowledgedSamples.ToString();
        Assert.All(progress, e =>
        {
            Assert.Equal(windows, e.Property("WindowsTotal"));
            Assert.Equal(acknowledged, e.Property("Samples"));
            Assert.Equal(progress[0].Property("WindowsDone"), e.Property("WindowsDone"));
        });
        Assert.InRange(int.Parse(progress[0].Property("WindowsDone")!), 0, int.Parse(windows!) - 1);
        Assert.InRange(proxy.AcknowledgedSamples, 1, database.Expected.Count - 1);

        proxy.Release();

        Assert.Equal(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(database.Expected.Count.ToString(), Assert.Single(launcher.Events, e => e.Is(LauncherEvents.ExportDone)).Property("Samples"));
        Assert.Equal(database.Expected.Count, proxy.AcknowledgedSamples);
    }
}

[Collection(PostgresCollections.V15)]
public sealed class ExportOnPostgres15Tests(Postgres15Fixture fixture) : ExportToReceiversTests(fixture.Cluster)
{
    [PostgresFact(PostgresVersion.V15)]
    public Task Exports_every_sample_to_VictoriaMetrics_and_verifies_the_counts() => Exports_every_sample_to_VictoriaMetrics_and_verifies_the_counts_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Exports_every_sample_to_Prometheus() => Exports_every_sample_to_Prometheus_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Resumes_after_a_receiver_that_answers_503_without_loss_or_duplicates() => Resumes_after_a_receiver_that_answers_503_without_loss_or_duplicates_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Finishes_the_request_in_flight_on_SIGTERM_exits_143_and_resumes() => Finishes_the_request_in_flight_on_SIGTERM_exits_143_and_resumes_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Refuses_wrong_credentials_once_without_printing_them() => Refuses_wrong_credentials_once_without_printing_them_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Stops_a_window_a_receiver_refuses_with_its_message_and_the_setting_that_allows_old_samples() =>
        Stops_a_window_a_receiver_refuses_with_its_message_and_the_setting_that_allows_old_samples_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Dry_run_counts_per_metric_and_writes_nothing() => Dry_run_counts_per_metric_and_writes_nothing_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Refuses_a_role_that_cannot_create_the_progress_schema_before_sending_anything() =>
        Refuses_a_role_that_cannot_create_the_progress_schema_before_sending_anything_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Sends_a_bearer_token_and_refuses_a_wrong_one_once_without_printing_it() => Sends_a_bearer_token_and_refuses_a_wrong_one_once_without_printing_it_Async();

    [PostgresFact(PostgresVersion.V15)]
    public Task Keeps_reporting_progress_while_the_receiver_holds_a_request() => Keeps_reporting_progress_while_the_receiver_holds_a_request_Async();
}

[Collection(PostgresCollections.V14)]
public sealed class ExportOnPostgres14Tests(Postgres14Fixture fixture) : ExportToReceiversTests(fixture.Cluster)
{
    [PostgresFact(PostgresVersion.V14)]
    public Task Exports_every_sample_to_VictoriaMetrics_and_verifies_the_counts() => Exports_every_sample_to_VictoriaMetrics_and_verifies_the_counts_Async();

    [PostgresFact(PostgresVersion.V14)]
    public Task Exports_every_sample_to_Prometheus() => Exports_every_sample_to_Prometheus_Async();
}
