using System.Buffers;

namespace PromscaleLauncher.Logging.Formatting;

/// <summary>
/// Writes a JSON string literal, copying runs without escapes in one write (Serilog's own writer checks each
/// char in a scalar loop). Escapes <c>"</c>, <c>\</c> and every char below U+0020, so output stays on one line.
/// </summary>
internal static class JsonStringWriter
{
    private static readonly SearchValues<char> _needsEscape = SearchValues.Create(CharsNeedingEscape());

    public static void WriteQuoted(ReadOnlySpan<char> value, TextWriter output)
    {
        output.Write('"');
        while (!value.IsEmpty)
        {
            var next = value.IndexOfAny(_needsEscape);
            if (next < 0)
            {
                output.Write(value);
                break;
            }

            output.Write(value[..next]);
            ControlCharacterEscaping.WriteEscape(value[next], output);
            value = value[(next + 1)..];
        }

        output.Write('"');
    }

    private static string CharsNeedingEscape()
    {
        var chars = new char[' ' + 2];
        for (var c = 0; c < ' '; c++)
        {
            chars[c] = (char)c;
        }

        chars[' '] = '"';
        chars[' ' + 1] = '\\';
        return new string(chars);
    }
}
