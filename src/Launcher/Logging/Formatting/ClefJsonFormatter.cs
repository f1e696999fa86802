using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;

namespace PromscaleLauncher.Logging.Formatting;

/// <summary>
/// <c>PROMSCALE_LAUNCHER_LOG_FORMAT=json</c>: one CLEF object per line
/// (<see href="https://clef-json.org"/>), e.g.
/// <code>{"@t":"2026-11-25T20:00:01.4560000Z","@m":"Error sending samples to remote storage","@l":"Warning","err":"connection refused","num_samples":"45","caller":"write.go:244","PromscaleTs":"2023-01-11T10:00:00.000Z","Stream":"stderr","Source":"promscale"}</code>
/// </summary>
/// <remarks>
/// Like Serilog.Formatting.Compact's rendered formatter, but: <c>@t</c> in UTC with <c>Z</c>; <c>@m</c> is
/// always written (rendered as in the text format, so a reader needs no template engine); <c>@mt</c> only when
/// the template has properties (a forwarded Promscale line's template is its message, so it would repeat
/// <c>@m</c>); <c>@l</c> omitted for Information (CLEF default); then <c>@x</c>, <c>@tr</c>/<c>@sp</c>, and every
/// property, a leading <c>@</c> doubled: strings through <see cref="JsonStringWriter"/> (vectorized), other
/// values through Serilog's <see cref="JsonValueFormatter"/> (no reflection: Native AOT safe). JSON string
/// escaping keeps every event on one line. Thread-safe (its only state, the last timestamp text, is swapped
/// as a whole).
/// </remarks>
internal sealed class ClefJsonFormatter : ITextFormatter
{
    private static readonly JsonValueFormatter _values = new(typeTagName: "$type");

    private FormattedTimestamp _lastTimestamp = new(0, "0001-01-01T00:00:00.0000000Z");

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);

        output.Write("{\"@t\":\"");
        output.Write(TimestampText(logEvent.Timestamp));
        output.Write("\",\"@m\":");
        JsonStringWriter.WriteQuoted(LogMessageRenderer.Render(logEvent, out var showsProperties), output);
        if (showsProperties)
        {
            output.Write(",\"@mt\":");
            JsonStringWriter.WriteQuoted(logEvent.MessageTemplate.Text, output);
        }

        if (logEvent.Level != LogEventLevel.Information)
        {
            output.Write(",\"@l\":\"");
            output.Write(LevelName(logEvent.Level));
            output.Write('"');
        }

        if (logEvent.Exception is not null)
        {
            output.Write(",\"@x\":");
            JsonStringWriter.WriteQuoted(logEvent.Exception.ToString(), output);
        }

        if (logEvent.TraceId is { } traceId)
        {
            output.Write(",\"@tr\":\"");
            output.Write(traceId.ToHexString());
            output.Write('"');
        }

        if (logEvent.SpanId is { } spanId)
        {
            output.Write(",\"@sp\":\"");
            output.Write(spanId.ToHexString());
            output.Write('"');
        }

        // Serilog keeps the properties in a Dictionary: enumerated as one, no boxed enumerator per event.
        if (logEvent.Properties is Dictionary<string, LogEventPropertyValue> properties)
        {
            foreach (var (name, value) in properties)
            {
                WriteProperty(name, value, output);
            }
        }
        else
        {
            foreach (var (name, value) in logEvent.Properties)
            {
                WriteProperty(name, value, output);
            }
        }

        output.Write("}\n");
    }

    private void WriteProperty(string name, LogEventPropertyValue value, TextWriter output)
    {
        output.Write(',');
        JsonStringWriter.WriteQuoted(name.StartsWith('@') ? "@" + name : name, output);
        output.Write(':');
        if (value is ScalarValue { Value: string text })
        {
            JsonStringWriter.WriteQuoted(text, output);
        }
        else
        {
            _values.Format(value, output);
        }
    }

    private string TimestampText(DateTimeOffset timestamp)
    {
        var last = _lastTimestamp;
        var ticks = timestamp.UtcTicks;
        if (ticks == last.UtcTicks)
        {
            return last.Text;
        }

        var text = timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        _lastTimestamp = new FormattedTimestamp(ticks, text);
        return text;
    }

    private static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "Verbose",
        LogEventLevel.Debug => "Debug",
        LogEventLevel.Information => "Information",
        LogEventLevel.Warning => "Warning",
        LogEventLevel.Error => "Error",
        _ => "Fatal",
    };
}
