namespace PromscaleLauncher.Configuration;

/// <summary>The settings when the environment is valid, and every problem and notice found on the way.</summary>
internal sealed record SettingsReadResult(
    LauncherSettings? Settings,
    IReadOnlyList<ConfigurationProblem> Problems,
    IReadOnlyList<ConfigurationNotice> Notices)
{
    /// <summary>The database URL with its password masked whenever the URL parsed, even if another variable failed.</summary>
    public string? MaskedDatabaseUrl { get; init; }

    public bool IsValid => Settings is not null && Problems.Count == 0;
}
