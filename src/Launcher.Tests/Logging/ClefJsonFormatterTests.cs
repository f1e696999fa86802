using System.Text.Json;
using PromscaleLauncher.Logging.Formatting;
using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;
using Serilog.Events;

namespace PromscaleLauncher.Tests.Logging;

public sealed class ClefJsonFormatterTests
{
    private static readonly DateTimeOffset _readAt = new(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero);

    private static string Format(LogEvent logEvent)
    {
        using var output = new StringWriter();
        new ClefJsonFormatter().Format(logEvent, output);
        return output.ToString();
    }

    private static LogEvent Promscale(string line) =>
        new PromscaleLogEventFactory().Create(new PromscaleLineParser().Parse(line, null, PromscaleOutputStream.Stderr, _readAt));

    [Fact]
    public void Writes_a_Promscale_line_as_one_CLEF_object_with_its_properties()
    {
        var json = Format(Promscale(PromscaleLines.WriteFailed));

        Assert.Equal(
            "{\"@t\":\"2026-11-25T20:00:00.1230000Z\",\"@m\":\"Error sending samples to remote storage\",\"@l\":\"Warning\","
            + "\"err\":\"ERROR: relation \\\"prom_data.up\\\" does not exist (SQLSTATE 42P01)\",\"num_samples\":\"45\",\"caller\":\"write.go:244\","
            + "\"PromscaleTs\":\"2023-01-11T10:00:05.000Z\",\"Stream\":\"stderr\",\"Source\":\"promscale\"}\n",
            json);
    }

    [Fact]
    public void Writes_the_template_for_launcher_events_and_omits_the_Information_level()
    {
        var sink = new CollectingSink();
        using (var logger = Loggers.WritingTo(sink))
        {
            logger.Information("Preflight passed {DbHost} on {Port}", "db", 5432);
        }

        using var document = JsonDocument.Parse(Format(sink.Events.Single()));
        var root = document.RootElement;

        Assert.Equal("Preflight passed db on 5432", root.GetProperty("@m").GetString());
        Assert.Equal("Preflight passed {DbHost} on {Port}", root.GetProperty("@mt").GetString());
        Assert.False(root.TryGetProperty("@l", out _));
        Assert.Equal(5432, root.GetProperty("Port").GetInt32());
        Assert.EndsWith("Z", root.GetProperty("@t").GetString());
    }

    [Fact]
    public void Keeps_an_exception_and_newlines_on_one_line_and_escapes_a_leading_at_sign()
    {
        var logEvent = new LogEvent(_readAt, LogEventLevel.Error, new InvalidOperationException("a\nb"),
            PromscaleLogEventFactory.LiteralTemplate("multi\nline {x}"), [new LogEventProperty("@odd", new ScalarValue("v\r\n"))]);

        var json = Format(logEvent);

        Assert.Single(json.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(json);
        Assert.Equal("multi\nline {x}", document.RootElement.GetProperty("@m").GetString());
        Assert.False(document.RootElement.TryGetProperty("@mt", out _));
        Assert.Equal("System.InvalidOperationException: a\nb", document.RootElement.GetProperty("@x").GetString());
        Assert.Equal("v\r\n", document.RootElement.GetProperty("@@odd").GetString());
    }
}
