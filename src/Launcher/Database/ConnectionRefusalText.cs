namespace PromscaleLauncher.Database;

/// <summary>
/// Which limit a 53300 in Promscale's own words refused. Promscale's /healthz line passes the error as a logfmt key,
/// with its spaces stripped ("…(FATAL:remainingconnectionslotsarereserved…(SQLSTATE53300))=(MISSING)",
/// docs/promscale.md §4.2), so the text is compared without spaces.
/// </summary>
internal static class ConnectionRefusalText
{
    /// <summary>The limit <paramref name="text"/> names, or null when it is not a 53300 refusal.</summary>
    public static ConnectionLimit? Classify(string text)
    {
        // Cheap first test: every line Promscale writes passes here.
        if (!text.Contains("53300", StringComparison.Ordinal)
            && !text.Contains("too many c", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("toomanyc", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("remaining connection slots", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("remainingconnectionslots", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        // The four 53300 messages of InitPostgres and InitProcess (PostgreSQL 14–17 wording, timescaledb-observed.md §f).
        if (compact.Contains("toomanyconnectionsforrole", StringComparison.OrdinalIgnoreCase))
        {
            return ConnectionLimit.Role;
        }
        if (compact.Contains("toomanyconnectionsfordatabase", StringComparison.OrdinalIgnoreCase))
        {
            return ConnectionLimit.Database;
        }
        if (compact.Contains("remainingconnectionslotsarereserved", StringComparison.OrdinalIgnoreCase))
        {
            return ConnectionLimit.ReservedSlots;
        }
        if (compact.Contains("toomanyclients", StringComparison.OrdinalIgnoreCase) || compact.Contains("SQLSTATE53300", StringComparison.Ordinal))
        {
            return ConnectionLimit.MaxConnections;
        }
        return null;
    }
}
