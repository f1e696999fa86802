using System.Globalization;
using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Launch;

/// <summary>
/// Promscale's whole configuration as environment variables — never arguments, since /proc/PID/cmdline is
/// world-readable. Starts from the launcher's environment so that the operator's other PROMSCALE_* settings
/// pass through untouched; removes what only the launcher reads (the addon URLs carry the DB password).
/// </summary>
internal static class PromscaleEnvironment
{
    public const string DbUri = "PROMSCALE_DB_URI";
    public const string ListenAddress = "PROMSCALE_WEB_LISTEN_ADDRESS";
    public const string InstallExtensions = "PROMSCALE_STARTUP_INSTALL_EXTENSIONS";
    public const string UpgradeExtensions = "PROMSCALE_STARTUP_UPGRADE_EXTENSIONS";

    /// <summary>Variables the launcher consumes and Promscale must not see.</summary>
    private static readonly string[] _launcherOnly =
    [
        EnvironmentVariableNames.ScalingoPostgresqlUrl, EnvironmentVariableNames.DatabaseUrl,
        EnvironmentVariableNames.PromscaleVersion, EnvironmentVariableNames.PromscaleBinary,
    ];

    /// <summary>
    /// The child's environment: name → value, where a null value removes a variable the launcher has.
    /// Operator-set connection variables (pool sizes, GOMAXPROCS) win over the budget's, with a warning by the caller.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Build(
        IReadOnlyDictionary<string, string> launcherEnvironment, LauncherSettings settings, LaunchPlan plan, out IReadOnlyList<string> operatorOverrides)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in launcherEnvironment.Keys)
        {
            if (_launcherOnly.Contains(name) || name.StartsWith("PROMSCALE_LAUNCHER_", StringComparison.Ordinal))
            {
                environment[name] = null;
            }
        }

        environment[DbUri] = plan.DatabaseUri.Reveal();
        environment[ListenAddress] = ":" + settings.Port.ToString(CultureInfo.InvariantCulture);
        environment[EnvironmentVariableNames.WebAuthUsername] = settings.WebAuthUsername;
        environment[EnvironmentVariableNames.WebAuthPassword] = settings.WebAuthPassword.Reveal();
        environment[InstallExtensions] = GoBool.Format(plan.InstallExtensions);
        environment[UpgradeExtensions] = GoBool.Format(plan.UpgradeExtensions);

        var overrides = new List<string>();
        foreach (var (name, value) in plan.ConnectionSettings)
        {
            var operatorValue = launcherEnvironment.GetValueOrDefault(name);
            if (!string.IsNullOrEmpty(operatorValue) && operatorValue != value && name != EnvironmentVariableNames.ConnectionsMax)
            {
                overrides.Add(name);
                continue;
            }
            environment[name] = value;
        }
        operatorOverrides = overrides;
        return environment;
    }
}
