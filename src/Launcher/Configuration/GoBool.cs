namespace PromscaleLauncher.Configuration;

/// <summary>Booleans spelled as Go's strconv.ParseBool accepts them, since Promscale reads the same variables.</summary>
internal static class GoBool
{
    public const string Spellings = "1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False";

    public static bool TryParse(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Promscale's spelling when the launcher sets a flag through the environment.</summary>
    public static string Format(bool value) => value ? "true" : "false";
}
