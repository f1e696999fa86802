namespace PromscaleLauncher.Configuration;

/// <summary>
/// Names the kind of control character a value holds, for a configuration problem about a secret: the name
/// says what to remove without quoting the secret or where in it the character is.
/// </summary>
internal static class ControlCharacterNames
{
    /// <summary>
    /// The kind of the first control character in <paramref name="value"/> (C0, DEL, C1, or the Unicode line
    /// and paragraph separators, which some log viewers break lines on), or null when there is none.
    /// </summary>
    public static string? FindKind(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return Describe(c);
            }
        }
        return null;
    }

    private static string Describe(char c) => c switch
    {
        '\n' => "a newline (control character)",
        '\r' => "a carriage return (control character)",
        '\t' => "a tab (control character)",
        '\0' => "a NUL (control character)",
        '\u001b' => "an escape character (control character)",
        '\u007f' => "a DEL (control character)",
        '\u0085' => "a next-line character (control character U+0085)",
        '\u2028' => "a line separator (U+2028)",
        '\u2029' => "a paragraph separator (U+2029)",
        _ => $"a control character (U+{(int)c:X4})",
    };
}
