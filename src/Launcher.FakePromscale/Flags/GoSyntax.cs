using System.Globalization;
using System.Text;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>The Go standard-library text rules the flag package relies on (strconv, time).</summary>
internal static class GoSyntax
{
    /// <summary>The error text of <c>flag</c>'s <c>numError</c> for syntax errors.</summary>
    public const string ParseError = "parse error";

    private static readonly string[] _trueSpellings = ["1", "t", "T", "TRUE", "true", "True"];
    private static readonly string[] _falseSpellings = ["0", "f", "F", "FALSE", "false", "False"];

    /// <summary><c>strconv.ParseBool</c>.</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        value = _trueSpellings.Contains(text, StringComparer.Ordinal);
        return value || _falseSpellings.Contains(text, StringComparer.Ordinal);
    }

    /// <summary><c>time.ParseDuration</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            return false;
        }

        decimal totalNanoseconds = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            var number = s[..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1)
            {
                return false;
            }

            s = s[i..];
            var j = 0;
            while (j < s.Length && !char.IsAsciiDigit(s[j]) && s[j] != '.')
            {
                j++;
            }

            var unit = s[..j];
            s = s[j..];
            var scale = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (scale < 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            totalNanoseconds += amount * scale;
            if (totalNanoseconds > long.MaxValue)
            {
                return false;
            }
        }

        var ticks = (long)(totalNanoseconds / 100m);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary><c>time.Duration.String()</c>: <c>1m0s</c>, <c>10m0s</c>, <c>1.5s</c>, <c>500ms</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var nanoseconds = duration.Ticks * 100;
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var u = (ulong)Math.Abs(nanoseconds);
        string text;
        if (u < 1_000_000_000)
        {
            // Sub-second: the largest unit that keeps a leading non-zero digit.
            var (divisor, unit) = u switch
            {
                < 1_000 => (1UL, "ns"),
                < 1_000_000 => (1_000UL, "µs"),
                _ => (1_000_000UL, "ms"),
            };
            text = FormatFraction(u, divisor) + unit;
        }
        else
        {
            var builder = new StringBuilder();
            var hours = u / 3_600_000_000_000;
            var rest = u % 3_600_000_000_000;
            var minutes = rest / 60_000_000_000;
            rest %= 60_000_000_000;
            if (hours > 0)
            {
                builder.Append(hours).Append('h');
            }

            if (hours > 0 || minutes > 0)
            {
                builder.Append(minutes).Append('m');
            }

            builder.Append(FormatFraction(rest, 1_000_000_000)).Append('s');
            text = builder.ToString();
        }

        return negative ? "-" + text : text;
    }

    /// <summary><c>strconv.Quote</c> (what <c>%q</c> prints).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\a':
                    builder.Append("\\a");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\v':
                    builder.Append("\\v");
                    break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (Rune.IsControl(rune) || rune.Value == 0xFFFD)
                    {
                        var escape = rune.Value > 0xFFFF ? $"\\U{rune.Value:x8}" : $"\\u{rune.Value:x4}";
                        builder.Append(escape);
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static string FormatFraction(ulong value, ulong divisor)
    {
        var whole = value / divisor;
        var fraction = value % divisor;
        if (fraction == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = divisor.ToString(CultureInfo.InvariantCulture).Length - 1;
        var fractionText = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + "." + fractionText;
    }
}
