using System.Text.Json;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace PromscaleLauncher.Tests.Logging;

/// <summary>PROMSCALE_LAUNCHER_LOG_FORMAT=json: CLEF through Serilog.Formatting.Compact.</summary>
public sealed class JsonLogFormatTests
{
    private static readonly DateTimeOffset _readAt = new(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero);

    private static string Format(LogEvent logEvent)
    {
        using var output = new StringWriter();
        LoggingSetup.Formatter(LogFormat.Json).Format(logEvent, output);
        return output.ToString();
    }

    private static LogEvent Promscale(string line) =>
        new PromscaleLogEventFactory().Create(new PromscaleLineParser().Parse(line, null, PromscaleOutputStream.Stderr, _readAt));

    [Fact]
    public void Writes_a_Promscale_line_as_one_CLEF_object_with_its_message_level_and_properties()
    {
        var json = Format(Promscale(PromscaleLines.WriteFailed));

        Assert.EndsWith("}\n", json);
        Assert.Single(json.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("2026-11-25T20:00:00.1230000Z", root.GetProperty("@t").GetString());
        Assert.Equal("Error sending samples to remote storage", root.GetProperty("@m").GetString());
        Assert.Equal("Warning", root.GetProperty("@l").GetString());
        Assert.Equal("ERROR: relation \"prom_data.up\" does not exist (SQLSTATE 42P01)", root.GetProperty("err").GetString());
        Assert.Equal("45", root.GetProperty("num_samples").GetString());
        Assert.Equal("write.go:244", root.GetProperty("caller").GetString());
        Assert.Equal("2023-01-11T10:00:05.000Z", root.GetProperty("PromscaleTs").GetString());
        Assert.Equal("stderr", root.GetProperty("Stream").GetString());
        Assert.Equal("promscale", root.GetProperty("Source").GetString());
    }

    [Fact]
    public void Writes_a_launcher_event_with_its_event_id_and_properties_and_omits_the_Information_level()
    {
        var sink = new FormattingSink(LoggingSetup.Formatter(LogFormat.Json));
        using (var logger = Loggers.WritingTo(sink))
        using (var factory = new SerilogLoggerFactory(logger))
        {
            Log.CheckPassed(factory.CreateLogger("test"), "db.version", "PostgreSQL 14.10");
            Log.KillingPromscale(factory.CreateLogger("test"), 42, 30_000);
        }

        var lines = sink.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var passed = JsonDocument.Parse(lines[0]);
        Assert.Equal(11, passed.RootElement.GetProperty("EventId").GetProperty("Id").GetInt32());
        Assert.Equal("db.version", passed.RootElement.GetProperty("CheckId").GetString());
        Assert.Contains("PostgreSQL 14.10", passed.RootElement.GetProperty("@m").GetString());
        Assert.False(passed.RootElement.TryGetProperty("@l", out _));
        using var killing = JsonDocument.Parse(lines[1]);
        Assert.Equal(25, killing.RootElement.GetProperty("EventId").GetProperty("Id").GetInt32());
        Assert.Equal("Warning", killing.RootElement.GetProperty("@l").GetString());
        Assert.Equal(42, killing.RootElement.GetProperty("Pid").GetInt32());
    }

    [Fact]
    public void Keeps_control_characters_an_exception_and_newlines_on_one_line_and_escapes_a_leading_at_sign()
    {
        var logEvent = new LogEvent(_readAt, LogEventLevel.Error, new InvalidOperationException("a\nb"),
            PromscaleLogEventFactory.LiteralTemplate("multi\nline\u001b[31m {x}"), [new LogEventProperty("@odd", new ScalarValue("v\r\n\u0000"))]);

        var json = Format(logEvent);

        Assert.Single(json.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\u001b', json);
        Assert.DoesNotContain('\r', json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("multi\nline\u001b[31m {x}", document.RootElement.GetProperty("@m").GetString());
        Assert.Equal("System.InvalidOperationException: a\nb", document.RootElement.GetProperty("@x").GetString());
        Assert.Equal("v\r\n\u0000", document.RootElement.GetProperty("@@odd").GetString());
    }
}
