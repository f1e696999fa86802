using System.Text;
using Serilog.Events;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// One line read from Promscale, already redacted and parsed. Handed to <see cref="IPromscaleLineObserver"/>
/// (readiness and failure diagnosis) before being written as a Serilog event.
/// </summary>
internal sealed class PromscaleLogLine
{
    public required PromscaleOutputStream Stream { get; init; }

    /// <summary>When the launcher read the line from the pipe (the event timestamp).</summary>
    public required DateTimeOffset ReadAt { get; init; }

    public required PromscaleLineFormat Format { get; init; }

    public required LogEventLevel Level { get; init; }

    /// <summary><c>msg</c>; the config text for the <c>config=</c> line; the whole line for plain text.</summary>
    public required string Message { get; init; }

    /// <summary>Promscale's own <c>level</c> value, as written.</summary>
    public string? PromscaleLevel { get; init; }

    /// <summary>Promscale's own <c>ts</c> value, as written (docs/promscale.md §4: UTC, ms, RFC 3339).</summary>
    public string? PromscaleTs { get; init; }

    public string? Caller { get; init; }

    /// <summary><c>err</c>, or the unkeyed value of a <c>text=(MISSING)</c> pair (the health.go case, docs/promscale.md §4.2).</summary>
    public string? Error { get; init; }

    /// <summary>Every key/value pair in line order with Promscale's original keys; empty for plain text.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];

    /// <summary>1-based part number when a line longer than <see cref="PromscaleOutputPump.MaxLinePartChars"/> was split; 0 otherwise.</summary>
    public int LinePart { get; init; }

    /// <summary>True on every part of a split line except the last one.</summary>
    public bool LineContinues { get; init; }

    public string? GetField(string key)
    {
        foreach (var field in Fields)
        {
            if (field.Key == key)
            {
                return field.Value;
            }
        }

        return null;
    }

    /// <summary>The line as logfmt again (or the plain text), e.g. for a crash report.</summary>
    public override string ToString()
    {
        if (Format == PromscaleLineFormat.PlainText)
        {
            return Message;
        }

        var text = new StringBuilder();
        foreach (var field in Fields)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(field.Key).Append('=');
            AppendLogfmtValue(text, field.Value);
        }

        return text.ToString();
    }

    private static void AppendLogfmtValue(StringBuilder text, string value)
    {
        var needsQuotes = value.Length == 0;
        foreach (var c in value)
        {
            if (c <= ' ' || c == '=' || c == '"')
            {
                needsQuotes = true;
                break;
            }
        }

        if (!needsQuotes)
        {
            text.Append(value);
            return;
        }

        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }
}
