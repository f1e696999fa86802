using System.Globalization;
using System.Text;

namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>
/// go-kit's JSON logger: one object per line, keys sorted (a Go map through encoding/json), later duplicates win,
/// HTML characters not escaped.
/// </summary>
internal static class JsonLineEncoder
{
    public static string Encode(IReadOnlyList<LogField> fields)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            merged[field.Key] = field.Value ?? LogField.Missing;
        }

        var builder = new StringBuilder(160).Append('{');
        var first = true;
        foreach (var (key, value) in merged)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            AppendString(builder, key);
            builder.Append(':');
            AppendString(builder, value);
        }

        return builder.Append("}\n").ToString();
    }

    private static void AppendString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
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
                case < ' ' or '\u2028' or '\u2029':
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
