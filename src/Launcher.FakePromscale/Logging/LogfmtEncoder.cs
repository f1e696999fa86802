using System.Globalization;
using System.Text;

namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>go-logfmt as used by go-kit's logfmt logger.</summary>
internal static class LogfmtEncoder
{
    public static string Encode(IReadOnlyList<LogField> fields)
    {
        var builder = new StringBuilder(128);
        foreach (var field in fields)
        {
            // Keys lose the runes logfmt cannot carry (go-logfmt keyRuneFilter); an emptied key drops the pair.
            var key = new string(field.Key.Where(c => c > ' ' && c != '=' && c != '"' && c != '\uFFFD').ToArray());
            if (key.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(key).Append('=');
            AppendValue(builder, field.Value ?? LogField.Missing);
        }

        return builder.Append('\n').ToString();
    }

    private static void AppendValue(StringBuilder builder, string value)
    {
        if (value == "null")
        {
            builder.Append("\"null\"");
            return;
        }

        if (!value.Any(c => c <= ' ' || c == '=' || c == '"' || c == '\uFFFD'))
        {
            builder.Append(value);
            return;
        }

        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\' or '"':
                    builder.Append('\\').Append(c);
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
                case < ' ':
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }
}
