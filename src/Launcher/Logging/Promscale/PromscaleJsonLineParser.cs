using System.Text;
using System.Text.Json;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Parses one line of Promscale's JSON log format (<c>telemetry.log.format=json</c>, docs/promscale.md §4): one object
/// per line, keys sorted, values strings (errors too) or numbers.
/// </summary>
/// <remarks>
/// A line is JSON when it starts with <c>{</c>, is exactly one object, and has a <c>level</c> key (the same
/// test as logfmt's <c>level=</c> prefix). Every value becomes a string: strings unescaped, numbers, booleans
/// and <c>null</c> as written, nested objects and arrays as their raw JSON text. Keeping strings only makes a
/// JSON-mode line forward exactly like the same logfmt line. Uses <see cref="Utf8JsonReader"/>: no
/// reflection (Native AOT). Not thread-safe (scratch buffer and key pool): one per pump.
/// </remarks>
internal sealed class PromscaleJsonLineParser
{
    private const int MaxStackKeyLength = 256;

    private readonly BoundedStringPool _keys;
    private byte[] _utf8 = new byte[1024];

    public PromscaleJsonLineParser()
        : this(new BoundedStringPool(1024, PromscaleLogKeys.Level, PromscaleLogKeys.Ts, PromscaleLogKeys.Caller,
            PromscaleLogKeys.Msg, PromscaleLogKeys.Err, PromscaleLogKeys.Config))
    {
    }

    public PromscaleJsonLineParser(BoundedStringPool keys)
    {
        _keys = keys;
    }

    public static bool LooksLikeJson(ReadOnlySpan<char> line) => line.StartsWith('{');

    /// <summary>Adds the pairs of <paramref name="line"/> to <paramref name="fields"/>; false (nothing added) if it is not a Promscale JSON line.</summary>
    public bool TryParse(ReadOnlySpan<char> line, List<KeyValuePair<string, string>> fields)
    {
        if (!LooksLikeJson(line))
        {
            return false;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (_utf8.Length < maxBytes)
        {
            _utf8 = new byte[Math.Max(maxBytes, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(line, _utf8);
        var firstAdded = fields.Count;
        try
        {
            if (TryReadObject(_utf8.AsSpan(0, length), fields))
            {
                return true;
            }
        }
        catch (JsonException)
        {
        }

        fields.RemoveRange(firstAdded, fields.Count - firstAdded);
        return false;
    }

    private bool TryReadObject(ReadOnlySpan<byte> utf8, List<KeyValuePair<string, string>> fields)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var hasLevel = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                // Anything but whitespace after the object throws (caught by the caller).
                return !reader.Read() && hasLevel;
            }

            var key = ReadKey(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            var value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString() ?? string.Empty,
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => "null",
                JsonTokenType.StartObject or JsonTokenType.StartArray => ReadRawContainer(ref reader, utf8),
                _ => throw new JsonException("unexpected token"),
            };

            hasLevel |= key == PromscaleLogKeys.Level;
            fields.Add(new KeyValuePair<string, string>(key, value));
        }

        return false;
    }

    private string ReadKey(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > MaxStackKeyLength)
        {
            return reader.GetString() ?? string.Empty;
        }

        Span<char> key = stackalloc char[MaxStackKeyLength];
        var written = reader.CopyString(key);
        return _keys.GetOrAdd(key[..written]);
    }

    private static string ReadRawContainer(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(utf8[start..(int)reader.BytesConsumed]);
    }
}
