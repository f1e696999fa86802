using System.Buffers;
using System.Globalization;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Parses one go-kit/log logfmt line (docs/promscale.md §4) into ordered key/value pairs.
/// </summary>
/// <remarks>
/// Which lines are logfmt: every line Promscale's go-kit logger writes starts with <c>level=</c> (its key order
/// is level, ts, caller, …; the 0.11+ bootstrap logger too, docs/promscale.md §1.5). Nothing else Promscale prints does:
/// automaxprocs starts with a date, Go panics with <c>panic:</c>, 0.10 with <c>Version:</c>/<c>Fatal error:</c>,
/// the <c>flag</c> usage with <c>Usage of</c> or <c>  -</c>. So the prefix is the test, and after it the
/// parse is lenient and never fails: an unterminated quote runs to the end of the line, a key without
/// <c>=</c> gets an empty value, an unknown escape is kept as written. go-logfmt strips spaces, <c>=</c> and
/// <c>"</c> from keys, so a key ends at <c>=</c> or whitespace and may hold anything else (<c>/</c>, <c>-</c>,
/// <c>.</c>, the health.go error text). Not thread-safe (the key pool): one per pump.
/// </remarks>
internal sealed class LogfmtParser
{
    public const string LinePrefix = "level=";

    // go-logfmt treats every byte <= ' ' as a separator.
    private static readonly SearchValues<char> _whitespace = SearchValues.Create(WhitespaceChars());
    private static readonly SearchValues<char> _keyEnd = SearchValues.Create(WhitespaceChars() + "=");
    private static readonly SearchValues<char> _quotedValueSpecial = SearchValues.Create("\"\\");

    private readonly BoundedStringPool _keys;
    private readonly BoundedStringPool _shortValues;
    private char[] _unescaped = new char[256];

    // The last ts value: the lines of a burst share their millisecond, so they share the string too.
    private string _lastTs = string.Empty;

    public LogfmtParser()
        : this(new BoundedStringPool(1024, PromscaleLogKeys.Level, PromscaleLogKeys.Ts, PromscaleLogKeys.Caller,
            PromscaleLogKeys.Msg, PromscaleLogKeys.Err, PromscaleLogKeys.Config))
    {
    }

    public LogfmtParser(BoundedStringPool keys)
    {
        _keys = keys;
        _shortValues = new BoundedStringPool(1024, "debug", "info", "warn", "error");
    }

    public static bool LooksLikeLogfmt(ReadOnlySpan<char> line) => line.StartsWith(LinePrefix, StringComparison.Ordinal);

    /// <summary>Adds the pairs of <paramref name="line"/> to <paramref name="fields"/>; false (nothing added) if it is not a go-kit logfmt line.</summary>
    public bool TryParse(ReadOnlySpan<char> line, List<KeyValuePair<string, string>> fields)
    {
        if (!LooksLikeLogfmt(line))
        {
            return false;
        }

        var position = 0;
        while (true)
        {
            var skipped = line[position..].IndexOfAnyExcept(_whitespace);
            if (skipped < 0)
            {
                break;
            }

            position += skipped;
            var keyLength = line[position..].IndexOfAny(_keyEnd);
            if (keyLength < 0)
            {
                keyLength = line.Length - position;
            }

            var key = _keys.GetOrAdd(line.Slice(position, keyLength));
            position += keyLength;
            if (position >= line.Length || line[position] != '=')
            {
                fields.Add(new KeyValuePair<string, string>(key, string.Empty));
                continue;
            }

            position++;
            string value;
            if (position < line.Length && line[position] == '"')
            {
                position = ReadQuotedValue(line, position + 1, out value);
            }
            else
            {
                var valueLength = line[position..].IndexOfAny(_whitespace);
                if (valueLength < 0)
                {
                    valueLength = line.Length - position;
                }

                var raw = line.Slice(position, valueLength);
                value = IsLowCardinality(key) ? _shortValues.GetOrAdd(raw)
                    : key == PromscaleLogKeys.Ts ? LastTs(raw)
                    : raw.ToString();
                position += valueLength;
            }

            fields.Add(new KeyValuePair<string, string>(key, value));
        }

        return true;
    }

    private static bool IsLowCardinality(string key) => key is PromscaleLogKeys.Level or PromscaleLogKeys.Caller;

    private string LastTs(ReadOnlySpan<char> raw) => raw.SequenceEqual(_lastTs) ? _lastTs : _lastTs = raw.ToString();

    // Returns the position after the closing quote (or the line's end when there is none).
    private int ReadQuotedValue(ReadOnlySpan<char> line, int start, out string value)
    {
        var rest = line[start..];
        var special = rest.IndexOfAny(_quotedValueSpecial);
        if (special >= 0 && rest[special] == '"')
        {
            value = rest[..special].ToString();
            return start + special + 1;
        }

        if (special < 0)
        {
            value = rest.ToString();
            return line.Length;
        }

        if (_unescaped.Length < rest.Length)
        {
            _unescaped = new char[Math.Max(rest.Length, _unescaped.Length * 2)];
        }

        var output = _unescaped.AsSpan();
        var written = 0;
        var i = 0;
        while (i < rest.Length)
        {
            var c = rest[i];
            if (c == '"')
            {
                value = new string(output[..written]);
                return start + i + 1;
            }

            if (c != '\\' || i + 1 >= rest.Length)
            {
                output[written++] = c;
                i++;
                continue;
            }

            var escaped = rest[i + 1];
            switch (escaped)
            {
                case '"' or '\\' or '/':
                    output[written++] = escaped;
                    i += 2;
                    break;
                case 'n':
                    output[written++] = '\n';
                    i += 2;
                    break;
                case 't':
                    output[written++] = '\t';
                    i += 2;
                    break;
                case 'r':
                    output[written++] = '\r';
                    i += 2;
                    break;
                case 'b':
                    output[written++] = '\b';
                    i += 2;
                    break;
                case 'f':
                    output[written++] = '\f';
                    i += 2;
                    break;
                case 'u' when i + 6 <= rest.Length
                    && ushort.TryParse(rest.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    output[written++] = (char)code;
                    i += 6;
                    break;
                default:
                    // Unknown or malformed escape: keep it as written.
                    output[written++] = c;
                    i++;
                    break;
            }
        }

        value = new string(output[..written]);
        return line.Length;
    }

    private static string WhitespaceChars()
    {
        var chars = new char[' ' + 1];
        for (var c = 0; c <= ' '; c++)
        {
            chars[c] = (char)c;
        }

        return new string(chars);
    }
}
