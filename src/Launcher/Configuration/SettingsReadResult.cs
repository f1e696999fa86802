using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Configuration;

/// <summary>The settings when the environment is valid, and every problem and notice found on the way.</summary>
internal sealed record SettingsReadResult(
    LauncherSettings? Settings,
    IReadOnlyList<ConfigurationProblem> Problems,
    IReadOnlyList<ConfigurationNotice> Notices)
{
    /// <summary>The database URL with its password masked whenever the URL parsed, even if another variable failed.</summary>
    public string? MaskedDatabaseUrl { get; init; }

    /// <summary>The Promscale version asked for (0.10.0 by default), to name in reports even when the settings are invalid.</summary>
    public PromscaleVersion RequestedVersion { get; init; } = PromscaleVersion.V0_10_0;

    public bool IsValid => Settings is not null && Problems.Count == 0;
}
