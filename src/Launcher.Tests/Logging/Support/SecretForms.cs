using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PromscaleLauncher.Tests.Logging.Support;

/// <summary>The forms a child may print a secret in: raw, Go <c>%q</c>/<c>%+q</c>, logfmt, JSON (several encoders), percent-encoded, and double escapes.</summary>
internal static class SecretForms
{
    public static IReadOnlyList<string> Of(string secret) =>
    [
        secret,
        GoQuote(secret, asciiOnly: false),
        GoQuote(secret, asciiOnly: true),
        JsonEncodedText.Encode(secret).ToString(),
        JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
        JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString().Replace("/", "\\/", StringComparison.Ordinal),
        Uri.EscapeDataString(secret),
        LowerCaseHex(Uri.EscapeDataString(secret)),
        PercentEncodeEveryByte(secret),
        GoUserinfo(secret),
        Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal),
        JsonEncodedText.Encode(GoQuote(secret, asciiOnly: false)).ToString(),
        Uri.EscapeDataString(Uri.EscapeDataString(secret)),
        HexEscapeEveryByte(secret),
    ];

    // strconv.Quote (%q) without the quotes; QuoteToASCII (%+q) when asciiOnly. Secrets here hold only printable runes.
    public static string GoQuote(string secret, bool asciiOnly)
    {
        var output = new StringBuilder();
        foreach (var rune in secret.EnumerateRunes())
        {
            if (rune.Value == '"' || rune.Value == '\\')
            {
                output.Append('\\').Append((char)rune.Value);
            }
            else if (asciiOnly && rune.Value > 0x7f)
            {
                output.Append(rune.Value > 0xffff
                    ? "\\U" + rune.Value.ToString("x8", CultureInfo.InvariantCulture)
                    : "\\u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                output.Append(rune.ToString());
            }
        }
        return output.ToString();
    }

    private static string LowerCaseHex(string percentEncoded) =>
        System.Text.RegularExpressions.Regex.Replace(percentEncoded, "%[0-9A-F]{2}", match => match.Value.ToLowerInvariant());

    private static string PercentEncodeEveryByte(string secret) =>
        string.Concat(Encoding.UTF8.GetBytes(secret).Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)));

    private static string HexEscapeEveryByte(string secret) =>
        string.Concat(Encoding.UTF8.GetBytes(secret).Select(b => "\\x" + b.ToString("x2", CultureInfo.InvariantCulture)));

    // Go's url.UserPassword: unreserved and $&+,;= stay, everything else is %XX.
    private static string GoUserinfo(string secret)
    {
        var output = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(secret))
        {
            var c = (char)b;
            output.Append(b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-_.~$&+,;=".Contains(c, StringComparison.Ordinal))
                ? c.ToString()
                : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return output.ToString();
    }
}
