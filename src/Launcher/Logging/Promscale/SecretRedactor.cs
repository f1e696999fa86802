using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Masks secrets in a line of Promscale output with <c>****</c>, before it is parsed or forwarded.
/// </summary>
/// <remarks>
/// <para>Two kinds of rules, found in one vectorized <see cref="SearchValues{T}"/> scan, so a line without any
/// of them costs one <c>IndexOfAny</c>:</para>
/// <list type="bullet">
/// <item>Known secrets (web basic-auth password, bearer token, DB password…), in every form they can take in a
/// line: as is, percent-encoded (upper- and lower-case hex, fully or only where a URL needs it, <c>+</c> for
/// space), escaped inside a logfmt quoted value and inside a Go JSON string. Overlapping occurrences are
/// masked as one, and so are a secret and a structural match that overlap. Empty secrets are ignored.
/// A line holding <c>\</c> or <c>%</c> is also decoded (<see cref="EscapedTextDecoder"/>, twice for double
/// escaping) and searched for the secrets, so any mix of Go <c>%q</c>, logfmt, JSON and percent escapes, chosen
/// char by char, is masked over the whole source range it spans. Secrets never hold control characters (the
/// configuration refuses them), so a secret never spans two lines.</item>
/// <item>Structure, when the secret is not known: the value after <c>BasicAuthPassword:</c> and
/// <c>BearerToken:</c> up to the next space or <c>}</c> (0.15+ prints both in clear text in the <c>config=</c>
/// line, docs/promscale.md §4.1; applied on every line, which only ever masks more), the password in any URL's
/// userinfo (<c>scheme://user:pass@host</c>), and the value after <c>password=</c> (conninfo, URL query,
/// logfmt) up to whitespace, <c>&amp;</c>, <c>#</c>, a quote or a backslash (or the closing <c>'</c> of a
/// quoted conninfo value).</item>
/// </list>
/// <para>Structural rules stop at the first space: a password with a space in it is only fully masked when
/// it is also a known secret. Immutable and thread-safe.</para>
/// </remarks>
internal sealed class SecretRedactor
{
    public const string Mask = "****";

    private const string BasicAuthPasswordField = "BasicAuthPassword:";
    private const string BearerTokenField = "BearerToken:";
    private const string UrlSchemeSeparator = "://";

    private static readonly string[] _passwordKeywords = ["password=", "Password=", "PASSWORD="];
    private static readonly SearchValues<char> _configValueEnd = SearchValues.Create(" }");
    private static readonly SearchValues<char> _urlAuthorityEnd = SearchValues.Create(WithWhitespace("/?#\"'\\<>"));
    private static readonly SearchValues<char> _passwordValueEnd = SearchValues.Create(WithWhitespace("&#\"'\\"));

    private readonly string[] _needles;
    private readonly NeedleKind[] _kinds;
    private readonly SearchValues<string> _search;

    // The known secrets as EscapedTextDecoder's output shows them, searched for in lines that hold an escape.
    private readonly string[] _decodedSecrets;

    public SecretRedactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var variants = new HashSet<string>(StringComparer.Ordinal);
        var decodedSecrets = new HashSet<string>(StringComparer.Ordinal);
        var longestEscaped = 0;
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                variants.UnionWith(FormsOf(secret));
                decodedSecrets.Add(EscapedTextDecoder.Normalize(secret));
                longestEscaped = Math.Max(longestEscaped, secret.Length * EscapedTextDecoder.MaxEscapedCharsPerChar);
            }
        }

        _decodedSecrets = [.. decodedSecrets.Order(StringComparer.Ordinal)];

        var needles = new List<(string Needle, NeedleKind Kind)>();
        needles.AddRange(variants.Order(StringComparer.Ordinal).Select(s => (s, NeedleKind.Secret)));
        needles.Add((BasicAuthPasswordField, NeedleKind.ConfigField));
        needles.Add((BearerTokenField, NeedleKind.ConfigField));
        needles.Add((UrlSchemeSeparator, NeedleKind.UrlAuthority));
        needles.AddRange(_passwordKeywords.Select(k => (k, NeedleKind.PasswordKeyword)));

        _needles = [.. needles.Select(n => n.Needle)];
        _kinds = [.. needles.Select(n => n.Kind)];
        _search = SearchValues.Create(_needles, StringComparison.Ordinal);
        LongestNeedleLength = Math.Max(_needles.Max(n => n.Length), longestEscaped);
    }

    /// <summary>Only the structural rules.</summary>
    public static SecretRedactor WithoutKnownSecrets { get; } = new([]);

    /// <summary>The longest text a match can start in: a needle, or a known secret escaped (twice) char by char.</summary>
    public int LongestNeedleLength { get; }

    private enum NeedleKind
    {
        Secret,
        ConfigField,
        UrlAuthority,
        PasswordKeyword,
    }

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryRedact(text, out var redacted) ? redacted : text;
    }

    /// <returns>False (and no allocation) when there is nothing to mask, the common case.</returns>
    public bool TryRedact(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? redacted)
    {
        redacted = null;
        if (!text.ContainsAny(_search) && !MayHoldEscapedSecret(text))
        {
            return false;
        }

        var matches = FindMatches(text);
        if (matches is null)
        {
            return false;
        }

        // Mask the union of all ranges: overlapping secrets, or a secret inside a structural key, leave nothing.
        matches.Sort(static (a, b) => a.MaskStart.CompareTo(b.MaskStart));
        var output = new StringBuilder(text.Length + Mask.Length);
        var copied = 0;
        var i = 0;
        while (i < matches.Count)
        {
            var maskStart = matches[i].MaskStart;
            var maskEnd = matches[i].MaskEnd;
            for (i++; i < matches.Count && matches[i].MaskStart <= maskEnd; i++)
            {
                maskEnd = Math.Max(maskEnd, matches[i].MaskEnd);
            }

            if (maskStart < copied)
            {
                maskStart = copied;
            }

            output.Append(text[copied..maskStart]).Append(Mask);
            copied = Math.Max(copied, maskEnd);
        }

        output.Append(text[copied..]);
        redacted = output.ToString();
        return true;
    }

    /// <summary>
    /// Where to cut <paramref name="text"/> into a first part of at most <paramref name="maxLength"/> chars so
    /// that no secret straddles the cut and the rest is redacted with the next part: the cut holds back <see cref="LongestNeedleLength"/> − 1 chars, then moves before any match
    /// that would straddle it (or whose value runs past the window). A structural value longer than the window
    /// cannot be kept whole. Never splits a surrogate pair. A text of at most <paramref name="maxLength"/> chars
    /// is returned whole: pass only complete lines, or text that is longer than a part.
    /// </summary>
    public int FindSafeSplit(ReadOnlySpan<char> text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text.Length;
        }

        var window = text[..maxLength];
        var split = Math.Max(maxLength - (LongestNeedleLength - 1), maxLength / 2);
        var matches = window.ContainsAny(_search) || MayHoldEscapedSecret(window) ? FindMatches(window) : null;
        var moved = matches is not null;
        while (moved)
        {
            moved = false;
            foreach (var match in matches!)
            {
                if (match.Start > 0 && match.Start < split && (match.MaskEnd > split || match.ValueUnterminated))
                {
                    split = match.Start;
                    moved = true;
                }
            }
        }

        if (split > 1 && char.IsHighSurrogate(text[split - 1]))
        {
            split--;
        }

        return split;
    }

    private bool MayHoldEscapedSecret(ReadOnlySpan<char> text) =>
        _decodedSecrets.Length > 0 && text.ContainsAny(EscapedTextDecoder.EscapeStarts);

    // Every match of every needle, at every position (not only the leftmost-longest), then the known secrets
    // in the decoded text.
    private List<Match>? FindMatches(ReadOnlySpan<char> text)
    {
        var matches = FindNeedleMatches(text);
        if (MayHoldEscapedSecret(text))
        {
            FindEscapedSecrets(text, ref matches);
        }

        return matches;
    }

    // Which decodings to try, as one or two passes: a literal "%41" in a secret that was only JSON-escaped must
    // not be percent-decoded, nor a literal "\n" in one that was only percent-encoded; and escapes nest
    // (JSON around logfmt, a percent-encoded URL inside JSON).
    private static readonly EscapeKinds[][] _decodings =
    [
        [EscapeKinds.Both], [EscapeKinds.Backslash], [EscapeKinds.Percent],
        [EscapeKinds.Backslash, EscapeKinds.Backslash], [EscapeKinds.Both, EscapeKinds.Both],
        [EscapeKinds.Backslash, EscapeKinds.Percent], [EscapeKinds.Percent, EscapeKinds.Backslash],
    ];

    private void FindEscapedSecrets(ReadOnlySpan<char> text, ref List<Match>? matches)
    {
        var hasBackslash = text.Contains('\\');
        var hasPercent = text.Contains('%');
        var n = text.Length;
        var chars = ArrayPool<char>.Shared.Rent(n * 2);
        var positions = ArrayPool<int>.Shared.Rent(n * 4);
        try
        {
            var first = chars.AsSpan(0, n);
            var firstStart = positions.AsSpan(0, n);
            var firstEnd = positions.AsSpan(n, n);
            var second = chars.AsSpan(n, n);
            var secondStart = positions.AsSpan(2 * n, n);
            var secondEnd = positions.AsSpan(3 * n, n);
            foreach (var passes in _decodings)
            {
                // A pass for an escape the line does not hold changes nothing that another decoding misses.
                if ((passes[0] == EscapeKinds.Backslash && !hasBackslash) || (passes[0] == EscapeKinds.Percent && !hasPercent))
                {
                    continue;
                }

                var length = EscapedTextDecoder.Decode(text, [], [], first, firstStart, firstEnd, passes[0]);
                if (passes.Length == 1)
                {
                    AddSecretsIn(first[..length], firstStart, firstEnd, ref matches);
                    continue;
                }

                var decoded = first[..length];
                if ((passes[1] == EscapeKinds.Percent && !decoded.Contains('%')) || (passes[1] != EscapeKinds.Percent && !decoded.ContainsAny(EscapedTextDecoder.EscapeStarts)))
                {
                    continue;
                }

                var secondLength = EscapedTextDecoder.Decode(decoded, firstStart, firstEnd, second, secondStart, secondEnd, passes[1]);
                AddSecretsIn(second[..secondLength], secondStart, secondEnd, ref matches);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<int>.Shared.Return(positions);
        }
    }

    private void AddSecretsIn(ReadOnlySpan<char> decoded, ReadOnlySpan<int> start, ReadOnlySpan<int> end, ref List<Match>? matches)
    {
        foreach (var secret in _decodedSecrets)
        {
            var from = 0;
            while (from < decoded.Length)
            {
                var found = decoded[from..].IndexOf(secret, StringComparison.Ordinal);
                if (found < 0)
                {
                    break;
                }

                var at = from + found;
                var maskStart = start[at];
                (matches ??= []).Add(new Match(maskStart, maskStart, end[at + secret.Length - 1], false));
                from = at + 1;
            }
        }
    }

    private List<Match>? FindNeedleMatches(ReadOnlySpan<char> text)
    {
        List<Match>? matches = null;
        var from = 0;
        while (from < text.Length)
        {
            var found = text[from..].IndexOfAny(_search);
            if (found < 0)
            {
                break;
            }

            var start = from + found;
            for (var n = 0; n < _needles.Length; n++)
            {
                if (text[start..].StartsWith(_needles[n], StringComparison.Ordinal)
                    && TryResolve(text, start, _needles[n].Length, _kinds[n], out var match))
                {
                    (matches ??= []).Add(match);
                }
            }

            from = start + 1;
        }

        return matches;
    }

    private bool TryResolve(ReadOnlySpan<char> text, int start, int needleLength, NeedleKind kind, out Match match)
    {
        match = default;
        switch (kind)
        {
            case NeedleKind.Secret:
                match = new Match(start, start, start + needleLength, false);
                return true;
            case NeedleKind.ConfigField:
                return TryValueUpTo(text, start, start + needleLength, _configValueEnd, out match);
            case NeedleKind.PasswordKeyword:
                var valueStart = start + needleLength;
                if (valueStart < text.Length && text[valueStart] == '\'')
                {
                    return TryQuotedConninfoValue(text, start, valueStart, out match);
                }

                return TryValueUpTo(text, start, valueStart, _passwordValueEnd, out match);
            case NeedleKind.UrlAuthority:
                return TryUrlPassword(text, start, start + needleLength, out match);
            default:
                return false;
        }
    }

    private static bool TryValueUpTo(ReadOnlySpan<char> text, int start, int valueStart, SearchValues<char> end, out Match match)
    {
        var length = text[valueStart..].IndexOfAny(end);
        var unterminated = length < 0;
        var valueEnd = unterminated ? text.Length : valueStart + length;
        return TryMaskValue(text, start, valueStart, valueEnd, unterminated, out match);
    }

    private static bool TryQuotedConninfoValue(ReadOnlySpan<char> text, int start, int quote, out Match match)
    {
        // libpq: 'value with spaces', \' and \\ escaped.
        var i = quote + 1;
        while (i < text.Length && text[i] != '\'')
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        var unterminated = i >= text.Length;
        return TryMaskValue(text, start, quote + 1, Math.Min(i, text.Length), unterminated, out match);
    }

    private static bool TryUrlPassword(ReadOnlySpan<char> text, int start, int authorityStart, out Match match)
    {
        match = default;
        var authorityLength = text[authorityStart..].IndexOfAny(_urlAuthorityEnd);
        var unterminated = authorityLength < 0;
        var authority = unterminated ? text[authorityStart..] : text.Slice(authorityStart, authorityLength);
        var at = authority.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var colon = authority[..at].IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        return TryMaskValue(text, start, authorityStart + colon + 1, authorityStart + at, unterminated, out match);
    }

    private static bool TryMaskValue(ReadOnlySpan<char> text, int start, int valueStart, int valueEnd, bool unterminated, out Match match)
    {
        var value = text[valueStart..valueEnd];
        if (value.IsEmpty || value.SequenceEqual(Mask))
        {
            match = default;
            return false;
        }

        match = new Match(start, valueStart, valueEnd, unterminated);
        return true;
    }

    // The forms a secret takes in a line (docs/promscale.md §4: logfmt quoting, JSON mode; DB URLs percent-encode).
    private static IEnumerable<string> FormsOf(string secret)
    {
        yield return secret;
        var encoded = Uri.EscapeDataString(secret);
        yield return encoded;
        yield return LowerCaseHex(encoded);
        var userinfo = PercentEncodeForUserinfo(secret);
        yield return userinfo;
        yield return LowerCaseHex(userinfo);
        yield return encoded.Replace("%20", "+", StringComparison.Ordinal);
        yield return EscapeForLogfmt(secret);
        yield return EscapeForGoJson(secret);
    }

    // Only what a URL's userinfo cannot hold as is (RFC 3986: unreserved and sub-delims stay).
    private static string PercentEncodeForUserinfo(string secret)
    {
        var output = new StringBuilder(secret.Length);
        foreach (var b in Encoding.UTF8.GetBytes(secret))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=".Contains(c, StringComparison.Ordinal)))
            {
                output.Append(c);
            }
            else
            {
                output.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return output.ToString();
    }

    private static string LowerCaseHex(string percentEncoded)
    {
        var chars = percentEncoded.ToCharArray();
        for (var i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] == '%')
            {
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
            }
        }

        return new string(chars);
    }

    // go-logfmt's quoted value escaping.
    private static string EscapeForLogfmt(string secret) => Escape(secret, htmlSafe: false);

    // Go encoding/json, which also escapes <, >, & and U+2028/U+2029.
    private static string EscapeForGoJson(string secret) => Escape(secret, htmlSafe: true);

    private static string Escape(string secret, bool htmlSafe)
    {
        var output = new StringBuilder(secret.Length);
        foreach (var c in secret)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case < ' ':
                case '<' or '>' or '&' or '\u2028' or '\u2029' when htmlSafe:
                    output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: output.Append(c); break;
            }
        }

        return output.ToString();
    }

    private static string WithWhitespace(string chars)
    {
        var output = new StringBuilder(chars);
        for (var c = '\0'; c <= ' '; c++)
        {
            output.Append(c);
        }

        return output.ToString();
    }

    // Start: where the needle was found; the mask covers [MaskStart, MaskEnd).
    private readonly record struct Match(int Start, int MaskStart, int MaskEnd, bool ValueUnterminated);
}
