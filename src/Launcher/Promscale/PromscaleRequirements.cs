namespace PromscaleLauncher.Promscale;

/// <summary>
/// What a Promscale version accepts from the database (docs/promscale.md §3.3, from pkg/version/version.go at each tag).
/// </summary>
internal sealed record PromscaleRequirements(
    PromscaleVersion Version,
    int PostgresMinimumMajor,
    int PostgresBelowMajor,
    bool TimescaleDbRequired,
    VersionRange TimescaleDbVersions,
    bool PromscaleExtensionRequired,
    VersionRange PromscaleExtensionVersions)
{
    public static PromscaleRequirements For(PromscaleVersion version) => version switch
    {
        { Minor: <= 10 } => new(version, 12, 15, false, new("1.7.3", "2.99.0"), false, new("0.1.0", "0.4.0")),
        { Minor: <= 12 } => new(version, 12, 15, false, new("2.6.1", "2.99.0"), true, new("0.5.0-alpha", "0.5.99")),
        { Minor: 13 } => new(version, 12, 15, false, new("2.6.1", "2.99.0"), true, new("0.5.4", "0.5.99")),
        { Minor: 14 } => new(version, 12, 15, false, new("2.6.1", "2.99.0"), true, new("0.6.0", "0.6.99")),
        { Minor: <= 16 } => new(version, 12, 15, true, new("2.6.1", "2.99.0"), true, new("0.7.0", "0.7.99")),
        _ => new(version, 12, 16, true, new("2.6.1", "2.99.0"), true, new("0.8.0", "0.8.99")),
    };

    public bool AcceptsPostgres(int major) => major >= PostgresMinimumMajor && major < PostgresBelowMajor;

    /// <summary>"12–14", for messages.</summary>
    public string PostgresRangeText => $"{PostgresMinimumMajor}–{PostgresBelowMajor - 1}";
}
