using System.Buffers;
using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;

namespace PromscaleLauncher.Logging.Formatting;

/// <summary>
/// <c>PROMSCALE_LAUNCHER_LOG_FORMAT=text</c>: exactly one line per event, for Scalingo's log viewer and grep:
/// <code>2026-11-25T20:00:00.123Z INF launcher: Preflight passed DbHost=db.example.com Port=9201
/// 2026-11-25T20:00:01.456Z WRN promscale: Error sending samples to remote storage err="connection refused" num_samples=45 caller=write.go:244 PromscaleTs=2023-01-11T10:00:00.000Z Stream=stderr</code>
/// </summary>
/// <remarks>
/// UTC timestamp to the millisecond, 3-letter level (VRB DBG INF WRN ERR FTL), the <c>Source</c> property
/// (<c>launcher</c> when absent), the rendered message, then every property the message does not show as
/// <c>key=value</c> in event order. Left out: <c>Source</c> (already the prefix) and <c>SourceContext</c> (the
/// logger category, long and on every launcher line; the json format keeps it). <c>EventId</c> shows only its
/// number. Values are double-quoted when empty or holding whitespace, <c>"</c>, <c>=</c> or control chars (C0, DEL, C1, U+2028/9), with
/// <c>\" \\ \n \r \t \uXXXX</c> escapes (logfmt style). Control chars in the message are escaped the same way
/// (the message itself is never quoted). The exception, if any, comes last as <c>exception="…"</c> on the same
/// line. Stateless, so thread-safe.
/// </remarks>
internal sealed class TextLineFormatter : ITextFormatter
{
    public const string DefaultSource = "launcher";

    private const string SourcePropertyName = "Source";
    private const string SourceContextPropertyName = "SourceContext";
    private const string EventIdPropertyName = "EventId";

    // What forces quotes in a value; the message only escapes control and line-breaking chars. ASCII-only
    // sets keep SearchValues on its vectorized path; C1 controls and U+2028/U+2029 are a second scan
    // (ControlCharacterEscaping, shared with the check report).
    private static readonly SearchValues<char> _valueNeedsQuotes = SearchValues.Create(ControlCharacterEscaping.AsciiControlChars + " \"=");
    private static readonly SearchValues<char> _messageNeedsEscape = SearchValues.Create(ControlCharacterEscaping.AsciiControlChars);
    private static readonly SearchValues<char> _quotedNeedsEscape = SearchValues.Create(ControlCharacterEscaping.AsciiControlChars + "\"\\");

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);

        Span<char> timestamp = stackalloc char[24];
        logEvent.Timestamp.UtcDateTime.TryFormat(timestamp, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        output.Write(timestamp[..written]);
        output.Write(' ');
        output.Write(LevelAbbreviation(logEvent.Level));
        output.Write(' ');
        output.Write(logEvent.Properties.TryGetValue(SourcePropertyName, out var source) && source is ScalarValue { Value: string s }
            ? s
            : DefaultSource);
        output.Write(": ");
        var message = LogMessageRenderer.Render(logEvent, out var showsProperties);
        WriteEscaped(message, _messageNeedsEscape, output);

        // Serilog keeps the properties in a Dictionary: enumerated as one, no boxed enumerator per event.
        if (logEvent.Properties is Dictionary<string, LogEventPropertyValue> properties)
        {
            foreach (var (name, value) in properties)
            {
                WriteProperty(logEvent, showsProperties, name, value, output);
            }
        }
        else
        {
            foreach (var (name, value) in logEvent.Properties)
            {
                WriteProperty(logEvent, showsProperties, name, value, output);
            }
        }

        if (logEvent.Exception is not null)
        {
            output.Write(" exception=");
            WriteQuoted(logEvent.Exception.ToString(), output);
        }

        output.Write('\n');
    }

    private static void WriteProperty(LogEvent logEvent, bool showsProperties, string name, LogEventPropertyValue value, TextWriter output)
    {
        if (name is SourcePropertyName or SourceContextPropertyName
            || (showsProperties && LogMessageRenderer.IsInMessage(logEvent.MessageTemplate, name)))
        {
            return;
        }

        output.Write(' ');
        output.Write(name);
        output.Write('=');
        WriteValue(name, value, output);
    }

    private static void WriteValue(string name, LogEventPropertyValue value, TextWriter output)
    {
        if (value is ScalarValue scalar)
        {
            switch (scalar.Value)
            {
                case string s:
                    WriteMaybeQuoted(s, output);
                    return;
                case null:
                    output.Write("null");
                    return;
                case bool b:
                    output.Write(b ? "true" : "false");
                    return;
                case DateTime or DateTimeOffset:
                    output.Write(((IFormattable)scalar.Value).ToString("O", CultureInfo.InvariantCulture));
                    return;
                case ISpanFormattable formattable:
                    Span<char> buffer = stackalloc char[64];
                    if (formattable.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture))
                    {
                        WriteMaybeQuoted(buffer[..written], output);
                        return;
                    }

                    break;
            }

            WriteMaybeQuoted(Convert.ToString(scalar.Value, CultureInfo.InvariantCulture) ?? string.Empty, output);
            return;
        }

        // Microsoft.Extensions.Logging's EventId arrives as { Id: 12, Name: "…" }: the name repeats the message.
        if (name == EventIdPropertyName && value is StructureValue structure)
        {
            foreach (var property in structure.Properties)
            {
                if (property.Name == "Id")
                {
                    WriteValue(property.Name, property.Value, output);
                    return;
                }
            }
        }

        WriteMaybeQuoted(value.ToString(null, CultureInfo.InvariantCulture), output);
    }

    private static void WriteMaybeQuoted(ReadOnlySpan<char> value, TextWriter output)
    {
        if (value.IsEmpty || value.ContainsAny(_valueNeedsQuotes) || ContainsUnicodeLineBreak(value))
        {
            WriteQuoted(value, output);
        }
        else
        {
            output.Write(value);
        }
    }

    private static void WriteQuoted(ReadOnlySpan<char> value, TextWriter output)
    {
        output.Write('"');
        WriteEscaped(value, _quotedNeedsEscape, output);
        output.Write('"');
    }

    private static void WriteEscaped(ReadOnlySpan<char> text, SearchValues<char> needsEscape, TextWriter output) =>
        ControlCharacterEscaping.Write(text, needsEscape, output);

    private static bool ContainsUnicodeLineBreak(ReadOnlySpan<char> text) => ControlCharacterEscaping.ContainsNonAsciiToEscape(text);

    private static string LevelAbbreviation(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "VRB",
        LogEventLevel.Debug => "DBG",
        LogEventLevel.Information => "INF",
        LogEventLevel.Warning => "WRN",
        LogEventLevel.Error => "ERR",
        _ => "FTL",
    };
}
