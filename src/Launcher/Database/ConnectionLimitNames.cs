namespace PromscaleLauncher.Database;

internal static class ConnectionLimitNames
{
    /// <summary>The stable name of a <see cref="ConnectionLimit"/> in a check's evidence (check --json: "limit").</summary>
    public static string ToEvidence(this ConnectionLimit limit) => limit switch
    {
        ConnectionLimit.Role => "role",
        ConnectionLimit.Database => "database",
        ConnectionLimit.ReservedSlots => "reserved_slots",
        _ => "max_connections",
    };
}
