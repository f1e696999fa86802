using System.Buffers;
using System.Globalization;

namespace PromscaleLauncher.Logging.Formatting;

/// <summary>
/// The one escaping of control characters for every human-readable output (the text log format, the
/// <c>check</c> text report, command-line errors): a value from the environment or from Promscale can never
/// break a line, forge one, or send a terminal escape sequence. C0 controls, DEL, C1 controls (U+0080–U+009F:
/// NEL breaks lines, CSI starts an escape sequence) and U+2028/U+2029 become <c>\n \r \t \uXXXX</c>
/// (logfmt style, as the text log format always wrote them).
/// </summary>
internal static class ControlCharacterEscaping
{
    /// <summary>C0 controls and DEL: ASCII, so a set of them keeps <see cref="SearchValues{T}"/> vectorized.</summary>
    public static readonly string AsciiControlChars = CreateAsciiControlChars();

    private static readonly SearchValues<char> _asciiControls = SearchValues.Create(AsciiControlChars);

    /// <summary>The first char to escape: one of <paramref name="asciiToEscape"/>, a C1 control or U+2028/U+2029.</summary>
    public static int IndexOfCharToEscape(ReadOnlySpan<char> text, SearchValues<char> asciiToEscape)
    {
        var next = text.IndexOfAny(asciiToEscape);
        var before = next < 0 ? text : text[..next];
        var c1 = before.IndexOfAnyInRange('\u0080', '\u009f');
        if (c1 >= 0)
        {
            next = c1;
            before = before[..c1];
        }

        var separator = before.IndexOfAny('\u2028', '\u2029');
        return separator >= 0 ? separator : next;
    }

    /// <summary>True when the text holds a non-ASCII char that <see cref="Write(ReadOnlySpan{char}, SearchValues{char}, TextWriter)"/> escapes.</summary>
    public static bool ContainsNonAsciiToEscape(ReadOnlySpan<char> text) =>
        text.IndexOfAnyInRange('\u0080', '\u009f') >= 0 || text.IndexOfAny('\u2028', '\u2029') >= 0;

    /// <summary>The text with every control character escaped; the same instance when there is none.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IndexOfCharToEscape(text, _asciiControls) < 0)
        {
            return text;
        }

        using var output = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, _asciiControls, output);
        return output.ToString();
    }

    /// <summary>Writes the text, escaping <paramref name="asciiToEscape"/> (which should hold the ASCII controls), C1 controls and U+2028/U+2029.</summary>
    public static void Write(ReadOnlySpan<char> text, SearchValues<char> asciiToEscape, TextWriter output)
    {
        while (!text.IsEmpty)
        {
            var next = IndexOfCharToEscape(text, asciiToEscape);
            if (next < 0)
            {
                output.Write(text);
                break;
            }

            output.Write(text[..next]);
            WriteEscape(text[next], output);
            text = text[(next + 1)..];
        }
    }

    /// <summary>One char as a JSON/logfmt escape: <c>\" \\ \n \r \t</c>, else <c>\uXXXX</c>.</summary>
    public static void WriteEscape(char c, TextWriter output)
    {
        switch (c)
        {
            case '"': output.Write("\\\""); break;
            case '\\': output.Write("\\\\"); break;
            case '\n': output.Write("\\n"); break;
            case '\r': output.Write("\\r"); break;
            case '\t': output.Write("\\t"); break;
            default:
                Span<char> escape = stackalloc char[6];
                escape[0] = '\\';
                escape[1] = 'u';
                ((int)c).TryFormat(escape[2..], out _, "x4", CultureInfo.InvariantCulture);
                output.Write(escape);
                break;
        }
    }

    private static string CreateAsciiControlChars()
    {
        var chars = new char[' ' + 1];
        for (var c = 0; c < ' '; c++)
        {
            chars[c] = (char)c;
        }

        chars[' '] = '\u007f';
        return new string(chars);
    }
}
