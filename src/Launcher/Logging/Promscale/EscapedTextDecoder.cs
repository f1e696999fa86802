using System.Buffers;
using System.Globalization;
using System.Text;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Undoes, in one pass, every escaping a child may apply to a secret it prints: Go's <c>%q</c> and logfmt
/// (<c>\" \\ \n \t \xNN \u00NN \U0001F600</c>), JSON (<c>\" \\ \/ \uXXXX</c>, surrogate pairs included) and
/// URL percent-encoding (<c>%XX</c> in either case, UTF-8 sequences). Each escape may be chosen per character,
/// so no list of whole-secret variants can cover them; the redactor searches the decoded text instead, and
/// maps a match back to the source through <c>start</c>/<c>end</c>. A space is decoded as <c>+</c>, so
/// form-encoded spaces match too (the secrets searched for get the same treatment). The decoded text is
/// never longer than the source.
/// </summary>
internal static class EscapedTextDecoder
{
    /// <summary>A text without these has nothing to decode.</summary>
    public static readonly SearchValues<char> EscapeStarts = SearchValues.Create("\\%");

    /// <summary>How many chars of a line one char of a secret can take, escaped at most twice (<c>%25E2</c> per UTF-8 byte).</summary>
    public const int MaxEscapedCharsPerChar = 16;

    /// <summary>A secret as it appears in decoded text.</summary>
    public static string Normalize(string secret) => secret.Replace(' ', '+');

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="decoded"/> (at least as long), and says for each
    /// decoded char which range [<paramref name="start"/>, <paramref name="end"/>) of the original text it came
    /// from. <paramref name="sourceStart"/>/<paramref name="sourceEnd"/> map <paramref name="source"/> itself to
    /// the original (empty: the source is the original), so a second pass decodes double escaping.
    /// </summary>
    /// <returns>The decoded length.</returns>
    public static int Decode(ReadOnlySpan<char> source, ReadOnlySpan<int> sourceStart, ReadOnlySpan<int> sourceEnd,
        Span<char> decoded, Span<int> start, Span<int> end, EscapeKinds kinds)
    {
        var identity = sourceStart.IsEmpty;
        var count = 0;
        var i = 0;
        Span<byte> utf8 = stackalloc byte[4];
        Span<char> chars = stackalloc char[2];
        while (i < source.Length)
        {
            var consumed = 0;
            var written = 0;
            if (TryReadByte(source, i, kinds, out var lead, out var leadLength))
            {
                // A run of byte escapes is UTF-8: %C3%A9 is one é.
                var expected = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
                utf8[0] = lead;
                var bytes = 1;
                consumed = leadLength;
                while (bytes < expected && TryReadByte(source, i + consumed, kinds, out var next, out var nextLength) && (next & 0xC0) == 0x80)
                {
                    utf8[bytes++] = next;
                    consumed += nextLength;
                }

                if (expected > 0 && bytes == expected && Rune.DecodeFromUtf8(utf8[..bytes], out var rune, out _) == OperationStatus.Done)
                {
                    written = rune.EncodeToUtf16(chars);
                }
                else
                {
                    consumed = leadLength;
                    chars[0] = '\uFFFD';
                    written = 1;
                }
            }
            else if (source[i] != '\\' || (kinds & EscapeKinds.Backslash) == 0 || !TryReadCharEscape(source, i, chars, out consumed, out written))
            {
                consumed = 1;
                chars[0] = source[i];
                written = 1;
            }

            var from = identity ? i : sourceStart[i];
            var to = identity ? i + consumed : sourceEnd[i + consumed - 1];
            for (var c = 0; c < written; c++)
            {
                decoded[count] = chars[c] == ' ' ? '+' : chars[c];
                start[count] = from;
                end[count] = to;
                count++;
            }

            i += consumed;
        }

        return count;
    }

    // %XX or \xNN.
    private static bool TryReadByte(ReadOnlySpan<char> text, int at, EscapeKinds kinds, out byte value, out int length)
    {
        value = 0;
        length = 0;
        if ((kinds & EscapeKinds.Percent) != 0 && at < text.Length && text[at] == '%' && TryParseHex(text, at + 1, 2, out var hex))
        {
            length = 3;
        }
        else if ((kinds & EscapeKinds.Backslash) != 0 && at + 1 < text.Length && text[at] == '\\' && text[at + 1] == 'x' && TryParseHex(text, at + 2, 2, out hex))
        {
            length = 4;
        }
        else
        {
            return false;
        }

        value = (byte)hex;
        return true;
    }

    private static bool TryReadCharEscape(ReadOnlySpan<char> text, int at, Span<char> chars, out int consumed, out int written)
    {
        consumed = 2;
        written = 1;
        if (at + 1 >= text.Length)
        {
            return false;
        }

        switch (text[at + 1])
        {
            case '"' or '\\' or '/' or '\'':
                chars[0] = text[at + 1];
                return true;
            case 'n': chars[0] = '\n'; return true;
            case 'r': chars[0] = '\r'; return true;
            case 't': chars[0] = '\t'; return true;
            case 'b': chars[0] = '\b'; return true;
            case 'f': chars[0] = '\f'; return true;
            case 'a': chars[0] = '\a'; return true;
            case 'v': chars[0] = '\v'; return true;
            case 'u' when TryParseHex(text, at + 2, 4, out var unit):
                // A lone surrogate half is kept: JSON writes astral chars as two \u escapes, decoded one by one.
                consumed = 6;
                chars[0] = (char)unit;
                return true;
            case 'U' when TryParseHex(text, at + 2, 8, out var scalar) && Rune.IsValid(scalar):
                consumed = 10;
                written = new Rune(scalar).EncodeToUtf16(chars);
                return true;
            default:
                return false;
        }
    }

    private static bool TryParseHex(ReadOnlySpan<char> text, int at, int digits, out int value)
    {
        value = 0;
        return at + digits <= text.Length
               && int.TryParse(text.Slice(at, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
