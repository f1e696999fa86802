using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PromscaleLauncher.Database;
using PromscaleLauncher.Supervision;
using PromscaleLauncher.Tests.Database;
using PromscaleLauncher.Tests.Support;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Connections;

public sealed class ConnectionShortageWatchTests
{
    private const string Refusal = "failed to connect to `host=h user=u database=d`: server error (FATAL: sorry, too many clients already (SQLSTATE 53300))";

    private static ServerFacts Facts() => ServerFactsExamples.Scalingo14() with
    {
        MaxConnections = 30,
        OtherConnections = 9,
        PromscaleConnections = 6,
        PromscaleSessions = new Dictionary<string, int>
        {
            [PromscaleSessionName.Format("0.10.0", "web-1", 11, "aaaaaa")] = 2,
            [PromscaleSessionName.Format("0.10.0", "web-2", 5, "bbbbbb")] = 4,
        },
    };

    [Fact]
    public async Task Reads_who_holds_the_connections_at_most_once_a_minute()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger();
        var reads = 0;
        var watch = new ConnectionShortageWatch(SettingsExamples.Scalingo(), logger, time, _ => { reads++; return Task.FromResult(Facts()); });

        watch.OnLine(Refusal);
        await watch.Pending.WaitAsync(TimeSpan.FromSeconds(10));
        watch.OnLine(Refusal);
        time.Advance(TimeSpan.FromSeconds(59));
        watch.OnLine(Refusal);
        await watch.Pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, reads);

        time.Advance(TimeSpan.FromSeconds(1));
        watch.OnLine(Refusal);
        await watch.Pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, reads);

        var events = logger.Events.ToList();
        Assert.Equal(2, events.Count(e => e.EventId == LauncherEvents.ConnectionShortage));
        var properties = events.First().Properties;
        Assert.Equal("max_connections", properties["Limit"]);
        Assert.Equal("web-1", properties["Container"]);
        Assert.Equal(2, properties["OwnConnections"]);
        Assert.Equal("11", properties["OwnBudget"]);
        Assert.Equal(4, properties["PeerConnections"]);
        Assert.Contains("web-2", (string)properties["Peers"]!);
        Assert.Equal(9, properties["OtherConnections"]);
    }

    [Fact]
    public void Does_not_hold_up_the_line_while_the_database_is_read()
    {
        var reading = new TaskCompletionSource<ServerFacts>();
        var watch = new ConnectionShortageWatch(SettingsExamples.Scalingo(), new RecordingLogger(), new FakeTimeProvider(), _ => reading.Task);

        watch.OnLine(Refusal);

        Assert.False(watch.Pending.IsCompleted);
        reading.SetResult(Facts());
    }

    [Fact]
    public async Task Names_the_limit_from_Promscales_words_when_the_server_refuses_the_launcher_too()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger();
        var attempts = 0;
        // No pause between the tries here: their count and the report are under test, not the waiting.
        var watch = new ConnectionShortageWatch(SettingsExamples.Scalingo(), logger, time, _ =>
        {
            attempts++;
            return Task.FromException<ServerFacts>(new NpgsqlException("refused"));
        }, retryDelays: [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero]);

        watch.OnLine("Healthcheck failed failedtoconnectto`host=h`:servererror(FATAL:remainingconnectionslotsarereservedfornon-replicationsuperuserconnections(SQLSTATE53300))");
        await watch.Pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(4, attempts);
        var report = Assert.Single(logger.Events);
        Assert.Equal(LauncherEvents.ConnectionShortageUnread, report.EventId);
        Assert.Equal("reserved_slots", report.Properties["Limit"]);
    }

    [Fact]
    public void Ignores_lines_that_are_not_refusals()
    {
        var reads = 0;
        var watch = new ConnectionShortageWatch(SettingsExamples.Scalingo(), new RecordingLogger(), new FakeTimeProvider(), _ => { reads++; return Task.FromResult(Facts()); });

        watch.OnLine("ingestor throughput");

        Assert.Equal(0, reads);
        Assert.True(watch.Pending.IsCompleted);
    }
}
