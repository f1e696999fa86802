using System.Text;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>
/// The part of YAML a Promscale <c>config.yml</c> uses: block mappings (flat dotted keys or nested), scalars
/// (plain, single- or double-quoted), block and flow sequences, comments. Anything else is a load error.
/// </summary>
internal static class YamlConfigReader
{
    public static IReadOnlyList<ConfigFileEntry> Parse(string text)
    {
        var entries = new List<ConfigFileEntry>();
        var path = new List<(int Indent, string Key)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? pendingSequenceKey = null;
        var pendingSequenceIndent = -1;
        var pendingSequenceNested = false;
        var pendingItems = new List<string>();

        void FlushSequence()
        {
            if (pendingSequenceKey is not null)
            {
                entries.Add(new ConfigFileEntry(pendingSequenceKey, pendingItems.ToList(), pendingSequenceNested));
            }

            pendingSequenceKey = null;
            pendingItems.Clear();
        }

        for (var number = 1; number <= lines.Length; number++)
        {
            var raw = StripComment(lines[number - 1]).TrimEnd();
            if (raw.Trim().Length == 0 || raw.Trim() is "---" or "...")
            {
                continue;
            }

            if (raw.Contains('\t', StringComparison.Ordinal) && raw.TrimStart(' ').StartsWith('\t'))
            {
                throw new FormatException($"yaml: line {number}: found character that cannot start any token");
            }

            var indent = raw.Length - raw.TrimStart(' ').Length;
            var content = raw.Trim();

            if (content.StartsWith("- ", StringComparison.Ordinal) || content == "-")
            {
                if (pendingSequenceKey is null || indent < pendingSequenceIndent)
                {
                    throw new FormatException($"yaml: line {number}: did not find expected key");
                }

                pendingItems.Add(ParseScalar(content.Length > 1 ? content[2..].Trim() : string.Empty, number));
                continue;
            }

            FlushSequence();
            var colon = FindKeySeparator(content);
            if (colon < 0)
            {
                throw new FormatException($"yaml: line {number}: could not find expected ':'");
            }

            var key = ParseScalar(content[..colon].Trim(), number).ToLowerInvariant();
            var value = content[(colon + 1)..].Trim();
            while (path.Count > 0 && path[^1].Indent >= indent)
            {
                path.RemoveAt(path.Count - 1);
            }

            var fullKey = path.Count == 0 ? key : string.Join('.', path.Select(p => p.Key)) + "." + key;
            var nested = path.Count > 0;
            if (value.Length == 0)
            {
                // Either a nested mapping or a block sequence follows, or the value is null.
                var next = NextContentLine(lines, number);
                if (next is not null && (Indent(next) > indent || (Indent(next) == indent && next.Trim().StartsWith('-'))))
                {
                    if (next.Trim().StartsWith('-'))
                    {
                        pendingSequenceKey = fullKey;
                        pendingSequenceIndent = indent;
                        pendingSequenceNested = nested;
                    }
                    else
                    {
                        path.Add((indent, key));
                    }

                    continue;
                }

                entries.Add(new ConfigFileEntry(fullKey, [string.Empty], nested));
                continue;
            }

            if (value.StartsWith('[') && value.EndsWith(']'))
            {
                var items = value[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(item => ParseScalar(item, number)).ToList();
                entries.Add(new ConfigFileEntry(fullKey, items, nested));
                continue;
            }

            entries.Add(new ConfigFileEntry(fullKey, [ParseScalar(value, number)], nested));
        }

        FlushSequence();
        return entries;
    }

    private static string? NextContentLine(string[] lines, int afterLineNumber)
    {
        for (var i = afterLineNumber; i < lines.Length; i++)
        {
            var candidate = StripComment(lines[i]).TrimEnd();
            if (candidate.Trim().Length > 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static int FindKeySeparator(string content)
    {
        var quote = '\0';
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '"' or '\'' && i == 0)
            {
                quote = c;
                continue;
            }

            if (c == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
            {
                return i;
            }
        }

        return -1;
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t'))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string ParseScalar(string text, int lineNumber)
    {
        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'')
        {
            return text[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            var builder = new StringBuilder();
            var inner = text[1..^1];
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] != '\\' || i + 1 == inner.Length)
                {
                    builder.Append(inner[i]);
                    continue;
                }

                i++;
                builder.Append(inner[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    _ => throw new FormatException($"yaml: line {lineNumber}: found unknown escape character while parsing a quoted scalar"),
                });
            }

            return builder.ToString();
        }

        if (text is "~" or "null" or "Null" or "NULL")
        {
            return string.Empty;
        }

        return text;
    }
}
