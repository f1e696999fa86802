namespace PromscaleLauncher.Configuration;

/// <summary>Every environment variable the launcher reads (README "Environment variables").</summary>
internal static class EnvironmentVariableNames
{
    public const string ScalingoPostgresqlUrl = "SCALINGO_POSTGRESQL_URL";
    public const string DatabaseUrl = "DATABASE_URL";
    public const string WebAuthUsername = "PROMSCALE_WEB_AUTH_USERNAME";
    public const string WebAuthPassword = "PROMSCALE_WEB_AUTH_PASSWORD";
    public const string Port = "PORT";
    public const string ConnectionsMax = "PROMSCALE_DB_CONNECTIONS_MAX";
    public const string InstallExtensions = "PROMSCALE_STARTUP_INSTALL_EXTENSIONS";
    public const string UpgradeExtensions = "PROMSCALE_STARTUP_UPGRADE_EXTENSIONS";
    public const string PromscaleVersion = "PROMSCALE_VERSION";
    public const string PromscaleBinary = "PROMSCALE_BIN";

    public const string DbWait = "PROMSCALE_LAUNCHER_DB_WAIT";
    public const string Instances = "PROMSCALE_LAUNCHER_INSTANCES";
    public const string LogFormat = "PROMSCALE_LAUNCHER_LOG_FORMAT";
    public const string AllowInsecureDb = "PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB";
    public const string StopTimeout = "PROMSCALE_LAUNCHER_STOP_TIMEOUT";
    public const string DbHeadroom = "PROMSCALE_LAUNCHER_DB_HEADROOM";
    public const string Preflight = "PROMSCALE_LAUNCHER_PREFLIGHT";
    public const string BootWindow = "PROMSCALE_LAUNCHER_BOOT_WINDOW";
    public const string MaintenanceInterval = "PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL";
    public const string FirstInstall = "PROMSCALE_LAUNCHER_FIRST_INSTALL";

    // `promscale-launcher export`: the receiver's credentials, never on the command line (docs/export.md).
    public const string ExportUsername = "PROMSCALE_LAUNCHER_EXPORT_USERNAME";
    public const string ExportPassword = "PROMSCALE_LAUNCHER_EXPORT_PASSWORD";
    public const string ExportBearerToken = "PROMSCALE_LAUNCHER_EXPORT_BEARER_TOKEN";
    public const string ExportRetryTimeout = "PROMSCALE_LAUNCHER_EXPORT_RETRY_TIMEOUT";
    public const string WatchdogInterval = "PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL";
    public const string WatchdogFailures = "PROMSCALE_LAUNCHER_WATCHDOG_FAILURES";
    public const string DeployOverlap = "PROMSCALE_LAUNCHER_DEPLOY_OVERLAP";

    /// <summary>Scalingo's container name (web-1, web-2): this container's identity in Promscale's application_name.</summary>
    public const string Container = "CONTAINER";
}
