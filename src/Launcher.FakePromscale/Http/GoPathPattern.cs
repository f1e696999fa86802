namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>Go's <c>path.Match</c>, used for <c>web.auth.ignore-path</c> (contract §2.3).</summary>
internal static class GoPathPattern
{
    public static bool Matches(string pattern, string name)
    {
        try
        {
            return Match(pattern, name);
        }
        catch (FormatException)
        {
            // path.ErrBadPattern: no match.
            return false;
        }
    }

    private static bool Match(string pattern, string name)
    {
        while (pattern.Length > 0)
        {
            var star = false;
            while (pattern.Length > 0 && pattern[0] == '*')
            {
                pattern = pattern[1..];
                star = true;
            }

            var chunk = ScanChunk(pattern);
            pattern = pattern[chunk.Length..];
            if (star && chunk.Length == 0)
            {
                // A trailing * matches the rest of the name unless it contains a '/'.
                return !name.Contains('/', StringComparison.Ordinal);
            }

            var rest = MatchChunk(chunk, name);
            if (rest is not null && (rest.Length == 0 || pattern.Length > 0))
            {
                name = rest;
                continue;
            }

            string? skipped = null;
            if (star)
            {
                for (var i = 0; i < name.Length && name[i] != '/'; i++)
                {
                    var left = MatchChunk(chunk, name[(i + 1)..]);
                    if (left is not null && (pattern.Length > 0 || left.Length == 0))
                    {
                        skipped = left;
                        break;
                    }
                }
            }

            if (skipped is null)
            {
                return false;
            }

            name = skipped;
        }

        return name.Length == 0;
    }

    /// <summary>The pattern up to the next unescaped <c>*</c> outside a range.</summary>
    private static string ScanChunk(string pattern)
    {
        var inRange = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\' when i + 1 < pattern.Length:
                    i++;
                    break;
                case '[':
                    inRange = true;
                    break;
                case ']':
                    inRange = false;
                    break;
                case '*' when !inRange:
                    return pattern[..i];
            }
        }

        return pattern;
    }

    /// <summary>The rest of <paramref name="s"/> after the chunk matched its start, or null.</summary>
    private static string? MatchChunk(string chunk, string s)
    {
        var c = 0;
        var p = 0;
        while (c < chunk.Length)
        {
            if (p >= s.Length)
            {
                return null;
            }

            switch (chunk[c])
            {
                case '[':
                    var r = s[p++];
                    c++;
                    var negated = c < chunk.Length && chunk[c] == '^';
                    if (negated)
                    {
                        c++;
                    }

                    var matched = false;
                    var count = 0;
                    while (true)
                    {
                        if (c < chunk.Length && chunk[c] == ']' && count > 0)
                        {
                            c++;
                            break;
                        }

                        var lo = Escaped(chunk, ref c);
                        var hi = lo;
                        if (c < chunk.Length && chunk[c] == '-')
                        {
                            c++;
                            hi = Escaped(chunk, ref c);
                        }

                        matched |= lo <= r && r <= hi;
                        count++;
                    }

                    if (matched == negated)
                    {
                        return null;
                    }

                    break;
                case '?':
                    if (s[p] == '/')
                    {
                        return null;
                    }

                    p++;
                    c++;
                    break;
                default:
                    if (chunk[c] == '\\')
                    {
                        c++;
                        if (c >= chunk.Length)
                        {
                            throw new FormatException("syntax error in pattern");
                        }
                    }

                    if (chunk[c] != s[p])
                    {
                        return null;
                    }

                    p++;
                    c++;
                    break;
            }
        }

        return s[p..];
    }

    private static char Escaped(string chunk, ref int index)
    {
        if (index >= chunk.Length || chunk[index] is '-' or ']')
        {
            throw new FormatException("syntax error in pattern");
        }

        if (chunk[index] == '\\')
        {
            index++;
            if (index >= chunk.Length)
            {
                throw new FormatException("syntax error in pattern");
            }
        }

        return chunk[index++];
    }
}
