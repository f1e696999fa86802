using PromscaleLauncher.Logging.Formatting;
using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;
using Serilog;
using Serilog.Events;

namespace PromscaleLauncher.Tests.Logging;

public sealed class TextLineFormatterTests
{
    private static readonly DateTimeOffset _readAt = new(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero);

    private static string Format(LogEvent logEvent)
    {
        using var output = new StringWriter();
        new TextLineFormatter().Format(logEvent, output);
        return output.ToString();
    }

    private static string FormatPromscale(string line) =>
        Format(new PromscaleLogEventFactory().Create(new PromscaleLineParser().Parse(line, null, PromscaleOutputStream.Stderr, _readAt)));

    private static LogEvent Capture(Action<ILogger> log)
    {
        var sink = new CollectingSink();
        using (var logger = Loggers.WritingTo(sink))
        {
            log(logger);
        }

        return sink.Events.Single();
    }

    [Fact]
    public void Writes_a_Promscale_line_with_UTC_time_level_source_message_then_properties()
    {
        Assert.Equal(
            "2026-11-25T20:00:00.123Z INF promscale: Started Prometheus remote-storage HTTP server listening_port=:9201 caller=runner.go:310 PromscaleTs=2023-01-11T10:00:00.100Z Stream=stderr\n",
            FormatPromscale(PromscaleLines.Started017));
    }

    [Fact]
    public void Quotes_values_with_spaces_quotes_or_equals_signs()
    {
        Assert.Equal(
            "2026-11-25T20:00:00.123Z WRN promscale: Error sending samples to remote storage err=\"ERROR: relation \\\"prom_data.up\\\" does not exist (SQLSTATE 42P01)\" num_samples=45 caller=write.go:244 PromscaleTs=2023-01-11T10:00:05.000Z Stream=stderr\n",
            FormatPromscale(PromscaleLines.WriteFailed));
        Assert.Contains(" a=\"x=y\" b=\"\" c=\"tab\\there\" d=back\\slash ", FormatPromscale("level=info msg=m a=\"x=y\" b= c=\"tab\there\" d=back\\slash"));
    }

    [Fact]
    public void Writes_a_launcher_event_with_string_properties_unquoted_in_the_message_and_the_rest_after_it()
    {
        var logEvent = Capture(l => l.Information("Preflight passed {DbHost}", "db.example.com"));
        logEvent.AddOrUpdateProperty(new LogEventProperty("Port", new ScalarValue(9201)));
        logEvent.AddOrUpdateProperty(new LogEventProperty("SourceContext", new ScalarValue("PromscaleLauncher.Database.Preflight")));

        var text = Format(logEvent);

        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INF launcher: Preflight passed db\.example\.com Port=9201\n$", text);
    }

    [Fact]
    public void Writes_scalars_invariantly_and_EventId_as_its_number()
    {
        var logEvent = Capture(l => l.Warning("Budget {Budget} too small", 7));
        logEvent.AddOrUpdateProperty(new LogEventProperty("Ratio", new ScalarValue(0.5)));
        logEvent.AddOrUpdateProperty(new LogEventProperty("Enabled", new ScalarValue(true)));
        logEvent.AddOrUpdateProperty(new LogEventProperty("Nothing", new ScalarValue(null)));
        logEvent.AddOrUpdateProperty(new LogEventProperty("EventId", new StructureValue([
            new LogEventProperty("Id", new ScalarValue(12)), new LogEventProperty("Name", new ScalarValue("BudgetTooSmall"))])));
        logEvent.AddOrUpdateProperty(new LogEventProperty("Hosts", new SequenceValue([new ScalarValue("a"), new ScalarValue("b")])));

        var text = Format(logEvent);

        Assert.EndsWith(" WRN launcher: Budget 7 too small Ratio=0.5 Enabled=true Nothing=null EventId=12 Hosts=\"[\\\"a\\\", \\\"b\\\"]\"\n", text);
    }

    [Fact]
    public void Keeps_an_exception_and_a_multi_line_message_on_one_line()
    {
        Exception exception;
        try
        {
            throw new InvalidOperationException("boom\nsecond line");
        }
        catch (InvalidOperationException e)
        {
            exception = e;
        }

        var logEvent = Capture(l => l.Error(exception, "Failed {Step}", "first\nsecond\r\n"));

        var text = Format(logEvent);

        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\r', text);
        Assert.Contains(" ERR launcher: Failed first\\nsecond\\r\\n exception=\"System.InvalidOperationException: boom\\nsecond line\\n   at ", text);
        Assert.EndsWith("\"\n", text);
    }

    [Fact]
    public void Escapes_control_characters_and_unicode_line_breaks_in_the_message()
    {
        var text = FormatPromscale("level=debug msg=\"a\\u0000b\\u001bc\u2028d\"");

        Assert.Contains(" DBG promscale: a\\u0000b\\u001bc\\u2028d ", text);
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, "VRB")]
    [InlineData(LogEventLevel.Debug, "DBG")]
    [InlineData(LogEventLevel.Information, "INF")]
    [InlineData(LogEventLevel.Warning, "WRN")]
    [InlineData(LogEventLevel.Error, "ERR")]
    [InlineData(LogEventLevel.Fatal, "FTL")]
    public void Abbreviates_levels_to_three_letters(LogEventLevel level, string expected)
    {
        var logEvent = new LogEvent(_readAt, level, null, MessageTemplate.Empty, []);

        Assert.Equal($"2026-11-25T20:00:00.123Z {expected} launcher: \n", Format(logEvent));
    }

    [Fact]
    public void Converts_the_timestamp_to_UTC()
    {
        var logEvent = new LogEvent(new DateTimeOffset(2026, 11, 25, 21, 30, 5, 7, TimeSpan.FromHours(1.5)), LogEventLevel.Information, null, MessageTemplate.Empty, []);

        Assert.StartsWith("2026-11-25T20:00:05.007Z ", Format(logEvent));
    }
}
