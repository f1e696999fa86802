using Serilog.Events;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Turns one (already redacted) line of Promscale output into a <see cref="PromscaleLogLine"/>: logfmt, then
/// JSON, else plain text. Not thread-safe (scratch list, key pool): one per pump.
/// </summary>
internal sealed class PromscaleLineParser
{
    // The Go runtime's own crash output ("panic: …", "fatal error: …") and 0.10's flag-parse failure on
    // stdout ("Fatal error: cannot parse flags: …", docs/promscale.md §1.5) are errors; the other plain lines
    // (automaxprocs, goroutine dumps, flag usage, the -version output) are informational.
    private static readonly string[] _errorPrefixes = ["panic: ", "fatal error: ", "Fatal error: "];

    private readonly LogfmtParser _logfmt;
    private readonly PromscaleJsonLineParser _json;
    private readonly List<KeyValuePair<string, string>> _fields = new(16);

    public PromscaleLineParser()
    {
        var keys = new BoundedStringPool(1024, PromscaleLogKeys.Level, PromscaleLogKeys.Ts, PromscaleLogKeys.Caller,
            PromscaleLogKeys.Msg, PromscaleLogKeys.Err, PromscaleLogKeys.Config);
        _logfmt = new LogfmtParser(keys);
        _json = new PromscaleJsonLineParser(keys);
    }

    /// <param name="line">The line without its line break.</param>
    /// <param name="lineText">The same line as a string if the caller has one (saves a copy for plain text).</param>
    /// <param name="stream">Where the line was read from.</param>
    /// <param name="readAt">When the line was read.</param>
    public PromscaleLogLine Parse(ReadOnlySpan<char> line, string? lineText, PromscaleOutputStream stream, DateTimeOffset readAt)
    {
        PromscaleLineFormat format;
        if (_logfmt.TryParse(line, _fields))
        {
            format = PromscaleLineFormat.Logfmt;
        }
        else if (_json.TryParse(line, _fields))
        {
            format = PromscaleLineFormat.Json;
        }
        else
        {
            return new PromscaleLogLine
            {
                Stream = stream,
                ReadAt = readAt,
                Format = PromscaleLineFormat.PlainText,
                Level = LevelOfPlainText(line),
                Message = lineText ?? line.ToString(),
            };
        }

        var fields = _fields.ToArray();
        _fields.Clear();
        return FromFields(fields, format, stream, readAt);
    }

    /// <summary>
    /// A part of a line longer than <see cref="PromscaleOutputPump.MaxLinePartChars"/>: forwarded verbatim (a
    /// part cannot be parsed on its own), at the level its first part announced.
    /// </summary>
    public static PromscaleLogLine CreateLinePart(string text, PromscaleOutputStream stream, DateTimeOffset readAt,
        LogEventLevel level, int part, bool continues) => new()
        {
            Stream = stream,
            ReadAt = readAt,
            Format = PromscaleLineFormat.PlainText,
            Level = level,
            Message = text,
            LinePart = part,
            LineContinues = continues,
        };

    /// <summary>The level of a split line, read from its first part: its <c>level=</c> value, else as plain text.</summary>
    public static LogEventLevel LevelOfFirstPart(ReadOnlySpan<char> firstPart)
    {
        if (!LogfmtParser.LooksLikeLogfmt(firstPart))
        {
            return LevelOfPlainText(firstPart);
        }

        var value = firstPart[LogfmtParser.LinePrefix.Length..];
        var end = value.IndexOf(' ');
        return MapLevel(end < 0 ? value : value[..end], out _);
    }

    /// <summary>go-kit levels (docs/promscale.md §4) to Serilog's; anything else is Information.</summary>
    public static LogEventLevel MapLevel(ReadOnlySpan<char> promscaleLevel, out bool known)
    {
        known = true;
        if (promscaleLevel.Equals("info", StringComparison.OrdinalIgnoreCase))
        {
            return LogEventLevel.Information;
        }

        if (promscaleLevel.Equals("warn", StringComparison.OrdinalIgnoreCase))
        {
            return LogEventLevel.Warning;
        }

        if (promscaleLevel.Equals("error", StringComparison.OrdinalIgnoreCase))
        {
            return LogEventLevel.Error;
        }

        if (promscaleLevel.Equals("debug", StringComparison.OrdinalIgnoreCase))
        {
            return LogEventLevel.Debug;
        }

        known = false;
        return LogEventLevel.Information;
    }

    public static LogEventLevel LevelOfPlainText(ReadOnlySpan<char> line)
    {
        foreach (var prefix in _errorPrefixes)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return LogEventLevel.Error;
            }
        }

        return LogEventLevel.Information;
    }

    private static PromscaleLogLine FromFields(KeyValuePair<string, string>[] fields, PromscaleLineFormat format,
        PromscaleOutputStream stream, DateTimeOffset readAt)
    {
        string? level = null, ts = null, caller = null, message = null, config = null, error = null, unkeyed = null;
        foreach (var (key, value) in fields)
        {
            switch (key)
            {
                case PromscaleLogKeys.Level: level ??= value; break;
                case PromscaleLogKeys.Ts: ts ??= value; break;
                case PromscaleLogKeys.Caller: caller ??= value; break;
                case PromscaleLogKeys.Msg: message ??= value; break;
                case PromscaleLogKeys.Config: config ??= value; break;
                case PromscaleLogKeys.Err: error ??= value; break;
                default:
                    if (value == PromscaleLogKeys.MissingValue)
                    {
                        unkeyed ??= key;
                    }

                    break;
            }
        }

        return new PromscaleLogLine
        {
            Stream = stream,
            ReadAt = readAt,
            Format = format,
            Level = level is null ? LogEventLevel.Information : MapLevel(level, out _),
            Message = message ?? config ?? string.Empty,
            PromscaleLevel = level,
            PromscaleTs = ts,
            Caller = caller,
            Error = error ?? unkeyed,
            Fields = fields,
        };
    }
}
