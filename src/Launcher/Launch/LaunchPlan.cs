using PromscaleLauncher.Configuration;
using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Launch;

/// <summary>
/// What the preflight decided for Promscale, ready to be turned into its environment by the supervisor:
/// the sslmode-fixed URI (with application_name and connect_timeout), the connection settings that
/// really bound its connections for this version, and the extension flags.
/// </summary>
internal sealed record LaunchPlan(
    PromscaleVersion Version,
    SecretString DatabaseUri,
    IReadOnlyDictionary<string, string> ConnectionSettings,
    bool InstallExtensions,
    bool UpgradeExtensions);
